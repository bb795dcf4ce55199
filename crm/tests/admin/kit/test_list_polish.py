"""List polish (issue 23 item 4) and the client's checklist: record names styled as links, tel: /
mailto: cells, short columns on one line with a title, late dates in red, every column that can
be sorted sortable with a single arrow, the cases Status filter, the whole product catalogue
with row Edit buttons for admins, and the attachment's file type."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from crm.admin.kit.columns import date_column, date_range, email_link, phone_link, truncated
from crm.models import Activity, Opportunity
from crm.models.orders import Order, OrderStatus
from crm.models.support import Case, CaseStatus
from crm.tests.factories import (
    AccountFactory,
    AttachmentFactory,
    CaseFactory,
    ContractFactory,
    LeadFactory,
    OpportunityFactory,
    OrderFactory,
    ProductFactory,
    TaskFactory,
    UserFactory,
)

TODAY = timezone.localdate
LISTS = ("account", "contact", "lead", "opportunity", "quote", "case", "activity", "campaign")


def changelist(model: str) -> str:
    return reverse(f"admin:crm_{model}_changelist")


def cell(html: str, field: str) -> list[str]:
    """The inner HTML of every cell of a column."""
    return re.findall(rf'<td class="field-{field}\b[^"]*"[^>]*>(.*?)</td>', html, re.S)


# --- the kit's cells ---------------------------------------------------------------------------
def test_phone_and_email_cells_link_and_keep_the_whole_value_in_the_title():
    assert phone_link("(555) 010-4242") == (
        '<a class="crm-link crm-truncate" href="tel:5550104242" title="(555) 010-4242">'
        "(555) 010-4242</a>"
    )
    assert 'href="tel:+4420"' in phone_link("+44 20")
    assert "href" not in phone_link("ask reception") and 'title="ask reception"' in phone_link(
        "ask reception"
    )
    assert email_link("ana@x.example").count("ana@x.example") == 3
    assert 'href="mailto:ana@x.example"' in email_link("ana@x.example")
    assert phone_link("") == email_link(None) == truncated(None) == "—"


def test_a_date_is_red_only_when_past_and_the_record_still_waits_on_it():
    class Row:
        def __init__(self, day, waiting):
            self.day, self.waiting = day, waiting

    column = date_column("Due", "day", late_if=lambda row: row.waiting)
    yesterday = TODAY() - datetime.timedelta(days=1)
    assert "crm-overdue" in column(None, Row(yesterday, True))
    assert "crm-overdue" not in column(None, Row(yesterday, False))
    assert "crm-overdue" not in column(None, Row(TODAY(), True))
    assert column(None, Row(None, True)) == "—"
    grace = date_column("Ordered", "day", late_if=lambda row: True, grace_days=lambda: 15)
    assert "crm-overdue" not in grace(None, Row(TODAY() - datetime.timedelta(days=15), True))
    assert "crm-overdue" in grace(None, Row(TODAY() - datetime.timedelta(days=16), True))


def test_the_list_stylesheet_is_loaded_and_styles_record_names_in_the_brand_blue():
    css = (Path(settings.BASE_DIR) / "crm/static/crm/lists.css").read_text()
    rule = css.split("#result_list tbody a.text-important {", 1)[1].split("}", 1)[0]
    assert "--crm-brand, #0176D3" in rule
    assert ".crm-truncate" in css and "text-overflow: ellipsis" in css


@pytest.mark.django_db
def test_record_names_are_links_on_a_page_that_loads_the_list_css(crm_admin_client):
    account = AccountFactory(name="Brightside Bakery")
    html = crm_admin_client.get(changelist("account")).content.decode()
    assert "crm/lists.css" in html
    url = reverse("admin:crm_account_change", args=[account.pk])
    assert re.search(rf'<a href="{url}[^"]*" class="text-important"', html)


# --- columns -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_accounts_dial_and_owners_stay_on_one_line(crm_admin_client):
    owner = UserFactory(first_name="Samantha", last_name="Sellerington-Smythe")
    AccountFactory(phone="(555) 010-4242", owner=owner)
    html = crm_admin_client.get(changelist("account")).content.decode()
    assert 'href="tel:5550104242"' in cell(html, "phone_display")[0]
    (owner_cell,) = cell(html, "owner_name")
    assert 'class="crm-truncate" title="Samantha Sellerington-Smythe"' in owner_cell


@pytest.mark.django_db
def test_leads_list_shows_email_and_phone(crm_admin_client):
    LeadFactory(email="nia@prospect.example", phone="555-0199")
    response = crm_admin_client.get(changelist("lead"))
    headers = [str(h["text"]) for h in response.context["result_headers"]]
    assert "Email" in headers and "Phone" in headers
    html = response.content.decode()
    assert 'href="mailto:nia@prospect.example"' in cell(html, "email_display")[0]
    assert 'href="tel:5550199"' in cell(html, "phone_display")[0]


@pytest.mark.django_db
def test_past_close_dates_of_open_deals_are_red(crm_admin_client):
    late = OpportunityFactory(name="Late deal")
    won = OpportunityFactory(name="Won deal")
    past = TODAY() - datetime.timedelta(days=3)
    Opportunity.objects.filter(pk=late.pk).update(close_date=past)
    Opportunity.objects.filter(pk=won.pk).update(close_date=past, stage="closed_won")
    response = crm_admin_client.get(changelist("opportunity"))
    rows = {obj.name: i for i, obj in enumerate(response.context["cl"].result_list)}
    dates = cell(response.content.decode(), "close_date_display")
    assert "crm-overdue" in dates[rows["Late deal"]]
    assert "crm-overdue" not in dates[rows["Won deal"]]


@pytest.mark.django_db
def test_overdue_open_tasks_are_red(crm_admin_client, crm_admin):
    overdue = TaskFactory(subject="Overdue call", owner=crm_admin)
    done = TaskFactory(subject="Done call", owner=crm_admin)
    past = TODAY() - datetime.timedelta(days=2)
    Activity.objects.filter(pk=overdue.pk).update(due_date=past)
    Activity.objects.filter(pk=done.pk).update(due_date=past, status="completed")
    response = crm_admin_client.get(changelist("activity"))
    rows = {obj.subject: i for i, obj in enumerate(response.context["cl"].result_list)}
    when = cell(response.content.decode(), "when")
    assert "crm-overdue" in when[rows["Overdue call"]]
    assert "crm-overdue" not in when[rows["Done call"]]


@pytest.mark.django_db
def test_unpaid_orders_past_the_grace_period_show_their_date_in_red(crm_admin_client, settings):
    settings.CRM_RETAINER_GRACE_DAYS = 15
    unpaid, cancelled, recent = OrderFactory(), OrderFactory(), OrderFactory()
    old = TODAY() - datetime.timedelta(days=20)
    Order.objects.filter(pk__in=[unpaid.pk, cancelled.pk]).update(order_date=old)
    Order.objects.filter(pk=cancelled.pk).update(status=OrderStatus.CANCELLED)
    response = crm_admin_client.get(changelist("order"))
    rows = {obj.pk: i for i, obj in enumerate(response.context["cl"].result_list)}
    dates = cell(response.content.decode(), "order_date_display")
    assert "crm-overdue" in dates[rows[unpaid.pk]]
    assert "crm-overdue" not in dates[rows[cancelled.pk]]
    assert "crm-overdue" not in dates[rows[recent.pk]]


# --- sorting -----------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("model", (*LISTS, "product", "order", "attachment"))
def test_every_column_that_can_be_sorted_is_sortable(crm_admin_client, model):
    response = crm_admin_client.get(changelist(model))
    admin = response.context["cl"].model_admin
    model_class = response.context["cl"].model
    fields = {field.name for field in model_class._meta.get_fields() if field.concrete}
    headers = response.context["result_headers"]
    columns = zip(response.context["cl"].list_display, headers, strict=False)
    for name, header in columns:
        if name == "action_checkbox":
            continue
        attribute = getattr(admin, name, None)
        can_sort = name in fields or getattr(attribute, "admin_order_field", None)
        assert header["sortable"] == bool(can_sort), (model, name)


@pytest.mark.django_db
def test_the_sorted_column_shows_one_arrow_and_tells_screen_readers(crm_admin_client):
    AccountFactory()
    html = crm_admin_client.get(changelist("account"), {"o": "-1"}).content.decode()
    assert "arrow_circle_up" not in html and "arrow_circle_down" not in html
    header = re.search(r'<th [^>]*aria-sort="descending"[^>]*>(.*?)</th>', html, re.S).group(1)
    assert 'data-sort="desc"' in header and "▼" in header and "Account name" in header
    assert html.count("crm-sort__arrow") == 1
    # A default order with a tie-breaker (close date, then name) still shows one arrow.
    OpportunityFactory()
    deals = crm_admin_client.get(changelist("opportunity")).content.decode()
    assert deals.count("crm-sort__arrow") == 1 and deals.count("aria-sort=") == 1


# --- the client's checklist --------------------------------------------------------------------
@pytest.mark.django_db
def test_cases_filter_by_status_as_well_as_priority(crm_admin_client, crm_admin):
    CaseFactory(subject="Still open", owner=crm_admin)
    closed = CaseFactory(subject="Done and dusted", owner=crm_admin)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    response = crm_admin_client.get(changelist("case"), {"status__exact": CaseStatus.CLOSED})
    assert [case.subject for case in response.context["cl"].result_list] == ["Done and dusted"]
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert "status" in titles and "priority" in titles


@pytest.mark.django_db
def test_the_product_list_shows_the_whole_catalogue_greying_inactive_ones(crm_admin_client):
    ProductFactory(name="Website build")
    retired = ProductFactory(name="Flash intro", is_active=False)
    response = crm_admin_client.get(changelist("product"))
    names = [product.name for product in response.context["cl"].result_list]
    assert names == ["Flash intro", "Website build"]
    html = response.content.decode()
    assert '<span class="crm-muted" data-inactive>Flash intro</span>' in html
    assert len(re.findall(r">\s*Inactive\s*<", html)) == 1  # the Status pill, once
    edit = reverse("admin:crm_product_edit_row", args=[retired.pk])
    assert f'href="{edit}"' in html
    opened = crm_admin_client.get(edit)
    assert opened.status_code == 302 and opened["Location"].endswith(
        f"/{retired.pk}/change/?edit=1"
    )


@pytest.mark.django_db
def test_sales_users_read_the_catalogue_without_edit_buttons(sales_client):
    product = ProductFactory(name="Website build")
    html = sales_client.get(changelist("product")).content.decode()
    assert "Website build" in html
    edit = reverse("admin:crm_product_edit_row", args=[product.pk])
    assert f'href="{edit}"' not in html
    assert sales_client.get(edit).status_code == 403


@pytest.mark.django_db
def test_attachments_list_the_file_type(crm_admin_client):
    AttachmentFactory()
    AttachmentFactory(original_filename="notes.odt", mime_type="application/x-unknown")
    response = crm_admin_client.get(changelist("attachment"))
    headers = [str(h["text"]) for h in response.context["result_headers"]]
    assert headers[:2] == ["File", "Type"]
    types = cell(response.content.decode(), "type_display")
    assert any('title="application/pdf">PDF<' in t for t in types)
    assert any(">ODT<" in t for t in types)


# --- cost --------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("account", lambda: AccountFactory(owner=UserFactory())),
        ("lead", lambda: LeadFactory()),
        ("opportunity", lambda: OpportunityFactory()),
        ("case", lambda: CaseFactory()),
        ("activity", lambda: TaskFactory()),
        ("product", lambda: ProductFactory(is_active=False)),
    ],
)
def test_the_new_cells_cost_no_query_per_row(crm_admin_client, model, make):
    make()
    url = changelist(model)
    crm_admin_client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as one_row:
        crm_admin_client.get(url)
    make()
    make()
    with CaptureQueriesContext(connection) as three_rows:
        crm_admin_client.get(url)
    assert len(three_rows) == len(one_row), model


# --- periods ----------------------------------------------------------------------------------
def test_a_period_reads_like_every_other_date_and_breaks_only_between_its_dates():
    html = date_range(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    assert html == (
        '<span class="crm-nowrap">Dec. 1, 2026</span> – '
        '<span class="crm-nowrap">Dec. 31, 2026</span>'
    )
    assert date_range(None, datetime.date(2026, 12, 31)) == "—"


@pytest.mark.django_db
def test_the_contract_list_shows_its_periods_in_the_apps_date_format(crm_admin_client):
    contract = ContractFactory(start_date=datetime.date(2026, 1, 1))
    html = crm_admin_client.get(reverse("admin:crm_contract_changelist")).content.decode()
    assert f'<span class="crm-nowrap">{date_format(contract.start_date)}</span> – ' in html
    assert "Jan 01, 2026" not in html
