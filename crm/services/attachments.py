"""Adding and removing files on records (SPEC §6 Attachment)."""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from crm.errors import BusinessRuleError
from crm.models import Attachment

TOO_LARGE = "The file is too large. The maximum size is {limit} MB."
EMPTY_FILE = "The file is empty."
NO_FILE = "Choose a file to upload."
NOT_ALLOWED_TO_ATTACH = "You do not have permission to add files to this record."
NOT_ALLOWED_TO_REMOVE = "You do not have permission to remove files from this record."
# The trace a removal leaves in the record's history (its full History page shows the reason).
REMOVED_FROM_RECORD = "File '{name}' was removed."


def max_upload_bytes() -> int:
    return settings.CRM_MAX_UPLOAD_MB * 1024 * 1024


def _permission(record, action: str) -> str:
    meta = record._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def can_attach(user, record) -> bool:
    """Adding a file is an edit of the record: it needs both permissions."""
    return user.has_perm("crm.add_attachment") and user.has_perm(_permission(record, "change"))


def can_remove(user, record) -> bool:
    """Removing a file is an edit of the record too: the same rule as adding one."""
    return user.has_perm("crm.delete_attachment") and user.has_perm(_permission(record, "change"))


def can_download(user, attachment: Attachment) -> bool:
    model = attachment.content_type.model_class()
    if model is None:
        return False
    meta = model._meta
    permission = f"{meta.app_label}.view_{meta.model_name}"
    return bool(user.is_active and user.is_staff and user.has_perm(permission))


def _original_name(uploaded_file) -> str:
    # Browsers on Windows may send the full path; keep only the file's own name.
    name = PurePosixPath((uploaded_file.name or "").replace("\\", "/")).name.strip()
    if len(name) > 255:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[: 254 - len(suffix)]}.{suffix}" if dot and len(suffix) < 16 else name[:255]
    return name or "file"


@transaction.atomic
def add_attachment(*, record, uploaded_file, user) -> Attachment:
    if uploaded_file is None:
        raise BusinessRuleError(NO_FILE)
    if not can_attach(user, record):
        raise BusinessRuleError(NOT_ALLOWED_TO_ATTACH)
    if uploaded_file.size > max_upload_bytes():
        raise BusinessRuleError(TOO_LARGE.format(limit=settings.CRM_MAX_UPLOAD_MB))
    if not uploaded_file.size:
        raise BusinessRuleError(EMPTY_FILE)
    name = _original_name(uploaded_file)
    mime_type = (
        getattr(uploaded_file, "content_type", None)
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        original_filename=name,
        mime_type=mime_type[:150],
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save(name, uploaded_file, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, user) -> None:
    """Delete the file and leave a row in the record's history (who, when, which file):
    attachments are not versioned themselves, the record they belong to is."""
    record = attachment.record
    if record is None or not can_remove(user, record):
        raise BusinessRuleError(NOT_ALLOWED_TO_REMOVE)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    type(record).history.bulk_history_create(
        [record],
        update=True,
        default_user=user,
        default_change_reason=REMOVED_FROM_RECORD.format(name=attachment.original_filename),
    )
    # The row is the source of truth: drop the file only once its removal is committed.
    transaction.on_commit(lambda: storage.delete(name))
