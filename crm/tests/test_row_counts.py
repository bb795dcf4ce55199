"""Row counts PostgreSQL keeps for the largest tables (migration 0029, crm.selectors.row_counts,
crm.services.row_counts): exact after every kind of write, in every snapshot, through folding
and truncation; the lists read them instead of counting the whole table."""

import importlib

import psycopg
import pytest
from django.db import connection, transaction
from django.db.migrations.state import StateApps
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from crm.admin.kit import deep_pages
from crm.models import Activity, Invoice, Opportunity, Order, Payment
from crm.selectors.row_counts import COUNTED, counts_whole_table, table_count
from crm.services.row_counts import fold_row_count
from crm.tests.factories import InvoiceFactory, PaymentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def kept(model) -> int | None:
    count = table_count(model)
    return None if count is None else count.rows


def pieces(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM crm_row_count_delta WHERE table_name = %s",
            [model._meta.db_table],
        )
        return cursor.fetchone()[0]


def built_tasks(owner, number: int) -> list[Activity]:
    tasks = [TaskFactory.build(owner=owner, assigned_to=owner) for _ in range(number)]
    for task in tasks:
        task.activity_date = task._when()  # what save() sets; bulk_create skips save()
    return tasks


def test_the_count_follows_every_insert_and_delete(postgres_only, crm_admin):
    steps = [
        lambda: TaskFactory(owner=crm_admin),
        lambda: Activity.objects.bulk_create(built_tasks(crm_admin, 3)),  # one statement
        lambda: Activity.objects.order_by("pk").first().delete(),
        lambda: Activity.objects.filter(pk__in=Activity.objects.values("pk")[:2]).delete(),
        lambda: Activity.objects.filter(pk=-1).delete(),  # deletes nothing
    ]
    assert kept(Activity) == Activity.objects.count() == 0
    for number, step in enumerate(steps):
        step()
        assert kept(Activity) == Activity.objects.count(), number
    assert Activity.objects.count() == 1


def test_payments_invoices_deals_and_orders_are_counted_too(postgres_only):
    PaymentFactory()  # made on an order, made from a won deal
    InvoiceFactory()
    for model in (Payment, Invoice, Opportunity, Order):
        assert kept(model) == model.objects.count() > 0, model
    assert {model._meta.db_table for model in (Activity, Payment, Invoice, Opportunity, Order)} == (
        COUNTED
    )


def test_a_rolled_back_write_is_not_counted(postgres_only, crm_admin):
    TaskFactory(owner=crm_admin)
    with pytest.raises(RuntimeError), transaction.atomic():
        TaskFactory(owner=crm_admin)
        assert kept(Activity) == 2  # the writer sees its own rows counted
        raise RuntimeError
    assert kept(Activity) == Activity.objects.count() == 1


def test_folding_keeps_the_count_in_one_row(postgres_only, crm_admin):
    for _ in range(5):
        TaskFactory(owner=crm_admin)
    Activity.objects.order_by("pk").first().delete()
    assert pieces(Activity) == 7  # the migration's starting row, five inserts, one delete
    fold_row_count(Activity)
    assert pieces(Activity) == 1
    assert kept(Activity) == Activity.objects.count() == 4
    TaskFactory(owner=crm_admin)
    assert kept(Activity) == 5


@pytest.mark.django_db(transaction=True)
def test_another_users_uncommitted_write_is_neither_counted_nor_folded(postgres_only, crm_admin):
    for _ in range(3):
        TaskFactory(owner=crm_admin)
    first = Activity.objects.order_by("pk").first()
    other = psycopg.connect(**connection.get_connection_params())
    try:
        other.execute("DELETE FROM crm_activity WHERE id = %s", [first.pk])  # not committed
        assert kept(Activity) == Activity.objects.count() == 3
        other.execute("SET statement_timeout = '5s'")
        fold_row_count(Activity)  # does not wait for the other transaction
        assert kept(Activity) == 3
        other.commit()
    finally:
        other.close()
    assert kept(Activity) == Activity.objects.count() == 2
    fold_row_count(Activity)
    assert pieces(Activity) == 1 and kept(Activity) == 2


@pytest.mark.django_db(transaction=True)  # TRUNCATE waits for no pending FK checks
def test_a_truncated_table_is_counted_again(postgres_only):
    PaymentFactory()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE crm_payment CASCADE")
    assert table_count(Payment) is None  # nothing kept: the list counts the table
    PaymentFactory()
    assert kept(Payment) == Payment.objects.count() == 1


def test_counting_starts_from_the_rows_already_there(postgres_only, crm_admin):
    """Migrations 0029 and 0032 on tables that already have rows start from their count."""
    migrations = [
        importlib.import_module(f"crm.migrations.{name}")
        for name in ("0029_row_counts", "0032_row_counts_deals_orders")
    ]
    apps = StateApps([], {})
    with connection.schema_editor() as editor:
        for migration in reversed(migrations):
            migration.drop(apps, editor)
        for _ in range(3):
            TaskFactory(owner=crm_admin)
        for migration in migrations:
            migration.create(apps, editor)
    assert pieces(Activity) == 1 and kept(Activity) == 3


def test_only_a_whole_table_reads_the_kept_count():
    rows = Activity.objects.select_related("owner").order_by("-activity_date")
    assert counts_whole_table(rows)
    assert not counts_whole_table(rows.filter(type="task"))
    assert not counts_whole_table(rows.distinct())
    assert not counts_whole_table(rows[:10])
    assert not counts_whole_table(rows.annotate(links=Count("pk")))
    assert not counts_whole_table(rows.union(rows))


def test_sqlite_and_uncounted_tables_keep_none():
    from crm.models import Account

    assert table_count(Account) is None
    if connection.vendor != "postgresql":
        assert table_count(Activity) is None


def test_the_activity_list_shows_the_kept_count_without_counting(crm_admin_client, crm_admin):
    for _ in range(3):
        TaskFactory(owner=crm_admin)
    with CaptureQueriesContext(connection) as queries:
        html = crm_admin_client.get("/crm/activity/").content.decode()
    assert "3 items" in html
    counted = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    if connection.vendor == "postgresql":
        assert counted == []
    else:
        assert counted == ['SELECT COUNT(*) AS "__count" FROM "crm_activity"']
    filtered = crm_admin_client.get("/crm/activity/?status__exact=completed").content.decode()
    assert "0 items" in filtered


def test_the_list_folds_many_pieces(postgres_only, crm_admin_client, crm_admin, monkeypatch):
    monkeypatch.setattr(deep_pages, "FOLD_AFTER", 2)
    for _ in range(3):
        TaskFactory(owner=crm_admin)
    assert pieces(Activity) == 4
    assert "3 items" in crm_admin_client.get("/crm/activity/").content.decode()
    assert pieces(Activity) == 1 and kept(Activity) == 3
