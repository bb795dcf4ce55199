"""List views (SPEC §10a, issue 23): the views a user saved or may use on a list, the view
they last chose, and the business filters behind the objects' own views ("Closing this
month", "Won this quarter", …). Data only: the admin kit builds the selector and its links."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from crm.models.list_views import LastListView, SavedListView
from crm.models.opportunities import Stage
from crm.models.orders import OrderStatus


# --- saved and remembered views ---------------------------------------------------------------
def saved_views(*, user, list_key: str) -> list[SavedListView]:
    """The user's own views of the list plus those an admin shared, by name (one query)."""
    rows = SavedListView.objects.filter(list_key=list_key).filter(Q(owner=user) | Q(shared=True))
    return list(rows.order_by("name", "pk"))


def last_view_key(*, user, list_key: str) -> str | None:
    """The view the user last chose on the list, or None."""
    rows = LastListView.objects.filter(user=user, list_key=list_key)
    return rows.values_list("view_key", flat=True).first()


# --- the objects' own views -------------------------------------------------------------------
def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def month_bounds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last day of the current month (local date)."""
    first = _today(today).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, next_month - datetime.timedelta(days=1)


def quarter_bounds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last day of the current calendar quarter (local date)."""
    day = _today(today)
    first = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    next_quarter = (first + datetime.timedelta(days=95)).replace(day=1)
    return first, next_quarter - datetime.timedelta(days=1)


def my_open_opportunities(queryset: QuerySet, *, user) -> QuerySet:
    return queryset.open().filter(owner=user)


def opportunities_closing_this_month(queryset: QuerySet, *, today=None) -> QuerySet:
    """Open deals expected to close this month (an overdue close date is not "this month")."""
    return queryset.open().filter(close_date__range=month_bounds(today))


def opportunities_won_this_quarter(queryset: QuerySet, *, today=None) -> QuerySet:
    return queryset.filter(stage=Stage.CLOSED_WON, close_date__range=quarter_bounds(today))


def my_open_leads(queryset: QuerySet, *, user) -> QuerySet:
    return queryset.open().filter(owner=user)


def leads_created_today(queryset: QuerySet, *, today=None) -> QuerySet:
    """Leads created since local midnight (the user's "Today's leads")."""
    day = _today(today)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return queryset.filter(created_at__gte=start, created_at__lt=start + datetime.timedelta(1))


def orders_in_status(queryset: QuerySet, *, status: OrderStatus) -> QuerySet:
    return queryset.filter(status=status)
