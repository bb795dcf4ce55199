""" "Send reminder now" from the retainer report's Overdue panel (issue 26): a POST (the
button's form) that has ``crm.services.invoices.send_reminder_now`` queue a payment reminder
for one overdue invoice (its PDF attached, to the account's billing contact), then back to
the report with a toast saying to whom it went — or why it did not (no billing contact, paid
meanwhile, already reminded today)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.models.invoices import Invoice
from crm.services.invoices import send_reminder_now
from portal.views.base import portal_page

SENT = "Reminder for {invoice} queued to {to}."


def _back(request) -> str:
    target = request.POST.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else reverse("portal:retainers")


@require_POST
@portal_page("crm.send_invoice")
def send_now(request, invoice_id: int):
    invoice = get_object_or_404(Invoice, pk=invoice_id)
    try:
        reminder = send_reminder_now(invoice, user=request.user)
    except (BusinessRuleError, ConcurrencyError) as refusal:
        messages.error(request, error_message(refusal))
    else:
        to = ", ".join(reminder.email.to_list)
        messages.success(request, SENT.format(invoice=invoice.number, to=to))
    return HttpResponseRedirect(_back(request))
