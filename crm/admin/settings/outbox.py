"""Settings → Outbox (issue 26, admins): every email the CRM sent or is sending, read-only —
when, to whom, about which record, its status (failed in red), attempts and last error — with
the list views Failed and Queued and "Retry" for failed ones (the header button and the bulk
action; crm.services.outbox.retry_email). Nothing is added, edited or deleted here: emails are
written by Send Email, Send Quote, Send Invoice and the reminders."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path as url_path
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from unfold.decorators import action, display

from crm.admin.kit import header as record_header
from crm.admin.kit.activity_tab import admin_url
from crm.admin.kit.confirm import Confirmation, confirm_bulk, confirm_record
from crm.admin.kit.list_views import ListView
from crm.admin.kit.record_admin import RecordAdmin
from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS
from crm.models.outbox import EmailAttachment, EmailMessage, EmailStatus
from crm.selectors.history import EMPTY, FieldChange
from crm.services.outbox import can_retry, retry_email

STATUS_LABELS = {"Failed": "danger", "Sent": "success", "Queued": "info"}
LINKS = tuple(f"activity__{name}" for name in (*WHAT_FIELDS, *WHO_FIELDS))


def _retry(request, message, *, version, data):
    retry_email(message, user=request.user)


def _retried(message) -> str:
    message.refresh_from_db()
    return "was sent" if message.status == EmailStatus.SENT else "was queued again"


RETRY = Confirmation(
    verb="Retry",
    question="Send {record} again? The worker tries it up to five more times.",
    done=_retried,
    run=_retry,
    danger=False,
    needs_version=False,
)
RETRY_BULK = Confirmation(
    verb="Retry",
    question="Send the selected emails again?",
    done="was queued again",
    bulk_done="queued again",
    run=_retry,
    danger=False,
    needs_version=False,
)


def _status_view(status: str):
    return lambda queryset, request: queryset.filter(status=status)


@admin.register(EmailMessage)
class OutboxAdmin(RecordAdmin):
    list_display = ("when", "to_addresses", "subject", "related_link", "status_pill", "attempts")
    list_display_links = ("subject",)
    list_select_related = ("activity", *LINKS)
    search_fields = ("subject", "to_addresses")
    search_help_text = "Search by subject or address"
    ordering = ("-created_at", "-pk")
    show_full_result_count = False
    list_views = (
        ListView("failed", "Failed", _status_view(EmailStatus.FAILED)),
        ListView("queued", "Queued", _status_view(EmailStatus.QUEUED)),
        ListView("sent", "Sent", _status_view(EmailStatus.SENT)),
    )
    highlight_fields = ("status_pill", "to_addresses", "when", "attempts", "related_link")

    def changelist_view(self, request, extra_context=None):
        # The list is the Outbox (as the sidebar says); its rows and views are emails.
        return super().changelist_view(request, {"title": "Outbox", **(extra_context or {})})

    header_actions = ("retry_detail",)
    actions = ["retry_selected"]
    remember_views = False
    fieldsets = (
        (
            "Message",
            {"fields": ("to_addresses", "cc_addresses", "reply_to", "subject", "body_text")},
        ),
        ("Attachments", {"fields": ("attachment_links",)}),
        (
            "Delivery",
            {"fields": ("status_pill", "attempts", "last_error", "sent_at", "created_at")},
        ),
        ("Filed under", {"fields": ("related_link", "person_link", "created_by")}),
    )
    readonly_fields = (
        "to_addresses",
        "cc_addresses",
        "reply_to",
        "subject",
        "body_text",
        "attachment_links",
        "status_pill",
        "attempts",
        "last_error",
        "sent_at",
        "created_at",
        "related_link",
        "person_link",
        "created_by",
    )

    # --- read-only ------------------------------------------------------------------------------
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity", "created_by", *LINKS)

    # One page, no tabs: a message has no related lists, activity or field history of its own
    # (its Email activity is on the related record's timeline).
    def tab_panels(self, request, obj, opened):
        return []

    def get_tab_context(self, request, obj, tab):
        return {}

    def record_tab_view(self, request, object_id, tab):
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        """A message is never edited: its history is its delivery (queued, then sent or
        failed with the last error)."""
        message = self.get_record(request, object_id)
        if message is None:
            raise Http404
        if not self.has_view_permission(request, message):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {message}",
            "opts": self.model._meta,
            "original": message,
            "highlights": record_header.highlights(self, request, message),
            "record_actions": [],
            "record_url": self.record_url(message),
            "changes": delivery_history(message),
            "page_number": 1,
            "pages": 1,
        }
        return TemplateResponse(request, "crm/admin/record_history.html", context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        for name in ("change_owner_selected", "deactivate_selected"):
            actions.pop(name, None)
        return actions

    # --- columns --------------------------------------------------------------------------------
    @display(description="Sent at / Created", ordering="created_at")
    def when(self, obj):
        moment = timezone.localtime(obj.sent_at or obj.created_at)
        return date_format(moment, "DATETIME_FORMAT")

    @display(description="Status", ordering="status", label=STATUS_LABELS)
    def status_pill(self, obj):
        return obj.get_status_display()

    @display(description="Related to")
    def related_link(self, obj):
        return _link(obj.related)

    @display(description="Name")
    def person_link(self, obj):
        return _link(obj.person)

    @display(description="Body")
    def body_text(self, obj):
        return format_html('<div class="crm-email-body">{}</div>', obj.body)

    @display(description="Files")
    def attachment_links(self, obj):
        files = list(obj.attachments.all())
        if not files:
            return "—"
        return format_html_join(
            " ",
            '<a class="crm-link" href="{}">{}</a> <span class="crm-muted">({})</span>',
            (
                (
                    reverse("admin:crm_emailmessage_attachment", args=[obj.pk, item.pk]),
                    item.filename,
                    filesizeformat(item.size),
                )
                for item in files
            ),
        )

    # --- the attachments, streamed to admins (private storage, no public URL) -------------------
    def get_urls(self):
        view = self.admin_site.admin_view(self.attachment_view)
        return [
            url_path(
                "<int:object_id>/attachment/<int:attachment_id>/",
                view,
                name="crm_emailmessage_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id, attachment_id):
        if not self.has_view_permission(request):
            raise Http404
        item = EmailAttachment.objects.filter(pk=attachment_id, message_id=object_id).first()
        if item is None:
            raise Http404
        return FileResponse(
            item.file.open("rb"),
            as_attachment=True,
            filename=item.filename,
            content_type=item.content_type,
        )

    # --- Retry ----------------------------------------------------------------------------------
    def has_retry_permission(self, request, object_id=None):
        if not can_retry(request.user) or not request.user.has_perm("crm.change_emailmessage"):
            return False
        if object_id is None:
            return True
        record = self.get_record(request, object_id)
        return record is not None and record.status == EmailStatus.FAILED

    @action(description="Retry", url_path="retry", permissions=["retry"], icon="send")
    def retry_detail(self, request, object_id):
        message = self.get_record_or_404(object_id)
        return confirm_record(self, request, message, RETRY)

    @admin.action(description="Retry selected failed emails", permissions=["retry"])
    def retry_selected(self, request, queryset):
        failed = queryset.filter(status=EmailStatus.FAILED)
        skipped = queryset.count() - failed.count()
        if skipped and request.POST.get("post") == "yes":
            messages.warning(request, f"{skipped} email(s) not failed, not retried.")
        return confirm_bulk(self, request, failed, RETRY_BULK, action="retry_selected")


def delivery_history(message) -> list[FieldChange]:
    """Newest first: the outcome (sent, or failed with its error), then the queueing."""
    rows = [
        FieldChange(
            date=message.created_at,
            user=message.created_by,
            field="Queued",
            old=EMPTY,
            new=f"To {message.to_addresses}",
            kind="created",
        )
    ]
    if message.status == EmailStatus.SENT:
        attempts = f"after {message.attempts} attempt(s)"
        rows.append(FieldChange(message.sent_at, None, "Status", "Queued", f"Sent {attempts}"))
    elif message.status == EmailStatus.FAILED:
        failed = f"Failed after {message.attempts} attempt(s): {message.last_error}"
        rows.append(FieldChange(message.updated_at, None, "Status", "Queued", failed))
    return rows[::-1]


def _link(record):
    if record is None:
        return "—"
    url = admin_url(record)
    label = record._meta.verbose_name.capitalize()
    if url is None:
        return format_html("{} <span class='crm-muted'>{}</span>", record, label)
    return format_html(
        '<a class="crm-link" href="{}">{}</a> <span class="crm-muted">{}</span>', url, record, label
    )
