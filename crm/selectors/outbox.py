"""Outbox reads (issue 26): messages with what their rows show joined once — the Email
activity and the record and person it is filed under — and their attachments prefetched."""

from django.db.models import QuerySet

from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS
from crm.models.outbox import EmailMessage

LINKS = tuple(f"activity__{name}" for name in (*WHAT_FIELDS, *WHO_FIELDS))


def email_list() -> QuerySet:
    return (
        EmailMessage.objects.select_related("activity", "created_by", *LINKS)
        .prefetch_related("attachments")
        .order_by("-created_at", "-pk")
    )
