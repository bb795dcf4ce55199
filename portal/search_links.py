"""What the command palette and the /find/ page share: the kinds of record a user may search,
links to the records found, and the pages and commands ("Pipeline", "New Account") a term
names. crm.selectors.search finds the records; this module turns them into links and labels."""

from dataclasses import dataclass

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from crm.models import Activity, ActivityType
from crm.navigation import CHANGELIST_URL_NAME, visible_entries
from crm.objects import style_of
from crm.selectors.search import SEARCHED_MODELS

COMMAND_WORDS = "new add create"


@dataclass(frozen=True)
class Shortcut:
    """A page or a command the palette and /find/ offer when every word of the term names it."""

    title: str
    description: str
    url: str
    icon: str
    words: str  # what a term may name it by (lower case)
    is_list: bool = False  # an object list (Unfold's own palette search already offers those)


def allowed_models(user) -> list[type]:
    return [
        model
        for model in SEARCHED_MODELS
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


class RecordLinks:
    """Record page URLs without a ``reverse()`` per row: one per kind, the id swapped in."""

    def __init__(self):
        self._patterns: dict[type, str] = {}

    def __call__(self, model, pk: int) -> str:
        if model not in self._patterns:
            meta = model._meta
            self._patterns[model] = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change", args=[0]
            )
        return self._patterns[model].replace("/0/", f"/{pk}/", 1)


def kind_label(model) -> str:
    return str(model._meta.verbose_name).capitalize()


def kind_plural(model) -> str:
    return str(model._meta.verbose_name_plural).capitalize()


def _pages(user) -> list[Shortcut]:
    return [
        Shortcut(
            title=entry.title,
            description=f"Page · {group}",
            url=url,
            icon=entry.icon,
            words=f"{entry.title} {group}".lower(),
            is_list=bool(CHANGELIST_URL_NAME.match(entry.url_name)),
        )
        for group, entries in visible_entries(user)
        for entry, url in entries
    ]


def _add_url(request, model) -> str | None:
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_add_permission(request):
        return None
    meta = model._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    except NoReverseMatch:
        return None


def _commands(request) -> list[Shortcut]:
    commands = []
    for model in SEARCHED_MODELS:
        url = _add_url(request, model)
        if url is None:
            continue
        if model is Activity:  # one form per activity type: New Task, New Event
            for value, label in ActivityType.choices:
                link = f"{url}?{urlencode({'type': value})}"
                commands.append(_command(f"New {label}", link, style_of(value).icon))
            continue
        title = f"New {str(model._meta.verbose_name).title()}"
        commands.append(_command(title, url, style_of(model).icon))
    return commands


def _command(title: str, url: str, icon: str) -> Shortcut:
    return Shortcut(title, "Command", url, icon, f"{title} {COMMAND_WORDS}".lower())


def matching_shortcuts(request, term: str) -> list[Shortcut]:
    """Pages, then commands, the user may open where every word of ``term`` starts one of
    their words ("pipe" → Pipeline, "new acc" → New Account, "billing" → its pages)."""
    words = term.lower().split()
    if not words:
        return []
    candidates = _pages(request.user) + _commands(request)
    return [item for item in candidates if _names(item, words)]


def _names(item: Shortcut, words: list[str]) -> bool:
    own = item.words.split()
    return all(any(mine.startswith(word) for mine in own) for word in words)
