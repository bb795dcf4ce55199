"""Template helpers of the shell every admin and portal page shares (issue 23): the list's
create button(s) and the sidebar's entries. Lightning names the button after what it creates
("New Account", "New Knowledge Article"), never after the page it sits on."""

from django import template
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters, admin_urlname
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


def headline(text: str) -> str:
    """Salesforce's object-name casing: each word capitalised, acronyms kept ("API token" →
    "API Token"; ``str.title`` would say "Api Token")."""
    return " ".join(word[:1].upper() + word[1:] for word in str(text).split(" "))


@register.simple_tag(takes_context=True)
def create_buttons(context, cl) -> list[dict[str, str]]:
    """The changelist's create buttons as ``[{"object", "url", "icon"}]`` ("New <Object>"), or
    one per entry of the admin's ``add_variants`` (``(("Task", {"type": "task"}, "add_task"),
    …)``: name, add-form query, Material icon) when the add form makes several kinds of record
    (activities: New Task / New Event); on a phone those show as their icons. The list's
    filters ride along as ``_changelist_filters`` so saving returns to the same list."""
    try:
        add_url = reverse(admin_urlname(cl.opts, "add"))
    except NoReverseMatch:
        return []
    variants = getattr(cl.model_admin, "add_variants", None) or ((cl.opts.verbose_name, {}, "add"),)
    buttons = []
    for name, query, icon in variants:
        url = f"{add_url}?{urlencode(query)}" if query else add_url
        url = add_preserved_filters(
            context, url, popup=context.get("is_popup"), to_field=context.get("to_field")
        )
        buttons.append({"object": headline(name), "url": url, "icon": icon})
    return buttons


SIDEBAR_TEMPLATE = "unfold/helpers/app_list.html"
SIDEBAR_VARIANTS = 512  # entries a user may see × the entry marked active × languages
_sidebars: dict[tuple, str] = {}


def _sidebar_key(context) -> tuple | None:
    """Everything Unfold's sidebar template draws from, or None when some of it is not plain
    data (a badge or link callback, sub-entries, the "All applications" panel)."""
    if context.get("sidebar_show_all_applications"):
        return None
    parts = [get_language()]
    for group in context.get("sidebar_navigation") or ():
        for entry in (group, *group.get("items", ())):
            for key, value in entry.items():
                if key == "items" and entry is group:
                    continue
                if value is not None and not isinstance(value, str | bool | int):
                    return None
                parts.append((key, value))
        parts.append(None)
    return tuple(parts)


@register.simple_tag(takes_context=True)
def sidebar_entries(context) -> str:
    """Unfold's sidebar entries (its own template), drawn once per set of entries and active
    entry and then reused: every page draws the same few dozen links (~2 ms a page)."""
    key = _sidebar_key(context)
    html = _sidebars.get(key) if key is not None else None
    if html is None:
        engine = context.template.engine
        _ours, origin = engine.find_template(SIDEBAR_TEMPLATE)
        unfolds, _origin = engine.find_template(SIDEBAR_TEMPLATE, skip=[origin])
        html = unfolds.render(context)
        if key is not None:
            if len(_sidebars) >= SIDEBAR_VARIANTS:
                _sidebars.clear()
            _sidebars[key] = html
    return mark_safe(html)  # noqa: S308 - Unfold's template output, escaped by it
