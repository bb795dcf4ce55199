"""The drill's verdict after the load (deploy/drill_checks.py verify): what the users saw
(events.jsonl from deploy/locustfile.py) held against what the database kept, plus nginx's
access log for the retries, then the table of request types. Django is set up by the caller."""

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from crm.models import Account, Opportunity, Order, Payment
from crm.models.payments import PaymentStatus
from crm.services.orders import status_for

# What a user may meet: the page, the saved write, the stale-record message, a rule's message.
# error_clear (nginx's "briefly unavailable" page) is allowed for a write in flight when its
# instance stops, if the write then turns out whole or absent; anything else is a failure.
ANSWERED = {"ok", "saved", "conflict", "refused"}
RETRIED = re.compile(r'"(\S+) (\S+) [^"]*" (\d+) .*upstream=(\S+, \S+)')


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, round(share * len(ordered) + 0.4999))  # nearest rank
    return ordered[min(rank, len(ordered)) - 1]


def _applied(events: list[dict], key: str, ids) -> dict:
    """Per record: the writes the user was told were saved, and the in-doubt ones (error)."""
    by_record = {pk: {"saved": [], "doubt": []} for pk in ids}
    for event in events:
        if event[key] in by_record and event["outcome"] in ("saved", "error_clear"):
            bucket = "saved" if event["outcome"] == "saved" else "doubt"
            by_record[event[key]][bucket].append(event)
    return by_record


def _check_versioned(check, label, before, applied, final, history_of):
    """No lost update: every accepted write is in the history and nothing else is, each was
    made on a distinct version, the version moved one step per applied write, and the row
    ends as the last applied write left it. One line per kind of record."""
    problems, kept, through = [], 0, 0
    for pk, writes in applied.items():
        recorded = history_of(pk)
        saved = {w["marker"] for w in writes["saved"]}
        doubt = {w["marker"] for w in writes["doubt"]} - saved
        # One write per recorded marker. Two users can send the same move (same version, same
        # stage); when one was told "saved" and the other met the error page, the version lets
        # only one through, and it is the saved one: the other is absent, not a second write.
        by_marker = {w["marker"]: w for w in writes["doubt"] + writes["saved"]}
        applied_writes = [w for marker, w in by_marker.items() if marker in recorded]
        versions = [w["version"] for w in applied_writes]
        kept += len(saved & recorded)
        through += len(recorded & doubt)
        if not saved <= recorded:
            problems.append(f"{pk}: accepted but lost {sorted(saved - recorded)}")
        if not recorded <= saved | doubt:
            problems.append(f"{pk}: written but never accepted {sorted(recorded - saved - doubt)}")
        if len(versions) != len(set(versions)):
            problems.append(f"{pk}: two writes made on the same version {sorted(versions)}")
        start, end = before[str(pk)]["version"], final[pk]["version"]
        if end != start + len(versions):
            problems.append(f"{pk}: version {start} -> {end} after {len(versions)} writes")
        if applied_writes:
            last = max(applied_writes, key=lambda w: w["version"])
            if final[pk]["marker"] != last["marker"]:
                problems.append(f"{pk}: holds {final[pk]['marker']}, not {last['marker']}")
    note = f"; {through} answered with an error went through whole" if through else ""
    check(
        not problems,
        f"{label}: {kept} accepted writes on {len(applied)} rows all kept, none lost or doubled, "
        f"one version step each, rows hold the last write{note}"
        + (f" -- {'; '.join(problems)}" if problems else ""),
    )


def _payments(check, plan: dict, events: list[dict]) -> None:
    logged = [e for e in events if e["kind"] == "POST payment"]
    saved = {e["reference"]: e for e in logged if e["outcome"] == "saved"}
    doubt = {e["reference"]: e for e in logged if e["outcome"] == "error_clear"}
    rows = dict(
        Payment.objects.filter(
            transaction_id__startswith="drill-", status=PaymentStatus.COMPLETED
        ).values_list("transaction_id", "amount")
    )
    went_through = set(rows) & set(doubt)
    check(
        set(saved) <= set(rows) <= set(saved) | set(doubt),
        f"payments: {len(saved)} logged = {len(rows)} in the database"
        + (f" ({len(went_through)} answered with an error went through)" if went_through else ""),
    )
    check(
        all(Decimal(saved[ref]["amount"]) == rows.get(ref) for ref in saved),
        "payments: every amount as typed",
    )
    sum_logged = sum((Decimal(e["amount"]) for e in list(saved.values())), Decimal(0))
    sum_logged += sum((Decimal(doubt[ref]["amount"]) for ref in went_through), Decimal(0))
    check(
        sum(rows.values(), Decimal(0)) == sum_logged,
        f"payments: sum of completed drill payments {sum(rows.values(), Decimal(0))} "
        f"= sum logged by the users {sum_logged}",
    )
    for row in (
        Order.objects.with_totals()
        .filter(pk__in=plan["orders"])
        .values("pk", "total", "amount_paid", "status")
    ):
        before = Decimal(plan["before"]["orders"][str(row["pk"])]["paid"] or 0)
        mine = sum(
            (
                Decimal(e["amount"])
                for e in logged
                if e["order"] == row["pk"] and e["reference"] in rows
            ),
            Decimal(0),
        )
        expected = status_for(total=row["total"] or 0, paid=row["amount_paid"] or 0)
        check(
            (row["amount_paid"] or 0) == before + mine and row["status"] == expected,
            f"order {row['pk']}: paid {before} + {mine} = {row['amount_paid']}, "
            f"status {row['status']} (SPEC rule: {expected})",
        )


