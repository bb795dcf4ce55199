"""Payment list filters the retainer report links to: one account (through the order or the
contract) and one service month (``?period=2026-03``: service period starting that month)."""

import datetime

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html

from crm.ids import parse_id
from crm.models import Account
from crm.models.contracts import Contract, add_months
from crm.record_urls import record_url


def parse_month(value: str | None) -> datetime.date | None:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return None


class AccountFilter(admin.SimpleListFilter):
    title = "account"
    parameter_name = "account"

    def lookups(self, request, model_admin):
        account_id = parse_id(self.value())
        account = Account.objects.filter(pk=account_id).first() if account_id else None
        return [(str(account.pk), account.name)] if account else []

    def queryset(self, request, queryset):
        value = parse_id(self.value())
        if value is None:
            return queryset
        return queryset.filter(Q(order__account_id=value) | Q(contract__account_id=value))


class ServiceMonthFilter(admin.SimpleListFilter):
    title = "service month"
    parameter_name = "period"

    def lookups(self, request, model_admin):
        month = parse_month(self.value())
        return [(self.value(), f"{month:%B %Y}")] if month else []

    def queryset(self, request, queryset):
        month = parse_month(self.value())
        if month is None:
            return queryset
        return queryset.filter(
            service_period_start__gte=month, service_period_start__lt=add_months(month, 1)
        )


def parent_link(contract):
    if contract is None:
        return "—"
    url = record_url(Contract, contract.pk)
    return format_html('<a class="crm-link" href="{}">{}</a>', url, contract.number)
