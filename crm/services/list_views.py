"""Saved list views (SPEC §10a, issue 23): a user names the current filters, search and sort
of a list; admins may share a view with everyone. The view a user last chose on a list is
remembered. Preferences, not business records: no history."""

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.http import QueryDict

from crm.errors import BusinessRuleError
from crm.models.list_views import LastListView, SavedListView
from crm.services.records import is_admin

NAME_MAX = SavedListView._meta.get_field("name").max_length
QUERY_MAX = SavedListView._meta.get_field("query").max_length
VIEWS_PER_LIST = 50

NAME_REQUIRED = "Give the view a name."
NAME_TOO_LONG = f"A view name has at most {NAME_MAX} characters."
DUPLICATE_NAME = "You already have a view named '{name}' on this list."
ONLY_ADMINS_SHARE = "Only administrators can share a view with everyone."
QUERY_TOO_LONG = "This view has too many filters to be saved; remove some first."
TOO_MANY = f"You have {VIEWS_PER_LIST} views on this list; delete one first."
NOT_FOUND = "This view does not exist any more."
NOT_YOURS = "You can only delete your own views."

# What a list's URL carries that is not part of a view: the page, the error flag, popups.
NOT_SAVED = ("p", "e", "_popup", "_to_field", "all")


def clean_query(query: str) -> str:
    """The list's query string without paging and popup parameters, in a stable order."""
    params = QueryDict(query or "", mutable=True)
    for name in NOT_SAVED:
        params.pop(name, None)
    pairs = sorted((name, value) for name, values in params.lists() for value in values)
    return urlencode(pairs)


@transaction.atomic
def save_list_view(
    *, user, list_key: str, name: str, query: str, shared: bool = False
) -> SavedListView:
    """Save the current filters, search and sort of ``list_key`` as the user's view ``name``."""
    name = (name or "").strip()
    if not name:
        raise BusinessRuleError({"name": NAME_REQUIRED})
    if len(name) > NAME_MAX:
        raise BusinessRuleError({"name": NAME_TOO_LONG})
    if shared and not is_admin(user):
        raise BusinessRuleError({"shared": ONLY_ADMINS_SHARE})
    query = clean_query(query)
    if len(query) > QUERY_MAX:
        raise BusinessRuleError(QUERY_TOO_LONG)
    mine = SavedListView.objects.filter(owner=user, list_key=list_key)
    if mine.filter(name__iexact=name).exists():
        raise BusinessRuleError({"name": DUPLICATE_NAME.format(name=name)})
    if mine.count() >= VIEWS_PER_LIST:
        raise BusinessRuleError(TOO_MANY)
    try:
        with transaction.atomic():  # a twin request saving the same name at the same moment
            return SavedListView.objects.create(
                owner=user, list_key=list_key, name=name, query=query, shared=bool(shared)
            )
    except IntegrityError:
        raise BusinessRuleError({"name": DUPLICATE_NAME.format(name=name)}) from None


@transaction.atomic
def delete_list_view(*, user, view_id: int, list_key: str) -> str:
    """Delete the user's own view (admins also the shared ones); returns its name."""
    view = SavedListView.objects.filter(pk=view_id, list_key=list_key).first()
    if view is None or (view.owner_id != user.pk and not view.shared):
        raise BusinessRuleError(NOT_FOUND)
    if view.owner_id != user.pk and not is_admin(user):
        raise BusinessRuleError(NOT_YOURS)
    view.delete()
    # Coming back to the list shows its default view, not a view that is gone.
    LastListView.objects.filter(user=user, list_key=list_key, view_key=str(view_id)).delete()
    return view.name


def remember_list_view(*, user, list_key: str, view_key: str) -> None:
    """The view the user chose on the list, shown again next time (one upsert)."""
    LastListView.objects.bulk_create(
        [LastListView(user=user, list_key=list_key, view_key=view_key[:100])],
        update_conflicts=True,
        unique_fields=["user", "list_key"],
        update_fields=["view_key", "updated_at"],
    )
