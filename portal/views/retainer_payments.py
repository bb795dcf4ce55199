""" "Log overdue payments" from a row of the retainer report's Overdue panel (issue 25 item 6).

GET asks first: a confirmation (shown by crm/static/crm/dialog.js as a dialog over the report,
a full page without JavaScript) listing each overdue period and its amount. POST records one
payment per listed period through ``crm.services.payments.log_overdue_payments`` — one
transaction, the contracts locked and the periods re-checked — and goes back to the report,
which is recomputed. The form carries a one-time token: a double submit records nothing more."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from crm.admin.kit import once
from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.formatting import format_money
from crm.models import Account
from crm.selectors.contracts import account_overdue_contracts
from crm.services.payments import log_overdue_payments
from portal.views.base import portal_page, render_portal

TITLE = "Log overdue payments"
NOTHING = "Nothing is overdue for {account} in {currency}: no payment to log."
LOGGED = "Logged {count} payment{s} for {account}: {periods}"  # once.submit adds the "."


def _back(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else reverse("portal:retainers")


def _parse_periods(values) -> set[tuple[int, date]]:
    chosen = set()
    for value in values:
        pk, _, start = value.partition(":")
        try:
            chosen.add((int(pk), date.fromisoformat(start)))
        except ValueError:
            continue
    return chosen


def _period_lines(overdue, currency: str) -> list[dict]:
    return [
        {
            "value": f"{item.contract.pk}:{period.start.isoformat()}",
            "contract": item.contract.number,
            "period": f"{period.start:%b %Y}",
            "amount": format_money(period.outstanding, currency),
        }
        for item in overdue
        for period in item.periods
    ]


@portal_page("crm.add_payment")
def log_overdue(request, account_id: int, currency: str):
    account = get_object_or_404(Account, pk=account_id)
    back = _back(request)
    today = timezone.localdate()
    if request.method == "POST":
        return _post(request, account, currency, back, today)
    overdue = account_overdue_contracts(account.pk, currency, today=today)
    if not overdue:
        messages.info(request, NOTHING.format(account=account.name, currency=currency))
        return HttpResponseRedirect(back)
    lines = _period_lines(overdue, currency)
    total = sum((item.outstanding for item in overdue), start=0)
    context = {
        "account": account,
        "currency": currency,
        "lines": lines,
        "total": format_money(total, currency),
        "back": back,
        "once_token": once.issue(request),
    }
    return render_portal(request, "portal/retainer_log_overdue.html", context, title=TITLE)


def _post(request, account, currency: str, back: str, today: date):
    chosen = _parse_periods(request.POST.getlist("period"))
    contracts = [item.contract for item in account_overdue_contracts(account.pk, currency)]

    def run() -> once.Done:
        payments = log_overdue_payments(contracts, user=request.user, periods=chosen, as_of=today)
        periods = ", ".join(
            f"{p.service_period_start:%b %Y} {format_money(p.amount.amount, currency)}"
            for p in payments
        )
        count = len(payments)
        text = LOGGED.format(
            count=count, s="" if count == 1 else "s", account=account.name, periods=periods
        )
        return once.Done(what=text, url=back)

    try:
        return once.submit(request, run)
    except (BusinessRuleError, ConcurrencyError) as refusal:
        messages.error(request, error_message(refusal))
        return HttpResponseRedirect(back)
