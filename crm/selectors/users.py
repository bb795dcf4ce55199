"""Reads of the team (users): the admin's full list and the names everyone may see."""

from django.db.models import QuerySet

from crm.models import User


def user_list() -> QuerySet[User]:
    """Every user, active or not (admins manage them all)."""
    return User.objects.order_by("first_name", "last_name", "pk")


def team_names() -> QuerySet[User]:
    """The active colleagues, for pickers and names on records (names only are shown)."""
    return User.objects.active().order_by("first_name", "last_name", "pk")
