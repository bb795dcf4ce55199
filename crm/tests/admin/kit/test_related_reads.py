"""crm/admin/kit/related_reads.py: a list page reads of its rows' joined records only what its
columns show, and no column reads more (which would cost a query per row)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from crm.admin.activities.activities import LINK_NAMES
from crm.admin.kit.related_reads import unshown_fields
from crm.models import Account, Invoice, Payment
from crm.models.activity_links import WHAT_LINKS, WHO_LINKS
from crm.tests import factories

pytestmark = pytest.mark.django_db

READING = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "list_related_fields", None)
    ),
    key=lambda item: item[0]._meta.label,
)


def test_the_lists_that_join_records_name_what_they_read():
    assert {model for model, _ in READING} >= {Account, Invoice, Payment}


def test_a_link_another_relation_goes_through_stays_read():
    reads = {"order": (), "order__account": ("name",)}
    deferred = unshown_fields(Payment, reads)
    assert "order__account" not in deferred  # Django cannot defer a link it follows
    assert "order__status" in deferred and "order__account__name" not in deferred
    assert "order__account__phone" in deferred


@pytest.mark.parametrize(("model", "model_admin"), READING, ids=[m._meta.label for m, _ in READING])
def test_a_list_page_reads_only_the_named_fields_and_no_row_costs_a_query(
    crm_admin_client, model, model_admin
):
    make = factories.factory_for_model()[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    # A list with views shows all records; the others have no ?view= to give.
    params = {"view": "all"} if hasattr(model_admin, "get_list_views") else {}
    make()
    crm_admin_client.get(url)  # caches (sessions, permissions) warmed
    with CaptureQueriesContext(connection) as one_row:
        response = crm_admin_client.get(url, params)
    assert response.status_code == 200
    make()
    make()
    with CaptureQueriesContext(connection) as three_rows:
        response = crm_admin_client.get(url, params)
    # (a factory may make more than one: a contract comes with a line of its own)
    assert len(response.context["cl"].result_list) == model.objects.count() >= 3
    assert len(three_rows) == len(one_row), [q["sql"] for q in three_rows]
    # The joined records came without their unshown fields.
    row = response.context["cl"].result_list[0]
    for relation, shown in model_admin.list_related_fields.items():
        related = row
        for name in relation.split("__"):
            related = getattr(related, name, None)
        if related is None:
            continue
        deferred = related.get_deferred_fields()
        assert deferred and not deferred & set(shown), relation


def test_the_record_page_reads_the_joined_records_whole(crm_admin_client):
    invoice = factories.factory_for_model()[Invoice]()
    response = crm_admin_client.get(reverse("admin:crm_invoice_change", args=[invoice.pk]))
    assert response.status_code == 200
    assert response.context["original"].account.get_deferred_fields() == set()


def test_a_record_read_for_its_id_alone_is_not_joined(crm_admin_client):
    """The invoice list shows its order by number (the order's id): the row's order is built
    from the row's own order_id, every other field deferred, one instance per order."""
    invoice = factories.factory_for_model()[Invoice]()
    factories.factory_for_model()[Invoice](order=invoice.order)  # a second part invoice
    with CaptureQueriesContext(connection) as queries:
        response = crm_admin_client.get(reverse("admin:crm_invoice_changelist"), {"view": "all"})
    [page] = [q["sql"] for q in queries if q["sql"].startswith('SELECT "crm_invoice"."id"')]
    joins = page.split(' FROM "crm_invoice" ', 1)[1].split(" WHERE ", 1)[0]
    assert '"crm_account"' in joins
    assert not {'"crm_order"', '"crm_contract"', '"crm_user"'} & set(joins.split())
    first, second = response.context["cl"].result_list
    assert first.order is second.order and first.order.pk == invoice.order_id
    assert first.order.get_deferred_fields() >= {"status", "account_id", "owner_id"}
    assert first.contract is None
    assert f">{invoice.order.number}</a>" in response.content.decode()


@pytest.mark.parametrize("link", [*WHAT_LINKS, *WHO_LINKS], ids=lambda link: link.field)
def test_the_activity_list_reads_of_each_linked_kind_only_what_its_name_shows(
    crm_admin_client, link
):
    """A task related to one kind of record: the list names it from the fields
    ``LINK_NAMES`` reads (a case, order or contract from its id, with no query)."""
    record = factories.factory_for_model()[apps.get_model(link.model)]()
    factories.TaskFactory(**{link.field: record})
    with CaptureQueriesContext(connection) as queries:
        response = crm_admin_client.get(reverse("admin:crm_activity_changelist"), {"view": "all"})
    [row] = response.context["cl"].result_list
    with CaptureQueriesContext(connection) as naming:
        name = str(getattr(row, link.field))
    assert name == str(record) and len(naming) == 0
    assert f">{escape(name)}</a>" in response.content.decode()
    table = apps.get_model(link.model)._meta.db_table
    reads = [q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{table}"."id"')]
    assert len(reads) == (1 if LINK_NAMES[link.field] else 0)


# Lists that still join whole records: an attachment's record is generic (content type + id);
# the outbox reaches its related record through the activity's nine links.
JOINED_WHOLE = {"attachment", "emailmessage"}


def test_every_list_names_what_it_reads_of_each_record_it_joins(crm_admin, rf):
    unnamed = {}
    for model, model_admin in kit_lists():
        request = rf.get("/")
        request.user = crm_admin
        joined = model_admin.get_changelist_instance(request).queryset.query.select_related
        missing = set(joined or ()) - set(model_admin.list_related_fields)
        if missing and model._meta.model_name not in JOINED_WHOLE:
            unnamed[model._meta.label] = missing
    assert unnamed == {}


def kit_lists():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "list_related_fields") and model._meta.app_label == "crm"
    ]
