"""One icon and colour per kind of record (UI.md "object icons"), used by the sidebar, the
record header, related-list cards and the command palette, so a record type looks the same
everywhere. Icons are Material Symbols names (Unfold ships the font)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ObjectStyle:
    icon: str
    color: str


DEFAULT = ObjectStyle("description", "#0176D3")

OBJECTS: dict[str, ObjectStyle] = {
    "account": ObjectStyle("apartment", "#5A1BA9"),
    "contact": ObjectStyle("contacts", "#A094ED"),
    "lead": ObjectStyle("person_search", "#FF5D2D"),
    "opportunity": ObjectStyle("trending_up", "#FF9A3C"),
    "opportunitylineitem": ObjectStyle("inventory_2", "#3BA755"),
    "opportunitycontactrole": ObjectStyle("badge", "#A094ED"),
    "product": ObjectStyle("inventory_2", "#3BA755"),
    "quote": ObjectStyle("request_quote", "#0EB58A"),
    "order": ObjectStyle("receipt_long", "#0B5CAB"),
    "payment": ObjectStyle("payments", "#04844B"),
    "contract": ObjectStyle("contract", "#C6A900"),
    "asset": ObjectStyle("devices", "#0B5CAB"),
    "case": ObjectStyle("support_agent", "#F4BC25"),
    "solution": ObjectStyle("lightbulb", "#F4BC25"),
    "knowledgearticle": ObjectStyle("menu_book", "#3BA755"),
    "campaign": ObjectStyle("campaign", "#F49756"),
    "campaignmember": ObjectStyle("groups", "#F49756"),
    "task": ObjectStyle("task_alt", "#4BC076"),
    "event": ObjectStyle("event", "#CB65FF"),
    "call": ObjectStyle("call", "#30C85A"),
    "email": ObjectStyle("mail", "#939393"),
    "emailmessage": ObjectStyle("outgoing_mail", "#939393"),
    "activity": ObjectStyle("task_alt", "#4BC076"),
    "attachment": ObjectStyle("attach_file", "#706E6B"),
    "user": ObjectStyle("person", "#0176D3"),
    "apitoken": ObjectStyle("key", "#706E6B"),
    "companyinformation": ObjectStyle("domain", "#706E6B"),
}


def style_of(model_or_name) -> ObjectStyle:
    """The style of a model class, instance or lower-case model name."""
    name = model_or_name if isinstance(model_or_name, str) else model_or_name._meta.model_name
    return OBJECTS.get(name, DEFAULT)
