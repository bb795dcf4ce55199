"""Salesforce-style toasts after a save (SPEC §4 Feedback): "Account 'Acme' was created." /
"Save successful" (Lightning's words after an edit, in the form or in place) instead of
Django's "The account “Acme” was added successfully…"."""

from django.contrib import messages

CREATED = "{label} '{record}' was created."
SAVED = "Save successful"


def record_label(obj) -> str:
    return obj._meta.verbose_name.capitalize()


class SalesforceMessagesMixin:
    """Mix into a CRMModelAdmin; replaces the success message of add and change."""

    def created_message(self, obj) -> str:
        return CREATED.format(label=record_label(obj), record=obj)

    def response_add(self, request, obj, post_url_continue=None):
        request._crm_success_message = self.created_message(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request._crm_success_message = SAVED
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        replacement = getattr(request, "_crm_success_message", None)
        if replacement and level == messages.SUCCESS:
            message = replacement
            request._crm_success_message = None  # only Django's one message is replaced
        super().message_user(request, message, level, *args, **kwargs)
