"""Completing tasks (SPEC §4): the list's bulk "Mark complete" and the checkbox of an open
task on the Activity tab, Home and My tasks (``complete_view``, a POST with the version),
each through ``complete_task``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from crm.admin.kit.confirm import MISSING_VERSION, REFUSALS, parse_version
from crm.admin.kit.feedback import report_error
from crm.admin.kit.urls import problem
from crm.errors import BusinessRuleError, error_message
from crm.models.activities import ActivityType, TaskStatus
from crm.services.activities import complete_task

COMPLETED = "Task '{activity}' was completed."
BULK_COMPLETED = "{count} task(s) marked complete."
BULK_SKIPPED = "Not completed: {reasons}"


class TaskCompletionMixin:
    def has_mark_complete_permission(self, request):
        return request.user.has_perm("crm.change_activity")

    @admin.action(description="Mark complete", permissions=["mark_complete"])
    def mark_complete(self, request, queryset):
        done, reasons = 0, []
        for activity in queryset.filter(type=ActivityType.TASK).exclude(
            status=TaskStatus.COMPLETED
        ):
            try:
                complete_task(activity, user=request.user, version=activity.version)
                done += 1
            except REFUSALS as exc:
                reasons.append(f"{activity}: {error_message(exc)}")
        if done:
            messages.success(request, BULK_COMPLETED.format(count=done))
        if reasons:
            messages.warning(request, BULK_SKIPPED.format(reasons="; ".join(reasons[:5])))
        if not done and not reasons:
            messages.info(request, "None of the selected activities is an open task.")

    def complete_view(self, request, object_id):
        """The checkbox of an open task (Activity tab, Home, My tasks): POST with version."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        activity = self.get_record_or_404(object_id)
        if not self.has_change_permission(request, activity):
            raise PermissionDenied
        version = parse_version(request.POST)
        if version is None:
            return problem(self, request, MISSING_VERSION, status=400)
        try:
            complete_task(activity, user=request.user, version=version)
        except (*REFUSALS, BusinessRuleError) as exc:
            report_error(request, exc)
        else:
            messages.success(request, COMPLETED.format(activity=activity))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = self.record_url(activity)
        return HttpResponseRedirect(target)
