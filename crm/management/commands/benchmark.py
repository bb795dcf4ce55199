"""Time every sales page on the SPEC §10 data set, through the real middleware stack.

    DATABASE_URL=postgres://…/crm_bench python manage.py benchmark --seed   # once, ~2 min
    DATABASE_URL=postgres://…/crm_bench python manage.py benchmark [--runs 30] [--json]

Requests go through Django's test client signed in as the benchmark admin, with ``DEBUG``
off, so times are server-side (no network, no browser). Queries are counted per request. The
process's start-up heap is set aside from garbage collection first, as a server process's is
(config/heap.py), so the times include the collections a server makes and no more."""

import json
import logging
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from config.heap import settle
from crm.benchmark import seed
from crm.benchmark.pages import Page, all_pages, find_targets
from crm.models import Account, Contact, Lead, User
from crm.models.catalog import Product
from crm.models.marketing import Campaign
from crm.models.opportunities import Opportunity

REAL_DATA = (
    "This database holds data that the benchmark did not create ({what}). "
    "Seed only an empty scratch database, e.g. createdb crm_bench."
)


def real_data() -> str | None:
    """What in the database is not benchmark data, or None when it is empty or all bench."""
    bench = f"@{seed.BENCH_DOMAIN}"
    if User.objects.exclude(email__endswith=bench).exists():
        return "users"
    for model in (Account, Contact, Lead, Opportunity, Product, Campaign):
        if model.objects.exclude(owner__email__endswith=bench).exists():
            return model._meta.verbose_name_plural
    return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Seed the SPEC §10 data set (--seed) or time every sales page on it."

    def add_arguments(self, parser):
        parser.add_argument("--seed", action="store_true", help="Fill an empty scratch database.")
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of SPEC sizes.")
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page.")
        parser.add_argument("--warmups", type=int, default=3)
        parser.add_argument("--only", default="", help="Time only pages whose label contains this.")
        parser.add_argument("--json", action="store_true", help="Print results as JSON.")

    def handle(self, *args, **options):
        if options["seed"]:
            return self._seed(options["scale"])
        try:
            targets = find_targets()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        pages = [p for p in all_pages(targets) if options["only"].lower() in p.label.lower()]
        client = Client()
        client.force_login(targets.user)
        settle()
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        request_log = logging.getLogger("crm.request")
        level, request_log.level = request_log.level, logging.WARNING
        try:
            with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
                results = [self._measure(client, page, options) for page in pages]
        finally:
            request_log.setLevel(level)
        if options["json"]:
            self.stdout.write(json.dumps({"vendor": connection.vendor, "pages": results}, indent=2))
        else:
            self._table(results, options["runs"])

    def _seed(self, scale: float) -> None:
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        found = real_data()
        if found:
            raise CommandError(REAL_DATA.format(what=found))
        if Account.objects.exists():
            raise CommandError("Benchmark data is already seeded; recreate the database to reseed.")
        started = time.perf_counter()

        def progress(name: str, count: int) -> None:
            elapsed = time.perf_counter() - started
            self.stdout.write(f"  {name:15} {count:>8,}  ({elapsed:5.1f} s)")

        seed.run(scale=scale, progress=progress)
        if connection.vendor == "postgresql":
            # The tables as autovacuum keeps them in production — fresh planner statistics and
            # a visibility map (which lets a count read the index alone): the timings should
            # not depend on whether autovacuum has caught up with the bulk load yet.
            # VACUUM cannot run inside a transaction (a test's): there, statistics only.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                cursor.execute(command)
        self.stdout.write(f"Seeded in {time.perf_counter() - started:.1f} s.")

    def _measure(self, client: Client, page: Page, options: dict) -> dict:
        timings, queries, size, status = [], 0, 0, None
        warmups, runs = options["warmups"], options["runs"]
        if page.runs is not None:
            warmups, runs = 0, min(runs, page.runs)
        for run in range(warmups + runs):
            prepared = page.prepare(client)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = page.call(client, prepared)
                elapsed = (time.perf_counter() - started) * 1000
            status = response.status_code
            if status != page.expect:
                break
            if run >= warmups:
                timings.append(elapsed)
                queries = len(captured.captured_queries)
                size = getattr(response, "_bench_bytes", None) or len(response.content)
        result = {"page": page.label, "status": status, "queries": queries, "bytes": size}
        if status != page.expect or not timings:
            return {**result, "error": f"answered {status}, expected {page.expect}"}
        return {
            **result,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
        }

    def _table(self, results: list[dict], runs: int) -> None:
        self.stdout.write(f"{connection.vendor}, {runs} runs per page, server-side times")
        self.stdout.write(f"{'Page':42} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'bytes':>10}")
        for row in results:
            if "error" in row:
                self.stdout.write(f"{row['page']:42} {row['error']}")
                continue
            self.stdout.write(
                f"{row['page']:42} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
                f"{row['queries']:8} {row['bytes']:10,}"
            )
