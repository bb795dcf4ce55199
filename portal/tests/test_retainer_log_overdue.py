""" "Log overdue payments" from the retainer report's Overdue panel (issue 25 item 6): it asks
first (periods and amounts), records one payment per overdue period in one transaction through
the payments service, the grid is recomputed; nothing overdue → a clear message and nothing
changed; a double submit or two users at once record each period once; sales users (who
cannot log payments) get no button and a 403."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models import Payment
from crm.services.payments import NOTHING_OVERDUE, log_overdue_payments, log_payment
from crm.tests.factories import AccountFactory, ContractFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 4)
REPORT = "/portal/retainers/"


@pytest.fixture
def late(monkeypatch, crm_admin):
    """Today 2026-12-04: a monthly $650 contract from 2026-09, September paid, so October and
    November are overdue (December is not due before the 16th)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    contract = ContractFactory(
        account=AccountFactory(name="Acme Retainers"),
        start_date=datetime.date(2026, 9, 1),
        price="650",
    )
    log_payment(
        user=crm_admin,
        contract=contract,
        amount="650",
        payment_date=datetime.date(2026, 9, 3),
        payment_method="bank_transfer",
        service_period_start=datetime.date(2026, 9, 1),
        service_period_end=datetime.date(2026, 9, 30),
    )
    return contract


def url_for(contract) -> str:
    return reverse("portal:retainers_log_overdue", args=[contract.account_id, "USD"])


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def new_payments(contract):
    return list(
        Payment.objects.filter(contract=contract, payment_date=TODAY)
        .order_by("service_period_start")
        .values_list("service_period_start", "amount")
    )


def test_the_overdue_row_asks_first_then_logs_one_payment_per_period(crm_admin_client, late):
    report = crm_admin_client.get(REPORT).content.decode()
    assert "Log overdue payments" in report and f'href="{url_for(late)}?next=' in report
    ask = crm_admin_client.get(url_for(late), {"next": REPORT})
    html = ask.content.decode()
    assert ask.status_code == 200 and "data-crm-dialog-body" in html
    assert [line["period"] for line in ask.context["lines"]] == ["Oct 2026", "Nov 2026"]
    assert [line["amount"] for line in ask.context["lines"]] == ["$650.00", "$650.00"]
    assert "Log 2 payments" in html and "$1,300.00" in html
    assert new_payments(late) == []  # asking changes nothing
    data = {
        "period": [line["value"] for line in ask.context["lines"]],
        "once_token": ask.context["once_token"],
        "next": REPORT,
    }
    done = crm_admin_client.post(url_for(late), data)
    assert done.status_code == 302 and done.url == REPORT
    assert new_payments(late) == [
        (datetime.date(2026, 10, 1), Decimal("650.00")),
        (datetime.date(2026, 11, 1), Decimal("650.00")),
    ]
    assert toasts(done) == [
        "Logged 2 payments for Acme Retainers: Oct 2026 $650.00, Nov 2026 $650.00."
    ]
    grid = crm_admin_client.get(REPORT)
    acme = grid.context["rows"][0]["cells"]
    assert [c["state"] for c in acme[7:11]] == ["paid", "paid", "paid", "upcoming"]  # Sep–Dec
    assert grid.context["overdue"] == []
    # The same form again (a double submit): nothing more is recorded.
    again = crm_admin_client.post(url_for(late), data)
    assert again.status_code == 302 and len(new_payments(late)) == 2
    assert toasts(again)[0].startswith("This was already done")


def test_nothing_overdue_is_said_and_nothing_changes(crm_admin_client, late, crm_admin):
    log_overdue_payments([late], user=crm_admin, as_of=TODAY)
    count = Payment.objects.count()
    ask = crm_admin_client.get(url_for(late), {"next": REPORT})
    assert ask.status_code == 302 and ask.url == REPORT
    assert toasts(ask) == ["Nothing is overdue for Acme Retainers in USD: no payment to log."]
    with pytest.raises(BusinessRuleError, match="overdue any more"):
        log_overdue_payments([late], user=crm_admin, as_of=TODAY)
    assert Payment.objects.count() == count


def test_a_stale_confirmation_logs_only_what_is_still_overdue(crm_admin_client, late, crm_admin):
    ask = crm_admin_client.get(url_for(late))
    data = {"period": [line["value"] for line in ask.context["lines"]]}
    data["once_token"] = ask.context["once_token"]
    # Meanwhile someone logs October by hand.
    log_payment(
        user=crm_admin,
        contract=late,
        amount="650",
        payment_date=TODAY,
        payment_method="cash",
        service_period_start=datetime.date(2026, 10, 1),
        service_period_end=datetime.date(2026, 10, 31),
    )
    done = crm_admin_client.post(url_for(late), data)
    assert toasts(done) == ["Logged 1 payment for Acme Retainers: Nov 2026 $650.00."]
    octobers = Payment.objects.filter(service_period_start=datetime.date(2026, 10, 1))
    assert octobers.count() == 1


def test_only_confirmed_periods_are_logged_and_it_is_all_or_nothing(late, crm_admin):
    only_october = {(late.pk, datetime.date(2026, 10, 1))}
    made = log_overdue_payments([late], user=crm_admin, periods=only_october, as_of=TODAY)
    assert [p.service_period_start for p in made] == [datetime.date(2026, 10, 1)]
    before = Payment.objects.count()
    with pytest.raises(BusinessRuleError):  # a bad method refuses before anything is written
        log_overdue_payments([late], user=crm_admin, as_of=TODAY, payment_method="barter")
    assert Payment.objects.count() == before
    assert NOTHING_OVERDUE


def test_sales_users_cannot_log_payments(sales_client, late):
    assert "Log overdue payments" not in sales_client.get(REPORT).content.decode()
    assert sales_client.get(url_for(late)).status_code == 403
    assert sales_client.post(url_for(late), {"period": "x"}).status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_at_once_record_each_period_once(postgres_only, late, crm_admin):
    from django.contrib.auth import get_user_model

    barrier, results = threading.Barrier(2), []

    def log():
        try:
            user = get_user_model().objects.get(pk=crm_admin.pk)
            barrier.wait(timeout=30)
            try:
                results.append(len(log_overdue_payments([late], user=user, as_of=TODAY)))
            except BusinessRuleError as refusal:
                results.append(str(refusal.messages[0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=log) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a call never finished"
    assert sorted(results, key=str) == [2, NOTHING_OVERDUE]
    assert len(new_payments(late)) == 2
