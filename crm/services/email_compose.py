"""What "Send Email" starts from on a contact, lead, opportunity or case (and Send Quote on a
quote): who it goes to, which record and person it is filed under, and a few built-in
templates that fill in names and amounts.

Templates are fixed text filled with ``str.format`` on known keys only: a value (a contact's
name, a subject someone typed) is inserted as it is and never read as a template itself, and
the worker sends the body as plain text plus escaped HTML, so nothing becomes markup."""

from dataclasses import dataclass

from django.utils import formats, timezone

from crm.formatting import format_money
from crm.models import Case, Contact, Lead, Opportunity, Quote


@dataclass(frozen=True)
class Recipient:
    to: str  # the address the dialog starts with ("" when the record has none)
    person: object | None  # the Contact or Lead the email's activity names ("who")
    related: object | None  # the record it is filed under ("what")


@dataclass(frozen=True)
class EmailTemplate:
    label: str
    subject: str
    body: str


SIGN_OFF = "\n\nBest regards,\n{sender_name}"
TEMPLATES: dict[str, EmailTemplate] = {
    "follow_up": EmailTemplate(
        "Follow-up",
        "Following up",
        "Hi {first_name},\n\nThank you for your time. I wanted to follow up on our conversation"
        " and see whether you have any questions." + SIGN_OFF,
    ),
    "meeting_recap": EmailTemplate(
        "Meeting recap",
        "Recap of our meeting",
        "Hi {first_name},\n\nThank you for meeting with us. Here is a short recap:\n\n- \n- \n\n"
        "Next steps:\n- " + SIGN_OFF,
    ),
    "proposal_sent": EmailTemplate(
        "Proposal sent",
        "Our proposal: {opportunity_name}",
        "Hi {first_name},\n\nAs promised, here is our proposal for {opportunity_name} at"
        " {amount}. We would be glad to start by {close_date}.\n\nLet me know if anything"
        " needs adjusting." + SIGN_OFF,
    ),
    "case_update": EmailTemplate(
        "Case update",
        "Update on your case {case_number}: {case_subject}",
        "Hi {first_name},\n\nHere is an update on your case {case_number} ({case_subject}),"
        " which is now {case_status}.\n\n" + SIGN_OFF.lstrip("\n"),
    ),
    "quote": EmailTemplate(
        "Quote",
        "Quote {quote_number}: {quote_name}",
        "Hi {first_name},\n\nPlease find attached our quote {quote_number} for {quote_name},"
        " totalling {quote_total}{expires}.\n\nReply to this email if you have any"
        " questions." + SIGN_OFF,
    ),
}
# Which templates suit which record (the first is the dialog's default).
TEMPLATES_FOR = {
    Contact: ("follow_up", "meeting_recap"),
    Lead: ("follow_up", "meeting_recap"),
    Opportunity: ("follow_up", "meeting_recap", "proposal_sent"),
    Case: ("case_update", "follow_up"),
    Quote: ("quote",),
}


def recipient(record) -> Recipient:
    """Who Send Email on ``record`` writes to by default, and what the email is filed under."""
    if isinstance(record, Contact | Lead):
        return Recipient(to=record.email or "", person=record, related=None)
    if isinstance(record, Opportunity):
        role = record.contact_roles.select_related("contact").first()  # primary first
        contact = role.contact if role else None
        return Recipient(to=_email_of(contact), person=contact, related=record)
    if isinstance(record, Case | Quote):
        contact = record.contact
        return Recipient(to=_email_of(contact), person=contact, related=record)
    return Recipient(to="", person=None, related=record)


def _email_of(contact) -> str:
    return (contact.email or "") if contact is not None else ""


def template_choices(record) -> list[tuple[str, str]]:
    return [(key, TEMPLATES[key].label) for key in TEMPLATES_FOR.get(type(record), ())]


def render_template(key: str, *, record, user) -> tuple[str, str]:
    """The template's (subject, body) filled in for ``record`` and the sending ``user``."""
    template = TEMPLATES[key]
    values = template_values(record, user=user)
    return template.subject.format(**values), template.body.format(**values)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "the agreed date"


def template_values(record, *, user) -> dict[str, str]:
    person = recipient(record).person
    values = {
        "sender_name": (user.get_full_name() or user.get_username()) if user else "The team",
        "first_name": (getattr(person, "first_name", "") or "").strip() or "there",
        "opportunity_name": "",
        "amount": "",
        "close_date": "",
        "case_number": "",
        "case_subject": "",
        "case_status": "",
        "quote_number": "",
        "quote_name": "",
        "quote_total": "",
        "expires": "",
    }
    if isinstance(record, Opportunity):
        amount = Opportunity.objects.with_amount().filter(pk=record.pk).values("amount").first()
        values |= {
            "opportunity_name": record.name,
            "amount": format_money((amount or {}).get("amount") or 0, record.currency),
            "close_date": _date(record.close_date),
        }
    elif isinstance(record, Case):
        values |= {
            "case_number": record.number,
            "case_subject": record.subject,
            "case_status": record.get_status_display().lower(),
        }
    elif isinstance(record, Quote):
        total = Quote.objects.with_total().filter(pk=record.pk).values("total").first()
        expires = record.expiration_date
        values |= {
            "quote_number": record.number,
            "quote_name": record.name,
            "quote_total": format_money((total or {}).get("total") or 0, record.currency),
            "expires": f", valid until {_date(expires)}"
            if expires and expires >= timezone.localdate()
            else "",
        }
    return values
