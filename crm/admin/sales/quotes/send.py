"""Send Quote (issue 26) on a presented quote: the Send Email dialog addressed to the quote's
bill-to contact, with the Quote template and the quote's PDF (crm.documents.quotes) attached;
the email is filed under the quote, so it shows on the quote's and the account's timeline."""

from unfold.decorators import action
from unfold.enums import ActionVariant

from crm.admin.kit import once
from crm.admin.kit.dialog import DIALOG
from crm.admin.kit.send_email import EmailDialogMixin
from crm.documents.pdf import render_pdf
from crm.documents.quotes import quote_document
from crm.models.quotes import QuoteStatus
from crm.services.outbox import can_send

QUESTION = "The quote's PDF is attached; the email is kept on {record}'s Activity tab."


class SendQuoteMixin(EmailDialogMixin):
    """Mix into QuoteAdmin and list ``"send_quote_detail"`` in its ``header_actions``."""

    def email_attachments(self, request, record) -> list[tuple[str, bytes, str]]:
        document = quote_document(record)
        return [(document.filename, render_pdf(document), "application/pdf")]

    def has_send_quote_permission(self, request, object_id=None):
        if not can_send(request.user):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        record = self.get_record(request, object_id)
        return record is not None and record.status == QuoteStatus.PRESENTED

    @action(
        description="Send Quote",
        url_path="send",
        permissions=["send_quote"],
        icon="forward_to_inbox",
        variant=ActionVariant.PRIMARY,
        attrs=DIALOG,
    )
    def send_quote_detail(self, request, object_id):
        return self.email_dialog(request, object_id, verb="Send Quote", question=QUESTION)
