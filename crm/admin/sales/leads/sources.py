"""The lead source report ("where does our business come from?", design notes 1.3.4 story 4):
per lead source, leads, converted leads, conversion rate, won deals and won amount, and why
deals were lost (per loss reason, issue 24). Opened from the "Lead sources" button on the
lead list."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from djmoney.money import Money
from unfold.decorators import action

from crm.selectors.leads import lead_source_report
from crm.selectors.opportunities import loss_reason_report

PERIODS = {
    "all": "All time",
    "year": "This year",
    "quarter": "This quarter",
    "90d": "Last 90 days",
}


def period_start(period: str, today: datetime.date) -> datetime.date | None:
    if period == "year":
        return today.replace(month=1, day=1)
    if period == "quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    if period == "90d":
        return today - datetime.timedelta(days=90)
    return None


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def _leads_url(changelist: str, source: str) -> str | None:
    """The lead list filtered by the source, converted leads included."""
    if not source:
        return None
    return f"{changelist}?{urlencode({'lead_source': source, 'status': 'all'})}"


def _lost_url(changelist: str, reason: str) -> str:
    return f"{changelist}?{urlencode({'stage': 'closed_lost', 'loss_reason__exact': reason})}"


def _losses(since, currency: str) -> list[dict]:
    """The loss reasons table; each reason links to the lost deals in the opportunity list."""
    rows = loss_reason_report(since=since, currency=currency)
    most = max((row.deals for row in rows), default=0) or 1
    deals = reverse("admin:crm_opportunity_changelist")
    return [
        {
            "row": row,
            "amount": Money(row.amount, currency),
            "bar": round(row.deals * 100 / most),
            "url": _lost_url(deals, row.reason) if row.reason else None,
        }
        for row in rows
    ]


class LeadSourceReportMixin:
    """Mix into LeadAdmin; add ``"lead_source_report"`` to ``actions_list``."""

    @action(description="Lead sources", url_path="sources", icon="insights", permissions=["view"])
    def lead_source_report(self, request):
        period = request.GET.get("period", "all")
        period = period if period in PERIODS else "all"
        currency = settings.CRM_DEFAULT_CURRENCY
        rows = lead_source_report(
            since=period_start(period, timezone.localdate()), currency=currency
        )
        most_leads = max((row.leads for row in rows), default=0) or 1
        most_won = max((row.won_amount for row in rows), default=0) or 1
        changelist = reverse("admin:crm_lead_changelist")
        table = [
            {
                "row": row,
                "won_amount": Money(row.won_amount, currency),
                "leads_bar": round(row.leads * 100 / most_leads),
                "won_bar": round(row.won_amount * 100 / most_won),
                "leads_url": _leads_url(changelist, row.source),
            }
            for row in rows
        ]
        losses = _losses(period_start(period, timezone.localdate()), currency)
        leads = sum(row.leads for row in rows)
        converted = sum(row.converted for row in rows)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Lead sources: where does our business come from?",
            "table": table,
            "periods": [
                (key, label, f"?{urlencode({'period': key})}") for key, label in PERIODS.items()
            ],
            "period": period,
            "currency": currency,
            "totals": {
                "leads": leads,
                "converted": converted,
                "rate": _percent(converted, leads),
                "won_deals": sum(row.won_deals for row in rows),
                "won_amount": Money(sum((row.won_amount for row in rows), Decimal(0)), currency),
            },
            "changelist_url": changelist,
            "losses": losses,
        }
        return TemplateResponse(request, "crm/leads/source_report.html", context)
