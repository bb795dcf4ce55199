"""All attachments, read-only (the Attachments card's "View all"): files are added and
removed from their record's page (crm.admin.kit.attachments)."""

from pathlib import PurePath

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from unfold.admin import ModelAdmin

from crm.models import Attachment

# What a user calls the file, for the usual office formats; any other shows its extension.
FILE_TYPES = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "text/csv": "CSV",
    "text/plain": "Text",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "application/zip": "ZIP archive",
}


def file_type(attachment) -> str:
    """The type as users name it ("PDF", "Excel"…), else the file's extension ("ODT"), else
    its content type."""
    known = FILE_TYPES.get(attachment.mime_type.split(";")[0].strip().lower())
    if known:
        return known
    extension = PurePath(attachment.original_filename).suffix.lstrip(".").upper()
    return extension or attachment.mime_type or "—"


@admin.register(Attachment)
class AttachmentAdmin(ModelAdmin):
    """All files, read-only: files are added and removed from their record's page."""

    list_display = (
        "download",
        "type_display",
        "record_link",
        "size_display",
        "uploaded_by",
        "created_at",
    )
    list_select_related = ("uploaded_by", "content_type")
    search_fields = ("original_filename",)
    list_per_page = 50
    fields = ("download", "record_link", "mime_type", "size_display", "uploaded_by", "created_at")
    readonly_fields = fields

    @admin.display(description="File", ordering="original_filename")
    def download(self, obj):
        return format_html('<a class="crm-link" href="{}">{}</a>', obj.get_download_url(), obj)

    @admin.display(description="Record")
    def record_link(self, obj):
        record = obj.record
        if record is None:
            return "—"
        meta = record._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        return format_html(
            '<a class="crm-link" href="{}">{}</a> <span class="crm-muted">{}</span>',
            url,
            record,
            meta.verbose_name.capitalize(),
        )

    def get_queryset(self, request):
        # One query per kind of record for the "Record" column, not one per row.
        return super().get_queryset(request).prefetch_related("record")

    @admin.display(description="Type", ordering="mime_type")
    def type_display(self, obj):
        return format_html('<span title="{}">{}</span>', obj.mime_type or "", file_type(obj))

    @admin.display(description="Size", ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
