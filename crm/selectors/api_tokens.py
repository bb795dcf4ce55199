"""Reads of personal API tokens."""

from django.db.models import QuerySet
from django.utils import timezone

from crm.models import ApiToken


def live_tokens(user) -> QuerySet[ApiToken]:
    """``user``'s tokens that have not expired, newest first."""
    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")
