"""Attachments on record pages: the Attachments related-list card with its upload form and
the upload / remove endpoints every record admin gets from ``AttachmentsMixin``."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse

from crm.admin.kit.confirm import confirm_child_removal
from crm.admin.kit.feedback import refusals_as_toasts
from crm.admin.kit.related import Column, RelatedList
from crm.admin.kit.urls import problem
from crm.models import Attachment
from crm.selectors.accounts import record_attachments
from crm.services import attachments as attachment_services

ATTACHED = "File '{name}' was attached."
REMOVED = "File '{name}' was removed."
REMOVE_QUESTION = "Remove the file '{name}' from {record}? The file itself cannot be restored."


def _upload_context(request, record) -> dict:
    meta = record._meta
    return {
        "can_upload": attachment_services.can_attach(request.user, record),
        "upload_url": reverse(
            f"admin:{meta.app_label}_{meta.model_name}_attachment_upload", args=[record.pk]
        ),
        "max_mb": attachment_services.max_upload_bytes() // (1024 * 1024),
        "max_bytes": attachment_services.max_upload_bytes(),
        "too_large": attachment_services.TOO_LARGE.format(
            limit=attachment_services.max_upload_bytes() // (1024 * 1024)
        ),
    }


def _remove_action(request, record, attachment) -> list[tuple[str, str]]:
    if not attachment_services.can_remove(request.user, record):
        return []
    meta = record._meta
    url = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_attachment_remove",
        args=[record.pk, attachment.pk],
    )
    return [("Remove", url)]


def attachments_related_list() -> RelatedList:
    return RelatedList(
        key="attachments",
        title="Attachments",
        icon="attach_file",
        color="#706E6B",
        rows=record_attachments,
        columns=(
            Column("File", "original_filename", link=lambda a: a.get_download_url()),
            Column("Size", lambda a: filesizeformat(a.size)),
            Column("Uploaded by", "uploaded_by"),
            Column("Uploaded", "created_at"),
        ),
        allow_new=False,
        view_all_params=lambda record: {
            "content_type": ContentType.objects.get_for_model(record).pk,
            "object_id": record.pk,
        },
        extra_template="crm/includes/attachment_upload.html",
        extra_context=_upload_context,
        row_actions=_remove_action,
    )


class AttachmentsMixin:
    """Mix into a record admin: ``<id>/attachments/upload/`` and ``…/<pk>/remove/``."""

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/attachments/upload/",
                self.admin_site.admin_view(self.attachment_upload_view),
                name="{}_{}_attachment_upload".format(*info),
            ),
            path(
                "<path:object_id>/attachments/<int:attachment_id>/remove/",
                self.admin_site.admin_view(self.attachment_remove_view),
                name="{}_{}_attachment_remove".format(*info),
            ),
            *super().get_urls(),
        ]

    def _attachable_record(self, request, object_id):
        record = get_object_or_404(self.model._base_manager, pk=object_id)
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        return record

    def attachment_upload_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = self._attachable_record(request, object_id)
        with refusals_as_toasts(request):
            attachment = attachment_services.add_attachment(
                record=record, uploaded_file=request.FILES.get("file"), user=request.user
            )
            messages.success(request, ATTACHED.format(name=attachment.original_filename))
        return HttpResponseRedirect(f"{self.record_url(record)}#related")

    def attachment_remove_view(self, request, object_id, attachment_id):
        record = self._attachable_record(request, object_id)
        attachment = get_object_or_404(Attachment.objects.for_record(record), pk=attachment_id)
        if not attachment_services.can_remove(request.user, record):
            # Removing a file edits the record: one who may only read it is refused (in the
            # app's shell, like every refusal), even before the "Remove?" question.
            return problem(self, request, attachment_services.NOT_ALLOWED_TO_REMOVE, status=403)

        return confirm_child_removal(
            self,
            request,
            record,
            attachment,
            question=REMOVE_QUESTION.format(name=attachment, record=record),
            remove=lambda: attachment_services.remove_attachment(attachment, user=request.user),
            removed=REMOVED.format(name=attachment.original_filename),
        )
