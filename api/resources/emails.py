"""The outbox (issue 26): ``GET /emails/`` and ``/emails/{id}/`` for admins (read-only: the
worker writes the status); ``POST /emails/`` sends an email from the CRM — the same checks as
the Send Email dialog (crm.services.outbox.queue_email: addresses, no line breaks in headers,
subject and body), optionally from a contact, lead, opportunity, case or quote, which supplies
the default To, a template and where the email is filed; ``POST /emails/{id}/retry/`` queues a
failed one again (admins)."""

import django_filters
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied

from api.kit.records import ReadRecordViewSet, TimestampFilterSet, record_action
from api.kit.strict import StrictInput
from api.kit.versions import current_version
from crm.errors import ConcurrencyError
from crm.models import Case, Contact, Lead, Opportunity, Quote
from crm.models.outbox import EmailMessage, EmailStatus
from crm.selectors.outbox import email_list
from crm.services import email_compose
from crm.services.outbox import queue_email, retry_email

FROM_KINDS = {
    "contact": Contact,
    "lead": Lead,
    "opportunity": Opportunity,
    "case": Case,
    "quote": Quote,
}
ONE_SOURCE = "Name at most one record to send from."
NOT_VIEWABLE = "You cannot see this {kind}."
UNKNOWN_TEMPLATE = "'{key}' is not a template for a {kind}; choose one of: {choices}."


def _ref(record) -> dict | None:
    if record is None:
        return None
    return {"type": record._meta.model_name, "id": record.pk, "name": str(record)}


class AttachmentSerializer(serializers.Serializer):
    filename = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)


class EmailSerializer(serializers.ModelSerializer):
    to = serializers.CharField(source="to_addresses", read_only=True)
    cc = serializers.CharField(source="cc_addresses", read_only=True)
    related = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = EmailMessage
        fields = (
            "id",
            "to",
            "cc",
            "reply_to",
            "subject",
            "body",
            "status",
            "attempts",
            "last_error",
            "sent_at",
            "related",
            "person",
            "activity",
            "attachments",
            "created_by",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_related(self, message) -> dict | None:
        return _ref(message.related)

    def get_person(self, message) -> dict | None:
        return _ref(message.person)


class SendEmailInput(StrictInput, serializers.Serializer):
    to = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Addresses separated by commas; default: the record's contact or lead.",
    )
    cc = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    subject = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    template = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="A built-in template of the record (fills a missing subject and body).",
    )
    contact = serializers.IntegerField(required=False, min_value=1)
    lead = serializers.IntegerField(required=False, min_value=1)
    opportunity = serializers.IntegerField(required=False, min_value=1)
    case = serializers.IntegerField(required=False, min_value=1)
    quote = serializers.IntegerField(required=False, min_value=1)

    def validate(self, data):
        sources = [kind for kind in FROM_KINDS if kind in data]
        if len(sources) > 1:
            raise serializers.ValidationError({sources[1]: [ONE_SOURCE]})
        record = None
        if sources:
            kind = sources[0]
            model = FROM_KINDS[kind]
            user = self.context["request"].user
            record = model._base_manager.filter(pk=data[kind]).first()
            if record is None or not user.has_perm(f"crm.view_{model._meta.model_name}"):
                raise serializers.ValidationError({kind: [NOT_VIEWABLE.format(kind=kind)]})
        data["record"] = record
        return data


class EmailFilter(TimestampFilterSet):
    status = django_filters.ChoiceFilter(choices=EmailStatus.choices)

    class Meta:
        model = EmailMessage
        fields = ("status",)


class EmailViewSet(ReadRecordViewSet):
    """The outbox: every email the CRM sent or is sending, with its status, attempts and last
    error (admins). ``POST`` sends one (anyone who may send email)."""

    queryset = email_list()
    serializer_class = EmailSerializer
    filterset_class = EmailFilter
    search_fields = ("subject", "to_addresses")
    ordering_fields = ("id", "created_at", "sent_at", "updated_at")

    def get_serializer_class(self):
        if self.action == "create":
            return SendEmailInput
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        """Send an email from the CRM (the Send Email dialog's checks); 201 with the message,
        queued — or already sent, when no worker runs."""
        form = SendEmailInput(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        record = data["record"]
        subject, body = data.get("subject", ""), data.get("body", "")
        if key := data.get("template"):
            keys = dict(email_compose.template_choices(record)) if record else {}
            if key not in keys:
                kind = record._meta.model_name if record else "email without a record"
                choices = ", ".join(keys) or "none"
                raise serializers.ValidationError(
                    {"template": [UNKNOWN_TEMPLATE.format(key=key, kind=kind, choices=choices)]}
                )
            filled = email_compose.render_template(key, record=record, user=request.user)
            subject, body = subject or filled[0], body or filled[1]
        target = email_compose.recipient(record) if record else None
        message = queue_email(
            user=request.user,
            to=data.get("to") or (target.to if target else ""),
            cc=data.get("cc", ""),
            subject=subject,
            body=body,
            related=target.related if target else None,
            person=target.person if target else None,
        )
        return self.record_response(
            message, status=status.HTTP_201_CREATED, serializer_class=EmailSerializer
        )

    def check_precondition(self, record, version: int) -> None:
        current = EmailMessage.objects.select_for_update().filter(pk=record.pk).first()
        if current is None or current_version(current) != version:
            raise ConcurrencyError()

    @record_action(
        "retry",
        summary="Send a failed email again (admins)",
        permissions=("crm.change_emailmessage",),
    )
    def retry(self, record, *, user, version):
        if not user.has_perm("crm.change_emailmessage"):
            raise PermissionDenied()
        retry_email(record, user=user)
