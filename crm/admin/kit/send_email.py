"""Send Email (issue 26) as a header dialog on contact, lead, opportunity and case pages, and
Send Quote on a presented quote: To (the record's person by default), Cc, a built-in template,
Subject and Body. Choosing a template and pressing "Use template" re-renders the dialog with
its text filled in on the server (crm.services.email_compose); "Send" queues the email through
the outbox (crm.services.outbox.queue_email) once per page (a one-time token) and lands on the
record's Activity tab, where the email shows. A bad address is an error on its field."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from unfold.decorators import action
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from crm.admin.kit import once
from crm.admin.kit.confirm import REFUSALS, Confirmation, render_confirmation
from crm.admin.kit.dialog import DIALOG
from crm.admin.kit.feedback import add_form_error
from crm.errors import BusinessRuleError, error_message
from crm.models.outbox import EmailMessage, EmailStatus
from crm.services import email_compose
from crm.services.once import MISSING_TOKEN, AlreadyDone, Done, perform_once
from crm.services.outbox import can_send, clean_subject, normalise_addresses, queue_email

ASK = "The email is sent from the CRM and kept on {record}'s Activity tab."
SEND = "_send"
USE_TEMPLATE = "_template"
QUEUED = "Email queued to {to}."
SENT = "Email sent to {to}."
FAILED = "The email to {to} could not be sent: {error} An admin can retry it from the Outbox."


class SendEmailForm(forms.Form):
    to = forms.CharField(
        label="To",
        max_length=2000,
        help_text="One or more addresses, separated by commas.",
        widget=UnfoldAdminTextInputWidget,
    )
    cc = forms.CharField(
        label="Cc", max_length=2000, required=False, widget=UnfoldAdminTextInputWidget
    )
    template = forms.ChoiceField(label="Template", required=False, widget=UnfoldAdminSelectWidget)
    subject = forms.CharField(label="Subject", widget=UnfoldAdminTextInputWidget)
    body = forms.CharField(
        label="Body", strip=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 12})
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", "No template"), *templates]

    @staticmethod
    def _checked(check, value, **kwargs):
        try:
            return check(value, **kwargs)
        except BusinessRuleError as exc:
            raise forms.ValidationError(error_message(exc)) from None

    def clean_to(self):
        return self._checked(
            normalise_addresses, self.cleaned_data["to"], what="The To address", required=True
        )

    def clean_cc(self):
        return self._checked(normalise_addresses, self.cleaned_data["cc"], what="The Cc address")

    def clean_subject(self):
        return self._checked(clean_subject, self.cleaned_data["subject"])

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Enter the email's text.")
        return body


def _queued_toast(message) -> str:
    to = message.to_addresses
    if message.status == EmailStatus.SENT:
        return SENT.format(to=to)
    if message.status == EmailStatus.FAILED:
        return FAILED.format(to=to, error=message.last_error)
    return QUEUED.format(to=to)


class EmailDialogMixin:
    """The dialog itself; ``SendEmailMixin`` and Send Quote give it a header button."""

    def email_attachments(self, request, record) -> list[tuple[str, bytes, str]]:
        """Files to attach (Send Quote: the quote PDF)."""
        return []

    def email_dialog(self, request, object_id, *, verb: str, question: str = ASK):
        record = self.get_record_or_404(object_id)
        templates = email_compose.template_choices(record)
        if request.method == "POST" and SEND in request.POST:
            form = SendEmailForm(request.POST, templates=templates)
            if form.is_valid():
                if once.posted_key(request) is None:
                    form.add_error(None, MISSING_TOKEN)
                else:
                    try:
                        return self._send(request, record, form.cleaned_data)
                    except REFUSALS as exc:
                        add_form_error(form, exc)
            status = 400
        else:
            form = SendEmailForm(initial=self._initial(request, record), templates=templates)
            status = 200
        return self._render_send(request, record, form, verb=verb, question=question, status=status)

    def _initial(self, request, record) -> dict:
        """Opening: the record's person and its first template. "Use template": what was
        typed in To and Cc, the chosen template's text."""
        keys = [key for key, _ in email_compose.template_choices(record)]
        if request.method == "POST" and USE_TEMPLATE in request.POST:
            chosen = request.POST.get("template", "")
            initial = {"to": request.POST.get("to", ""), "cc": request.POST.get("cc", "")}
        else:
            chosen = keys[0] if keys else ""
            initial = {"to": email_compose.recipient(record).to}
        initial["template"] = chosen if chosen in keys else ""
        if initial["template"]:
            subject, body = email_compose.render_template(chosen, record=record, user=request.user)
            initial |= {"subject": subject, "body": body}
        elif request.method == "POST":  # "No template": keep what was typed
            initial |= {
                "subject": request.POST.get("subject", ""),
                "body": request.POST.get("body", ""),
            }
        return initial

    def _render_send(self, request, record, form, *, verb, question, status):
        confirmation = Confirmation(
            verb=verb,
            question=question,
            done="",
            run=lambda *args, **kwargs: None,
            danger=False,
            form_template="crm/admin/dialog/send_email_form.html",
        )
        return render_confirmation(
            self,
            request,
            confirmation=confirmation,
            objects=[record],
            form=form,
            status=status,
            version=None,
            cancel_url=self.record_url(record),
            submit_name=SEND,
            once_token=once.issue(request),
        )

    def _send(self, request, record, data) -> HttpResponseRedirect:
        target = email_compose.recipient(record)
        back = f"{self.record_url(record)}?tab=activity"
        queued = []

        def run() -> Done:
            message = queue_email(
                user=request.user,
                to=data["to"],
                cc=data["cc"],
                subject=data["subject"],
                body=data["body"],
                related=target.related,
                person=target.person,
                attachments=self.email_attachments(request, record),
            )
            queued.append(message.pk)
            return Done(
                what=f"Email '{message.subject}' to {message.to_addresses} was queued", url=back
            )

        try:
            perform_once(key=once.posted_key(request), user=request.user, run=run)
        except AlreadyDone as repeat:
            messages.warning(request, repeat.messages[0])
            return HttpResponseRedirect(repeat.url or back)
        # Committed: without a worker the send already ran, so say how it went.
        message = EmailMessage.objects.get(pk=queued[0])
        level = messages.ERROR if message.status == EmailStatus.FAILED else messages.SUCCESS
        messages.add_message(request, level, _queued_toast(message))
        return HttpResponseRedirect(back)


class SendEmailMixin(EmailDialogMixin):
    """Mix into a RecordAdmin and list ``"send_email_detail"`` in its ``header_actions``."""

    def has_send_email_permission(self, request, object_id=None):
        if not can_send(request.user):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        record = self.get_record(request, object_id)
        return record is not None and getattr(record, "is_active", True)

    @action(
        description="Send Email",
        url_path="send-email",
        permissions=["send_email"],
        icon="mail",
        attrs=DIALOG,
    )
    def send_email_detail(self, request, object_id):
        return self.email_dialog(request, object_id, verb="Send Email")
