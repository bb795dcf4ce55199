"""Full search results at /find/?q=… (SPEC §10a), inside the admin shell: the pages and
commands the term names, then every kind of record the user may view with its number of
matches (up to 100: "100+"), its first rows and "More" (``&type=<kind>``: that kind alone,
25 a page, every match counted). One query per kind, whatever the number of matches
(crm.selectors.search).

/find/recent/ is the command palette's opening content: the records the user viewed last."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from crm.ids import parse_id
from crm.objects import style_of
from crm.selectors.recently_viewed import recent_records
from crm.selectors.search import MAX_TERM, MIN_WORD, parse_term, search_groups
from portal.search_links import (
    RecordLinks,
    allowed_models,
    kind_label,
    kind_plural,
    matching_shortcuts,
)
from portal.views.base import render_portal

PER_GROUP = 5
PER_PAGE = 25
COUNT_CAP = 100  # all results: "Accounts (100+)"; a kind's own pages count every match
RECENT_SHOWN = 8
UNKNOWN_KIND = "There is no kind of record called “{kind}” you may search; showing all results."
TOO_SHORT = f"Type at least {MIN_WORD} characters, a record number (CS-000005) or a phone number."


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    return wrapper


def _find_url(**params) -> str:
    return f"{reverse('find')}?{urlencode({k: v for k, v in params.items() if v})}"


def _group(group, term: str, link: RecordLinks, *, shown_alone: bool) -> dict:
    model, name = group.model, group.model._meta.model_name
    style = style_of(model)
    return {
        "kind": name,
        "label": kind_plural(model),
        "icon": style.icon,
        "color": style.color,
        "total": group.total,
        "more_than": group.more_than,
        "rows": [
            {"title": row["title"], "detail": row["detail"], "url": link(model, row["id"])}
            for row in group.rows
        ],
        "more_url": ""
        if shown_alone or group.total <= len(group.rows)
        else _find_url(q=term, type=name),
    }


def _pager(term: str, kind: str, page: int, total: int) -> dict:
    last = max(1, -(-total // PER_PAGE))
    return {
        "number": page,
        "last": last,
        "previous_url": _find_url(q=term, type=kind, page=min(page - 1, last)) if page > 1 else "",
        "next_url": _find_url(q=term, type=kind, page=page + 1) if page < last else "",
    }


@require_GET
@signed_in
def results(request):
    term = " ".join(request.GET.get("q", "").split())[:MAX_TERM]
    allowed = {model._meta.model_name: model for model in allowed_models(request.user)}
    kind = request.GET.get("type", "").strip().lower()
    notice = ""
    if kind and kind not in allowed:
        notice, kind = UNKNOWN_KIND.format(kind=kind[:40]), ""
    page = min(parse_id(request.GET.get("page", "1")) or 1, 10_000)
    context = {"term": term, "kind": kind, "notice": notice, "groups": [], "shortcuts": []}
    context["all_url"] = _find_url(q=term)
    if term and not parse_term(term).searchable:
        context["notice"] = notice or TOO_SHORT
    link = RecordLinks()
    if kind:
        model = allowed[kind]
        offset = (page - 1) * PER_PAGE
        groups = search_groups(term, models={model}, limit=PER_PAGE, offset=offset)
        if groups:
            context["groups"] = [_group(groups[0], term, link, shown_alone=True)]
            context["pager"] = _pager(term, kind, page, groups[0].total)
        context["kind_label"] = kind_plural(model)
    elif term:
        groups = search_groups(
            term, models=set(allowed.values()), limit=PER_GROUP, match_cap=COUNT_CAP
        )
        context["groups"] = [_group(group, term, link, shown_alone=False) for group in groups]
        context["shortcuts"] = matching_shortcuts(request, term)
    context["total"] = sum(group["total"] for group in context["groups"])
    context["more_than"] = any(group["more_than"] for group in context["groups"])
    title = f"Search results for “{term}”" if term else "Search"
    return render_portal(request, "portal/find.html", context, title=title)


@require_GET
def recent(request):
    """The palette's "Recently viewed" list (an HTML fragment htmx puts in the palette)."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return HttpResponse(status=401)
    link = RecordLinks()
    rows = [
        {
            "title": _record_title(record),
            "kind": kind_label(type(record)),
            "icon": style_of(type(record)).icon,
            "url": link(type(record), record.pk),
        }
        for record in recent_records(user=user, limit=RECENT_SHOWN, models=allowed_models(user))
    ]
    return TemplateResponse(request, "portal/find_recent.html", {"rows": rows})


def _record_title(record) -> str:
    """A case reads "CS-000005 Printer offline", not just its number."""
    subject = getattr(record, "subject", "")
    number = getattr(record, "number", "")
    return f"{number} {subject}" if number and subject else str(record)
