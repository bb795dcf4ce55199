"""Closing a case (SPEC §6): from its header button, its path's Closed chevron or the queue's
bulk action, always through a confirmation that asks for the resolution note, which
``crm.services.cases.close_case`` stores on the case."""

from django import forms
from django.contrib import admin
from unfold.decorators import action
from unfold.enums import ActionVariant
from unfold.widgets import UnfoldAdminTextareaWidget

from crm.admin.kit import once
from crm.admin.kit.confirm import Confirmation, confirm_bulk, confirm_record, render_confirmation
from crm.admin.kit.dialog import DIALOG
from crm.models.support import OPEN_CASE_STATUSES
from crm.services import cases as services


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        label="Resolution",
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 5}),
        max_length=services.RESOLUTION_MAX_LENGTH,
        help_text="What fixed it, in words the next agent (and the client) will understand.",
    )


def _close(request, record, *, version, data):
    services.close_case(record, user=request.user, version=version, resolution=data["resolution"])


CLOSE = Confirmation(
    verb="Close Case",
    question="How was {record} resolved? The note is kept on the case.",
    done="was closed",
    run=_close,
    danger=False,
    form_class=ResolutionForm,
    once=True,  # the same page submitted again closes nothing twice
    consequence=(
        "The case leaves the open queues and its close time is stamped; reopening it later "
        "clears this resolution."
    ),
)


class CaseCloseMixin:
    def has_close_permission(self, request, object_id=None):
        if not self.has_change_permission(request):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        record = self.get_record(request, object_id)
        return record is not None and record.status in OPEN_CASE_STATUSES

    @action(
        description="Close",
        url_path="close",
        permissions=["close"],
        icon="task_alt",
        variant=ActionVariant.PRIMARY,
        attrs=DIALOG,
    )
    def close_detail(self, request, object_id):
        record = self.get_record_or_404(object_id)
        if request.method == "POST" and "resolution" not in request.POST:
            # The path's Closed chevron posts only the version: ask for the resolution.
            return render_confirmation(
                self,
                request,
                confirmation=CLOSE,
                objects=[record],
                form=ResolutionForm(),
                version=record.version,
                cancel_url=self.record_url(record),
                once_token=once.issue(request),
            )
        return confirm_record(self, request, record, CLOSE)

    @admin.action(description="Close selected cases", permissions=["close"])
    def close_selected(self, request, queryset):
        return confirm_bulk(self, request, queryset, CLOSE, action="close_selected")
