"""The invoice screens: Issue Invoice from an order (balance due, part invoice) and for a
contract period, the list and record page (labels, figures, overdue in red), Void Invoice
(reason required; refused while money is kept, changing nothing), and the Invoices cards."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from crm.models import Invoice, InvoiceStatus
from crm.services.invoices import issue_order_invoice, issue_period_invoice
from crm.tests.billing.conftest import pay
from crm.tests.factories import ContactFactory, ContractFactory
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db


def invoice_url(invoice, view="change"):
    return reverse(f"admin:crm_invoice_{view}", args=[invoice.pk])


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def contract(sales_user):
    """A monthly 1 000.00 contract from the first of this month, activated."""
    return ContractFactory(owner=sales_user, price="1000.00")


# --- Issue Invoice on an order ----------------------------------------------------------------
def test_issue_invoice_from_an_order_for_its_balance_due(crm_admin_client, order):
    url = reverse("admin:crm_order_issue_invoice_detail", args=[order.pk])
    page = crm_admin_client.get(reverse("admin:crm_order_change", args=[order.pk]))
    assert url in page.content.decode() and "Issue Invoice" in page.content.decode()
    asked = crm_admin_client.get(url).content.decode()
    assert "leave the amount empty to invoice what is left" in asked.lower()
    assert "Left to invoice" in asked and "$5,000.00" in asked  # the order's figures
    response = crm_admin_client.post(url, with_once(crm_admin_client, url, {"amount": ""}))
    invoice = Invoice.objects.get(order=order)
    assert response.status_code == 302 and response.url == invoice_url(invoice)
    assert invoice.total.amount == Decimal("5000.00")
    assert invoice.status == InvoiceStatus.ISSUED


def test_a_part_invoice_for_a_chosen_amount(crm_admin_client, order):
    url = reverse("admin:crm_order_issue_invoice_detail", args=[order.pk])
    crm_admin_client.post(url, with_once(crm_admin_client, url, {"amount": "1500.00"}))
    part = Invoice.objects.get(order=order)
    assert part.total.amount == Decimal("1500.00")
    crm_admin_client.post(url, with_once(crm_admin_client, url, {"amount": ""}))
    rest = Invoice.objects.filter(order=order).exclude(pk=part.pk).get()
    assert rest.total.amount == Decimal("3500.00")  # the balance left to invoice


def test_a_double_submit_issues_one_invoice(crm_admin_client, order):
    url = reverse("admin:crm_order_issue_invoice_detail", args=[order.pk])
    data = with_once(crm_admin_client, url, {"amount": "100.00"})
    crm_admin_client.post(url, data)
    again = crm_admin_client.post(url, data)
    assert again.status_code == 302
    assert Invoice.objects.filter(order=order).count() == 1


def test_a_refused_issue_shows_its_reason_and_issues_nothing(crm_admin_client, order):
    url = reverse("admin:crm_order_issue_invoice_detail", args=[order.pk])
    response = crm_admin_client.post(url, with_once(crm_admin_client, url, {"amount": "9000"}))
    assert response.status_code == 302
    assert any("left to invoice" in toast for toast in toasts(response))
    assert not Invoice.objects.exists()


def test_sales_users_do_not_issue_invoices(sales_client, order):
    url = reverse("admin:crm_order_issue_invoice_detail", args=[order.pk])
    page = sales_client.get(reverse("admin:crm_order_change", args=[order.pk])).content.decode()
    assert url not in page
    assert sales_client.post(url, {"amount": ""}).status_code == 403
    assert not Invoice.objects.exists()


# --- Issue Invoice on a contract --------------------------------------------------------------
def test_issue_the_invoice_of_a_contract_period(crm_admin_client, contract):
    url = reverse("admin:crm_contract_issue_invoice_detail", args=[contract.pk])
    periods = list(contract.cycle_periods())
    asked = crm_admin_client.get(url).content.decode()
    assert f'value="{periods[0][0].isoformat()}"' in asked
    chosen = periods[1][0]
    data = with_once(crm_admin_client, url, {"period": chosen.isoformat()})
    response = crm_admin_client.post(url, data)
    invoice = Invoice.objects.get(contract=contract)
    assert response.url == invoice_url(invoice)
    assert (invoice.service_period_start, invoice.total.amount) == (chosen, Decimal("1000.00"))
    # The invoiced period is no longer offered.
    again = crm_admin_client.get(url).content.decode()
    assert f'value="{chosen.isoformat()}"' not in again
    assert f'value="{periods[0][0].isoformat()}"' in again


def test_a_period_that_is_not_offered_is_a_form_error(crm_admin_client, contract):
    url = reverse("admin:crm_contract_issue_invoice_detail", args=[contract.pk])
    data = with_once(crm_admin_client, url, {"period": "1999-01-01"})
    response = crm_admin_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invoice.objects.exists()


# --- the list and the record page -------------------------------------------------------------
def test_the_list_offers_no_new_invoice_and_shows_the_columns(crm_admin_client, order, crm_admin):
    invoice = issue_order_invoice(order, user=crm_admin, amount="2000.00")
    html = crm_admin_client.get(reverse("admin:crm_invoice_changelist")).content.decode()
    assert "New Invoice" not in html and "Add invoice" not in html
    assert reverse("admin:crm_invoice_add") not in html
    for label in ("Invoice number", "Order / contract", "Due date", "Balance due"):
        assert label in html
    assert invoice.number in html and order.number in html and "$2,000.00" in html
    assert crm_admin_client.get(reverse("admin:crm_invoice_add")).status_code == 403


def test_an_overdue_invoice_is_red_in_the_list_and_the_overdue_view(
    crm_admin_client, order, crm_admin
):
    invoice = issue_order_invoice(order, user=crm_admin, amount="2000.00")
    past = timezone.localdate() - datetime.timedelta(days=40)
    Invoice.objects.filter(pk=invoice.pk).update(issue_date=past, due_date=past)
    url = reverse("admin:crm_invoice_changelist")
    html = crm_admin_client.get(f"{url}?view=overdue").content.decode()
    assert invoice.number in html and "crm-overdue" in html
    paid = crm_admin_client.get(f"{url}?view=paid_this_month").content.decode()
    assert invoice.number not in paid
    page = crm_admin_client.get(invoice_url(invoice)).content.decode()
    assert 'data-figure="due"' in page and "Overdue" in page


def test_the_record_page_shows_total_paid_balance_lines_and_payments(
    crm_admin_client, order, crm_admin
):
    invoice = issue_order_invoice(order, user=crm_admin)
    pay(order, crm_admin, "1200.00", invoice=invoice)
    html = crm_admin_client.get(invoice_url(invoice)).content.decode()
    assert 'data-figure="total">$5,000.00' in html
    assert 'data-figure="paid">$1,200.00' in html
    assert 'data-figure="balance">$3,800.00' in html
    assert "Partially Paid" in html and "Invoice Lines" in html
    assert "Void Invoice" not in html  # money was received against it
    for label in ("Download PDF", "Print"):
        assert label in html


def test_the_invoices_cards_of_order_contract_and_account(
    crm_admin_client, order, contract, crm_admin
):
    by_order = issue_order_invoice(order, user=crm_admin, amount="500.00")
    start = next(contract.cycle_periods())[0]
    by_contract = issue_period_invoice(contract, period_start=start, user=crm_admin)
    for parent, invoice in ((order, by_order), (contract, by_contract)):
        meta = parent._meta
        url = reverse(f"admin:crm_{meta.model_name}_change", args=[parent.pk])
        html = crm_admin_client.get(f"{url}?tab=related").content.decode()
        assert "Invoices" in html and invoice.number in html
    account = reverse("admin:crm_account_change", args=[order.account_id])
    html = crm_admin_client.get(f"{account}?tab=related").content.decode()
    assert by_order.number in html


# --- Void Invoice -----------------------------------------------------------------------------
def test_void_asks_a_reason_and_keeps_it(crm_admin_client, order, crm_admin):
    invoice = issue_order_invoice(order, user=crm_admin, amount="500.00")
    url = invoice_url(invoice, "void_invoice_detail")
    assert "Void Invoice" in crm_admin_client.get(invoice_url(invoice)).content.decode()
    missing = crm_admin_client.post(url, {"version": invoice.version, "reason": "  "})
    assert missing.status_code == 200 and "Say why the invoice is voided." in (
        missing.content.decode()
    )
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED
    done = crm_admin_client.post(url, {"version": invoice.version, "reason": "Wrong amount"})
    assert done.status_code == 302
    voided = Invoice.objects.get(pk=invoice.pk)
    assert (voided.status, voided.void_reason) == (InvoiceStatus.VOID, "Wrong amount")
    assert any("was voided" in toast for toast in toasts(done))


def test_a_refused_void_shows_its_reason_and_changes_nothing(crm_admin_client, order, crm_admin):
    invoice = issue_order_invoice(order, user=crm_admin, amount="500.00")
    url = invoice_url(invoice, "void_invoice_detail")
    stale = crm_admin_client.post(url, {"version": invoice.version + 5, "reason": "Typo"})
    assert stale.status_code == 302
    assert toasts(stale)  # the out-of-date message
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED


def test_sales_users_read_invoices_but_do_not_void_them(sales_client, order, crm_admin):
    invoice = issue_order_invoice(order, user=crm_admin, amount="500.00")
    html = sales_client.get(invoice_url(invoice)).content.decode()
    assert invoice.number in html and "Void Invoice" not in html
    url = invoice_url(invoice, "void_invoice_detail")
    assert sales_client.post(url, {"version": 1, "reason": "x"}).status_code == 403


# --- the account's billing contact --------------------------------------------------------------
def test_the_billing_contact_is_chosen_among_the_accounts_contacts(crm_admin_client, order):
    own = ContactFactory(account=order.account, last_name="Payable")
    other = ContactFactory(last_name="Elsewhere")
    url = reverse("admin:crm_account_change", args=[order.account_id])
    response = crm_admin_client.get(f"{url}?edit=1")
    assert "Billing contact" in response.content.decode()
    offered = response.context["adminform"].form.fields["billing_contact"].queryset
    assert own in offered and other not in offered
    refused = crm_admin_client.post(
        url,
        {
            "name": order.account.name,
            "owner": order.account.owner_id,
            "billing_contact": other.pk,
            "version": order.account.version,
        },
    )
    assert refused.status_code == 200  # the form again with the error, nothing saved
    order.account.refresh_from_db()
    assert order.account.billing_contact_id is None


def test_the_export_has_amounts_and_labels(crm_admin, order):
    from crm.resources.invoices import InvoiceResource
    from crm.selectors.invoice_lists import invoice_list

    invoice = issue_order_invoice(order, user=crm_admin, amount="1234.50")
    pay(order, crm_admin, "234.50", invoice=invoice)
    dataset = InvoiceResource().export(invoice_list())
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["Invoice Number"] == invoice.number and row["Order Number"] == order.number
    assert (row["Total"], row["Paid"], row["Balance Due"]) == ("1234.50", "234.50", "1000.00")
    assert (row["Status"], row["Currency"], row["Contract Number"]) == ("Partially Paid", "USD", "")


def test_the_path_refuses_the_paid_states_and_opens_void_first(crm_admin_client, order, crm_admin):
    invoice = issue_order_invoice(order, user=crm_admin, amount="500.00")
    paid = reverse("admin:crm_invoice_path", args=[invoice.pk, "paid"])
    response = crm_admin_client.post(paid, {"version": invoice.version})
    assert "paid states follow the payments" in " ".join(toasts(response))
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED
    void = reverse("admin:crm_invoice_path", args=[invoice.pk, "void"])
    response = crm_admin_client.post(void, {"version": invoice.version})
    assert response.url == invoice_url(invoice, "void_invoice_detail")
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED
