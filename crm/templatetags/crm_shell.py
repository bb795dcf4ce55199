"""Template helpers of the shell every admin and portal page shares (issue 23): the list's
create button(s). Lightning names the button after what it creates ("New Account",
"New Knowledge Article"), never after the page it sits on."""

from django import template
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters, admin_urlname
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

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
