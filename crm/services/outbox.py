"""Email from the CRM (issue 26), all through one outbox: ``queue_email`` checks the addresses
and headers, records the ``EmailMessage`` (queued) with its attachments and the completed Email
activity it shows as, and queues the worker's send (``crm.tasks.outbox.send_email``) for after
the transaction commits. ``retry_email`` queues a failed one again.

Header injection is refused here (a newline in a subject or an address), before anything is
stored; the worker's HTML part is the escaped text, so what a user typed never becomes markup.
"""

import mimetypes

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models.activities import Activity, ActivityType, TaskStatus, TaskSubtype
from crm.models.activity_links import WHAT_LINKS, WHO_LINKS
from crm.models.outbox import EmailAttachment, EmailMessage, EmailStatus
from crm.queueing import queue_task
from crm.services.records import is_admin, save_record
from crm.services.transitions import lock

SEND_TASK = "crm.tasks.outbox.send_email"
ACTIVITY_SUBJECT = "Email: {subject}"

NOT_ALLOWED = "You do not have permission to send email from the CRM."
NO_RECIPIENT = "Enter at least one address to send the email to."
BAD_ADDRESS = "'{address}' is not a valid email address."
INJECTION = "{what} cannot contain line breaks."
NO_SUBJECT = "Enter a subject."
SUBJECT_TOO_LONG = "The subject can have at most 255 characters (it has {count})."
NO_BODY = "Enter the email's text."
NO_OWNER = "A system email needs a related record with an owner (or a sending user)."
ONLY_ADMINS_RETRY = "Only admins can retry an email."
NOT_FAILED = "Only a failed email can be retried; this one is {status}."
EMPTY_ATTACHMENT = "The attachment '{name}' is empty."


def can_send(user) -> bool:
    return bool(user and user.is_active and user.has_perm("crm.add_emailmessage"))


def can_retry(user) -> bool:
    return bool(user and user.is_active and is_admin(user))


def _refuse_newlines(value: str, what: str) -> None:
    if "\n" in value or "\r" in value:
        raise BusinessRuleError(INJECTION.format(what=what))


def normalise_addresses(value, *, what: str, required: bool = False) -> str:
    """``value`` (a string of addresses separated by commas or semicolons, or a list of them)
    as one checked, comma-separated string; refuses a bad address or a line break."""
    parts = [value] if isinstance(value, str) else list(value or ())
    addresses = []
    for part in parts:
        _refuse_newlines(str(part), what)
        for raw in str(part).replace(";", ",").split(","):
            address = raw.strip()
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError:
                raise BusinessRuleError(BAD_ADDRESS.format(address=address[:100])) from None
            if address.lower() not in {a.lower() for a in addresses}:
                addresses.append(address)
    if required and not addresses:
        raise BusinessRuleError(NO_RECIPIENT)
    return ", ".join(addresses)


def clean_subject(subject: str) -> str:
    subject = (subject or "").strip()
    _refuse_newlines(subject, "The subject")
    if not subject:
        raise BusinessRuleError(NO_SUBJECT)
    if len(subject) > 255:
        raise BusinessRuleError(SUBJECT_TOO_LONG.format(count=len(subject)))
    return subject


def _link_field(record, links) -> str | None:
    if record is None:
        return None
    label = f"{record._meta.app_label}.{type(record).__name__}"
    return next((link.field for link in links if link.model == label), None)


def _email_activity(*, user, subject: str, body: str, related, person) -> Activity:
    """The completed Email task the message shows as: on ``related``'s Activity tab and, via
    the roll-up, its account's timeline."""
    links = {}
    if field := _link_field(related, WHAT_LINKS):
        links[field] = related
    if field := _link_field(person, WHO_LINKS):
        links[field] = person
    owner = user or getattr(related, "owner", None) or getattr(person, "owner", None)
    if owner is None:
        raise BusinessRuleError(NO_OWNER)
    title = ACTIVITY_SUBJECT.format(subject=subject)
    activity = Activity(
        type=ActivityType.TASK,
        task_subtype=TaskSubtype.EMAIL,
        status=TaskStatus.COMPLETED,
        subject=title[:255],
        description=body,
        due_date=timezone.localdate(),
        assigned_to=owner,
        owner=owner,
        **links,
    )
    return save_record(activity, user=owner)


def _store_attachments(message: EmailMessage, attachments) -> None:
    for filename, content, mimetype in attachments:
        name = (filename or "attachment").replace("\r", "").replace("\n", "")[:255]
        if not content:
            raise BusinessRuleError(EMPTY_ATTACHMENT.format(name=name))
        attachment = EmailAttachment(
            message=message,
            filename=name,
            content_type=(mimetype or mimetypes.guess_type(name)[0] or "application/octet-stream")[
                :150
            ],
            size=len(content),
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()


def queue_email(
    *,
    user,
    to,
    subject: str,
    body: str,
    cc=(),
    related=None,
    person=None,
    attachments=(),
    dedupe_key: str | None = None,
    reply_to: str = "",
) -> EmailMessage:
    """Record an email and queue its send. ``to``/``cc``: a string or a list of addresses;
    ``attachments``: ``(filename, bytes, mimetype)``; ``related``: the record it is about (any
    kind an Activity relates to); ``person``: the contact or lead. ``user`` None is the system
    (billing run, reminders). A ``dedupe_key`` used before returns that message, sending
    nothing."""
    if user is not None and not can_send(user):
        raise BusinessRuleError(NOT_ALLOWED)
    if dedupe_key and (first := EmailMessage.objects.filter(dedupe_key=dedupe_key).first()):
        return first
    to_addresses = normalise_addresses(to, what="The To address", required=True)
    cc_addresses = normalise_addresses(cc, what="The Cc address")
    reply_to = normalise_addresses(reply_to, what="The reply-to address")
    subject = clean_subject(subject)
    if not (body or "").strip():
        raise BusinessRuleError(NO_BODY)
    try:
        with transaction.atomic():
            message = EmailMessage.objects.create(
                to_addresses=to_addresses,
                cc_addresses=cc_addresses,
                reply_to=reply_to[:254],
                subject=subject,
                body=body,
                dedupe_key=dedupe_key or None,
                created_by=user,
                activity=_email_activity(
                    user=user, subject=subject, body=body, related=related, person=person
                ),
            )
            _store_attachments(message, attachments)
            queue_task(SEND_TASK, message.pk)
    except IntegrityError:
        # The same key claimed at the same moment by another transaction: that one is it.
        first = EmailMessage.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None
        if first is None:
            raise
        return first
    return message


@transaction.atomic
def retry_email(message: EmailMessage, *, user) -> EmailMessage:
    """Queue a failed email again (admins): queued again, with a fresh round of attempts
    (``attempts`` keeps counting every try)."""
    if not can_retry(user):
        raise BusinessRuleError(ONLY_ADMINS_RETRY)
    locked = lock(message)
    if locked.status != EmailStatus.FAILED:
        raise BusinessRuleError(NOT_FAILED.format(status=locked.get_status_display().lower()))
    locked.status = EmailStatus.QUEUED
    locked.save(update_fields=["status", "updated_at"])
    queue_task(SEND_TASK, locked.pk)
    message.status = locked.status
    return locked
