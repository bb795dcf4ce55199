"""Seed a pipeline-sized data set and time the Kanban board and the opportunity list.

    DATABASE_URL=postgres://…/crm_bench python manage.py benchmark_pipeline --open 2000

Prints p50/p95 server time (Django test client, in-process, so no network) and the number
of SQL queries per request. Seeding uses bulk inserts into whatever database is configured:
point it at a scratch database, not production."""

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from djmoney.money import Money

from crm.models import Account, User
from crm.models.catalog import Product
from crm.models.opportunities import OPEN_STAGES, STAGE_PROBABILITY, Opportunity
from crm.models.opportunity_lines import OpportunityLineItem

PREFIX = "Bench "


class Command(BaseCommand):
    help = "Seed N open opportunities (3 lines each) and time the pipeline board and list."

    def add_arguments(self, parser):
        parser.add_argument("--open", type=int, default=2000, dest="open_count")
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, open_count, runs, **options):
        user = self._bench_user()
        self._seed(open_count, user)
        client = Client()
        client.force_login(user)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        # DEBUG=True only to count queries (connection.queries); the pages render the same.
        with override_settings(DEBUG=True, ALLOWED_HOSTS=hosts):
            self._run_all(client, runs)

    def _run_all(self, client: Client, runs: int) -> None:
        for label, url in [
            ("pipeline board", "/portal/pipeline/"),
            ("opportunity list", "/crm/opportunity/"),
            ("opportunity list, open only", "/crm/opportunity/?stage=open"),
        ]:
            self._time(client, label, url, runs)

    def _bench_user(self) -> User:
        user = User.objects.filter(email="bench@agency.example").first()
        return user or User.objects.create_user(
            "bench@agency.example", None, first_name="Bench", last_name="Admin", role="admin"
        )

    def _seed(self, open_count: int, user: User) -> None:
        existing = Opportunity.objects.open().filter(name__startswith=PREFIX).count()
        missing = open_count - existing
        if missing <= 0:
            self.stdout.write(f"{existing} open bench opportunities already present.")
            return
        rng = random.Random(7)
        accounts = Account.objects.bulk_create(
            Account(name=f"{PREFIX}Client {i:05d}", owner=user) for i in range(max(missing // 4, 1))
        )
        products = list(Product.objects.active()) or Product.objects.bulk_create(
            Product(
                name=f"{PREFIX}Service {i}",
                product_code=f"BENCH-{i}",
                owner=user,
                standard_list_price=Money(100 * (i + 1), "USD"),
            )
            for i in range(10)
        )
        today = timezone.localdate()
        opportunities = []
        for i in range(missing):
            stage = OPEN_STAGES[i % len(OPEN_STAGES)]
            opportunity = Opportunity(
                name=f"{PREFIX}Deal {existing + i:05d}",
                account=accounts[i % len(accounts)],
                owner=user,
                close_date=today + datetime.timedelta(days=rng.randint(0, 180)),
                probability=STAGE_PROBABILITY[stage],
            )
            opportunity.__dict__["stage"] = stage  # bulk seeding bypasses the FSM on purpose
            opportunities.append(opportunity)
        Opportunity.objects.bulk_create(opportunities, batch_size=1000)
        OpportunityLineItem.objects.bulk_create(
            (
                OpportunityLineItem(
                    opportunity=o,
                    product=rng.choice(products),
                    quantity=Decimal(rng.randint(1, 5)),
                    sale_price=Money(rng.randint(100, 5000), "USD"),
                )
                for o in opportunities
                for _ in range(3)
            ),
            batch_size=3000,
        )
        self.stdout.write(f"Seeded {missing} open opportunities with {3 * missing} line items.")

    def _time(self, client: Client, label: str, url: str, runs: int) -> None:
        client.get(url, secure=True)  # warm caches, templates and the connection
        timings, queries = [], 0
        for _ in range(runs):
            reset_queries()
            started = time.perf_counter()
            response = client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            queries = len(connection.queries)
            if response.status_code != 200:
                self.stderr.write(f"{url} answered {response.status_code}")
                return
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
        self.stdout.write(
            f"{label:32} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   "
            f"{queries} queries   ({connection.vendor}, {runs} runs)"
        )
