"""Template helpers of the shell every admin and portal page shares (issue 23): the list's
create button(s) — named, as in Lightning, after what they create ("New Account"), never after
the page they sit on — and the parts of the shell drawn once and reused (``drawn_once``: the
sidebar's entries, the shortcuts and search dialogs)."""

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
SHORTCUTS_TEMPLATE = "unfold/helpers/shortcuts.html"
COMMAND_TEMPLATE = "unfold/helpers/command.html"
FRAGMENT_VARIANTS = 512  # sidebars (entries a user may see × the active one) and the two dialogs
_fragments: dict[tuple, str] = {}


def drawn_once(context, name: str, key: tuple | None) -> str:
    """Unfold's own template ``name`` (the one ours overrides to call this), drawn once per
    ``key`` and language and then reused; drawn every time when ``key`` is None. ``key`` must
    hold everything that template reads from the context."""
    full_key = None if key is None else (name, get_language(), *key)
    html = _fragments.get(full_key) if full_key is not None else None
    if html is None:
        engine = context.template.engine
        _ours, origin = engine.find_template(name)
        unfolds, _origin = engine.find_template(name, skip=[origin])
        html = unfolds.render(context)
        if full_key is not None:
            if len(_fragments) >= FRAGMENT_VARIANTS:
                _fragments.clear()
            _fragments[full_key] = html
    return mark_safe(html)  # noqa: S308 - Unfold's template output, escaped by it


def _sidebar_key(context) -> tuple | None:
    """Everything Unfold's sidebar template draws from, or None when some of it is not plain
    data (a badge or link callback, sub-entries, the "All applications" panel)."""
    if context.get("sidebar_show_all_applications"):
        return None
    parts = []
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
    """The sidebar's entries: every page draws the same few dozen links (~2 ms a page)."""
    return drawn_once(context, SIDEBAR_TEMPLATE, _sidebar_key(context))


@register.simple_tag(takes_context=True)
def shortcuts_dialog(context) -> str:
    """The "Available shortcuts" dialog ("?"): the same on every page, but for the keys it
    names on a Mac."""
    request = context["request"]
    mac = "Macintosh" in request.META.get("HTTP_USER_AGENT", "")
    return drawn_once(context, SHORTCUTS_TEMPLATE, (request.user.is_staff, mac))


@register.simple_tag(takes_context=True)
def command_dialog(context) -> str:
    """The search dialog (Ctrl+K), empty until typed into: the same on every page."""
    staff = context["request"].user.is_staff
    return drawn_once(context, COMMAND_TEMPLATE, (staff, bool(context.get("command_show_history"))))
