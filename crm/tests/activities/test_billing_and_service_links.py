"""Activities on cases, orders and quotes: their own Activity tab, the account's roll-up
(exactly once), and Home's open-cases card and cases chart."""

import pytest

from crm.selectors.activities import timeline
from crm.tests.factories import (
    CaseFactory,
    ContactFactory,
    EventFactory,
    OrderFactory,
    QuoteFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def _ids(items) -> list[int]:
    return [item.pk if hasattr(item, "pk") else item["activity"].pk for item in items]


def test_case_order_and_quote_activities_roll_up_to_the_account_once():
    case = CaseFactory()
    account = case.account
    order = OrderFactory()
    order_account = order.account
    quote = QuoteFactory(opportunity__account=account)
    contact = ContactFactory(account=account)
    on_case = TaskFactory(related_case=case)
    on_quote = TaskFactory(related_quote=quote, contact=contact)  # two paths, shown once
    on_order = EventFactory(related_order=order)
    shown = timeline(account)
    assert sorted(_ids(shown.upcoming) + _ids(shown.past)) == sorted([on_case.pk, on_quote.pk])
    other = timeline(order_account)
    assert _ids(other.upcoming) + _ids(other.past) == [on_order.pk]
    assert _ids(timeline(case).upcoming) == [on_case.pk]


def test_case_page_has_an_activity_tab(sales_client, sales_user):
    case = CaseFactory(owner=sales_user, account__owner=sales_user)
    TaskFactory(related_case=case, subject="Call the client back")
    page = sales_client.get(f"/crm/case/{case.pk}/change/?tab=activity").content.decode()
    assert 'data-tab="activity"' in page and "Call the client back" in page


def test_home_counts_open_cases_and_charts_them(crm_admin_client):
    CaseFactory.create_batch(2)
    page = crm_admin_client.get("/?scope=team")
    titles = {card["title"]: card for card in page.context["kpis"]}
    assert titles["Open cases"]["value"] == "2"
    assert "view=open" in titles["Open cases"]["url"]
    assert "cases-by-status" in page.content.decode()


def test_contract_activities_roll_up_and_home_shows_overdue_retainers(crm_admin_client):
    from django.utils import timezone

    from crm.tests.factories import ContractFactory

    today = timezone.localdate()
    start = today.replace(year=today.year - 1, day=1)  # a year of monthly months, none paid
    contract = ContractFactory(start_date=start, billing_cycle="monthly", term_months=24)
    call = TaskFactory(related_contract=contract, subject="Chase the retainer")
    shown = timeline(contract.account)
    assert _ids(shown.upcoming) + _ids(shown.past) == [call.pk]
    page = crm_admin_client.get("/?scope=team")
    card = {card["title"]: card for card in page.context["kpis"]}["Overdue retainer payments"]
    assert card["value"].split(" ")[0].isdigit() and int(card["value"].split(" ")[0]) >= 10
    assert "$" in card["value"] and card["url"].startswith("/portal/retainers/")


def test_homes_overdue_figure_follows_every_payment_write(crm_admin_client, crm_admin):
    from django.utils import timezone

    from crm.services.payments import log_payment
    from crm.tests.factories import ContractFactory

    today = timezone.localdate()
    start = today.replace(year=today.year - 1, day=1)
    contract = ContractFactory(start_date=start, billing_cycle="monthly", term_months=24)

    def overdue_months() -> int:
        page = crm_admin_client.get("/?scope=team")
        card = {c["title"]: c for c in page.context["kpis"]}["Overdue retainer payments"]
        return int(card["value"].split(" ")[0])

    before = overdue_months()
    assert overdue_months() == before  # served from the cache
    log_payment(
        user=crm_admin,
        contract=contract,
        amount="1000.00",
        payment_date=today,
        payment_method="bank_transfer",
        service_period_start=start,
        service_period_end=start.replace(day=28),
    )
    assert overdue_months() == before - 1  # the write changed the cache key