def _table(events: list[dict], killed_at: float, retried: Counter) -> None:
    print(
        "\n  request type        count  failed  clear err  p50 ms  p95 ms  max ms"
        "  after stop (failed)"
    )
    for kind in [*sorted({e["kind"] for e in events}), "all"]:
        rows = [e for e in events if kind in (e["kind"], "all")]
        failed = [e for e in rows if e["outcome"] not in ANSWERED | {"error_clear"}]
        clear = [e for e in rows if e["outcome"] == "error_clear"]
        after = [e for e in rows if e["end"] >= killed_at]
        after_failed = [e for e in after if e["outcome"] not in ANSWERED]
        ms = [e["ms"] for e in rows]
        print(
            f"  {kind:<18} {len(rows):>6} {len(failed):>7} {len(clear):>10} "
            f"{_percentile(ms, 0.5):>7.0f} {_percentile(ms, 0.95):>7.0f} {max(ms):>7.0f}"
            f"  {len(after):>10} ({len(after_failed)})"
        )
    outcomes = Counter(e["outcome"] for e in events)
    print(f"  outcomes: {dict(sorted(outcomes.items()))}")
    print(f"  nginx retried on the other instance: {sum(retried.values())} {dict(retried)}\n")


def _availability(check, events: list[dict], killed_at: float) -> None:
    after = [e for e in events if e["end"] >= killed_at]
    check(len(events) > 200 and len(after) > 50, f"{len(events)} requests, {len(after)} after stop")
    check(
        not [e for e in events if e["outcome"] == "signed_out"],
        "sessions survived: nobody was signed out, whichever instance answered",
    )
    # Only answers name an instance; a failed health check is counted with the failed reads.
    health = [e for e in events if e["kind"] == "GET health" and e["instance"]]
    before = {e["instance"] for e in health if e["end"] < killed_at}
    later = {e["instance"] for e in health if e["start"] > killed_at + 1}
    check(before == {"app-a", "app-b"}, f"both instances answered before the stop {sorted(before)}")
    check(later <= {"app-a"}, f"only app-a answered after the stop {sorted(later)}")
    reads = [e for e in events if e["kind"].startswith("GET")]
    failed = [e for e in reads if e["outcome"] not in ANSWERED]
    late = sum(e["end"] >= killed_at for e in reads)
    check(not failed, f"no failed read (GET): {len(reads)} reads, {late} after the stop")
    writes = [e for e in events if e["kind"].startswith("POST")]
    unexpected = [e for e in writes if e["outcome"] not in ANSWERED | {"error_clear"}]
    clear = sum(e["outcome"] == "error_clear" for e in writes)
    check(
        not unexpected,
        f"every write saved, refused or a conflict, or a clear error ({clear}); "
        f"{len(unexpected)} unexpected",
    )


def _edits(check, plan: dict, events: list[dict]) -> None:
    edits = [e for e in events if e["kind"] == "POST edit"]
    final = {
        row["pk"]: {"version": row["version"], "marker": row["description"]}
        for row in Account.objects.filter(pk__in=plan["accounts"]).values(
            "pk", "version", "description"
        )
    }

    def history(pk):
        rows = Account.history.filter(id=pk, description__startswith="drill-edit-")
        return set(rows.values_list("description", flat=True))

    applied = _applied(edits, "account", plan["accounts"])
    _check_versioned(check, "account edits", plan["before"]["accounts"], applied, final, history)
    saved = sum(e["outcome"] == "saved" for e in edits)
    conflicts = sum(e["outcome"] == "conflict" for e in edits)
    print(f"  edits: {saved} saved, {conflicts} got the stale-record message")


def _moves(check, plan: dict, events: list[dict]) -> None:
    """A move is known by the version it was made on and its stage ("3:proposal")."""
    moves = [
        dict(e, marker=f"{e['version']}:{e['stage']}")
        for e in events
        if e["kind"] == "POST kanban move"
    ]
    before = plan["before"]["opportunities"]
    final = {
        row["pk"]: {"version": row["version"], "marker": f"{row['version'] - 1}:{row['stage']}"}
        for row in Opportunity.objects.filter(pk__in=plan["opportunities"]).values(
            "pk", "version", "stage"
        )
    }

    def history(pk):
        rows = Opportunity.history.filter(id=pk, version__gt=before[str(pk)]["version"])
        return {f"{version - 1}:{stage}" for version, stage in rows.values_list("version", "stage")}

    applied = _applied(moves, "opportunity", plan["opportunities"])
    _check_versioned(check, "Kanban moves", before, applied, final, history)


def verify(work: Path, check) -> None:
    plan = json.loads((work / "plan.json").read_text())
    events = [json.loads(line) for line in (work / "events.jsonl").read_text().splitlines()]
    killed_at = float((work / "killed_at").read_text())
    retried = Counter()
    for line in (work / "nginx" / "access.log").read_text().splitlines():
        match = RETRIED.search(line)
        if match:
            retried[f"{match.group(1)} {match.group(3)}"] += 1
    _table(events, killed_at, retried)
    _availability(check, events, killed_at)
    _edits(check, plan, events)
    _moves(check, plan, events)
    _payments(check, plan, events)
