"""What the database itself refuses (raw writes, no service in the way), and two billing runs
at once (PostgreSQL row locks)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction
from djmoney.money import Money

from crm.models import Account, Contact, Invoice, InvoiceStatus
from crm.services.invoices import run_billing
from crm.tests.factories import AccountFactory, ContactFactory, ContractFactory, OrderFactory
from crm.tests.invoices.conftest import day


def raw_invoice(parent_fields, **overrides):
    values = {
        "issue_date": date(2027, 1, 1),
        "due_date": date(2027, 1, 15),
        "currency": "USD",
        "total": Money("100.00", "USD"),
        "status": InvoiceStatus.ISSUED,
        **parent_fields,
        **overrides,
    }
    parent = parent_fields.get("contract") or parent_fields.get("order")
    return Invoice(account_id=parent.account_id, owner_id=parent.owner_id, **values)


def refused(invoice) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.bulk_create([invoice])


@pytest.mark.django_db
def test_the_database_refuses_bad_invoices(sales_user):
    contract = ContractFactory(owner=sales_user, start_date=day("2027-01-01"))
    order = OrderFactory(owner=sales_user)
    period = {
        "contract": contract,
        "service_period_start": day("2027-01-01"),
        "service_period_end": day("2027-01-31"),
    }
    Invoice.objects.bulk_create([raw_invoice(period)])
    refused(raw_invoice(period))  # a second live invoice for the period
    Invoice.objects.bulk_create([raw_invoice(period, status="void", void_reason="Wrong")])
    refused(raw_invoice({"contract": contract, "order": order}))  # two parents
    refused(raw_invoice({"order": order}, contract=None, order=None))  # none
    refused(raw_invoice({"order": order}, total=Money("-1.00", "USD")))
    refused(raw_invoice({"order": order}, due_date=date(2026, 12, 31)))
    refused(raw_invoice({"order": order}, currency="EUR"))  # total in USD
    refused(raw_invoice({"order": order}, status="sent"))
    refused(raw_invoice({"order": order}, void_reason="not void"))
    refused(raw_invoice({"order": order}, service_period_start=day("2027-01-01")))
    refused(raw_invoice({**period, "service_period_start": day("2027-02-01")}))
    assert Invoice.objects.count() == 2


@pytest.mark.django_db
def test_the_billing_contact_must_work_for_the_account(sales_user):
    account, other = AccountFactory(owner=sales_user), AccountFactory(owner=sales_user)
    stranger = ContactFactory(account=other, owner=sales_user)
    account.billing_contact = stranger
    with pytest.raises(ValidationError, match="works for"):
        account.full_clean()
    account.billing_contact = ContactFactory(account=account, owner=sales_user)
    account.full_clean()
    account.save()
    assert Account.objects.get(pk=account.pk).billing_contact_id == account.billing_contact_id
    assert Contact.objects.filter(pk=stranger.pk).exists()


def run_together(count: int, work) -> list:
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        close_old_connections()
        try:
            barrier.wait()
            outcomes[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_billing_runs_at_once_issue_each_invoice_once(postgres_only, sales_user):
    contracts = [
        ContractFactory(owner=sales_user, start_date=day("2027-01-01"), price=f"{n}00.00")
        for n in range(1, 6)
    ]
    outcomes = run_together(2, lambda index: run_billing(as_of=day("2026-12-28")))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(len(outcome.issued) for outcome in outcomes) == 5
    assert sorted(Invoice.objects.values_list("contract_id", flat=True)) == sorted(
        c.pk for c in contracts
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_send_each_reminder_once(postgres_only, sales_user, crm_admin):
    from crm.models import InvoiceReminder
    from crm.models.outbox import EmailMessage
    from crm.services.invoices import issue_period_invoice, send_due_reminders

    contract = ContractFactory(owner=sales_user, start_date=day("2027-01-01"))
    contact = ContactFactory(account=contract.account, owner=sales_user, email="p@x.example")
    Account.objects.filter(pk=contract.account_id).update(billing_contact=contact)
    for start in ("2027-01-01", "2027-02-01", "2027-03-01"):
        issue_period_invoice(
            contract, period_start=day(start), user=crm_admin, issue_date=day(start)
        )
    outcomes = run_together(2, lambda index: send_due_reminders(as_of=day("2027-04-01")))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(len(outcome.sent) for outcome in outcomes) == 3
    assert InvoiceReminder.objects.count() == 3 == EmailMessage.objects.count()
