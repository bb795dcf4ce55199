"""The command palette's search (UNFOLD["COMMAND"]["search_callback"]): the pages and commands
the term names, a few records per kind the user may view (crm.selectors.search: numbers,
names, subjects, titles, emails, phone numbers), then "See all results" opening /find/.
Replaces Unfold's built-in model search, which loads every match of every admin.

Unfold lists its own matches of object list names first (so lists are not repeated here) and
caches the whole answer per user and lower-cased term for five minutes."""

from django.urls import reverse
from django.utils.http import urlencode
from unfold.dataclasses import SearchResult

from crm.objects import style_of
from crm.selectors.search import MAX_TERM, search_records
from portal.search_links import RecordLinks, allowed_models, kind_label, matching_shortcuts

SHORTCUTS_SHOWN = 8
SEE_ALL = "See all results for “{term}”"


def search(request, term: str) -> list[SearchResult]:
    # Unfold hands over the term lower-cased; the "See all" entry repeats what was typed.
    typed = " ".join(request.GET.get("s", term).split())[:MAX_TERM] or term
    results = [
        SearchResult(title=item.title, description=item.description, link=item.url, icon=item.icon)
        for item in matching_shortcuts(request, typed)
        if not item.is_list
    ][:SHORTCUTS_SHOWN]
    link = RecordLinks()
    for model, rows in search_records(typed, models=set(allowed_models(request.user))):
        kind = kind_label(model)
        for row in rows:
            results.append(
                SearchResult(
                    title=row["title"],
                    description=f"{kind} · {row['detail']}" if row["detail"] else kind,
                    link=link(model, row["id"]),
                    icon=style_of(model).icon,
                )
            )
    results.append(
        SearchResult(
            title=SEE_ALL.format(term=typed),
            description="All records, grouped by object",
            link=f"{reverse('find')}?{urlencode({'q': typed})}",
            icon="manage_search",
        )
    )
    return results
