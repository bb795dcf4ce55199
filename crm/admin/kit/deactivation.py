"""Deactivate / Reactivate for soft-deleted records: detail buttons and bulk actions, each
behind a confirmation page (SPEC §4: business data is deactivated, never deleted)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from unfold.decorators import action

from crm.admin.kit.feedback import report_error
from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.services import records


class ActiveFilter(admin.SimpleListFilter):
    """Active records by default, like Salesforce list views; "All" and "Inactive" on demand."""

    title = "status"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "Active"), ("no", "Inactive"), ("all", "All")]

    def choices(self, changelist):
        value = self.value() or "yes"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "yes"
        if value == "all":
            return queryset
        return queryset.filter(is_active=value == "yes")


class DeactivatableAdminMixin:
    """Mix into CRMModelAdmin for models with ``is_active``."""

    deactivate_confirmation = (
        "Are you sure you want to deactivate this record? All historical data will be preserved."
    )
    actions = ["deactivate_selected"]
    actions_detail = ["deactivate_detail", "reactivate_detail"]

    # --- who may do what ------------------------------------------------------------------------
    def _object(self, object_id):
        return self.model._base_manager.filter(pk=object_id).first() if object_id else None

    def has_deactivate_permission(self, request, object_id=None):
        if not self.has_change_permission(request):
            return False
        obj = self._object(object_id)
        if object_id is None:
            return True
        return obj is not None and obj.is_active and records.can_deactivate(request.user, obj)

    def has_reactivate_permission(self, request, object_id=None):
        if not getattr(request.user, "is_admin_role", False):
            return False
        obj = self._object(object_id)
        return object_id is None or (obj is not None and not obj.is_active)

    # --- the service calls (overridable, e.g. users have their own rules) ---------------------
    def deactivate_record(self, request, obj, version=None):
        records.deactivate(obj, user=request.user, version=version)

    def reactivate_record(self, request, obj, version=None):
        records.reactivate(obj, user=request.user, version=version)

    # --- detail actions ---------------------------------------------------------------------------
    @action(
        description="Deactivate", url_path="deactivate", permissions=["deactivate"], icon="block"
    )
    def deactivate_detail(self, request, object_id):
        return self._confirm_and_run(
            request,
            object_id,
            verb="Deactivate",
            run=self.deactivate_record,
            question=self.deactivate_confirmation,
            done="was deactivated",
        )

    @action(
        description="Reactivate",
        url_path="reactivate",
        permissions=["reactivate"],
        icon="settings_backup_restore",
    )
    def reactivate_detail(self, request, object_id):
        return self._confirm_and_run(
            request,
            object_id,
            verb="Reactivate",
            run=self.reactivate_record,
            question=f"Reactivate this {self.model._meta.verbose_name}? It will appear in lists "
            "and lookups again.",
            done="was reactivated",
        )

    def _confirm_and_run(self, request, object_id, *, verb, run, question, done):
        obj = get_object_or_404(self.model._base_manager, pk=object_id)
        if request.method == "POST":
            try:
                version = int(request.POST["version"])
            except (KeyError, ValueError):
                version = None
            try:
                run(request, obj, version=version)
            except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
                report_error(request, exc)
            else:
                label = obj._meta.verbose_name.capitalize()
                messages.success(request, f"{label} '{obj}' {done}.")
            return HttpResponseRedirect(self.record_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{verb} {obj._meta.verbose_name}",
            "object": obj,
            "objects": [obj],
            "question": question,
            "verb": verb,
            "version": getattr(obj, "version", None),
            "cancel_url": self.record_url(obj),
        }
        return TemplateResponse(request, "crm/admin/confirm_action.html", context)

    # --- bulk action ------------------------------------------------------------------------------
    @admin.action(description="Deactivate selected records", permissions=["deactivate"])
    def deactivate_selected(self, request, queryset):
        selected = list(queryset.filter(is_active=True))
        if request.POST.get("post") != "yes":
            return TemplateResponse(
                request,
                "crm/admin/confirm_action.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": f"Deactivate {self.model._meta.verbose_name_plural}",
                    "objects": selected,
                    "question": self.deactivate_confirmation,
                    "verb": "Deactivate",
                    "bulk_action": "deactivate_selected",
                    "cancel_url": request.get_full_path(),
                },
            )
        done, refused = 0, []
        for obj in selected:
            try:
                self.deactivate_record(request, obj)
                done += 1
            except (BusinessRuleError, ConcurrencyError) as exc:
                refused.append(f"{obj}: {error_message(exc)}")
        if done:
            self.message_user(
                request, f"{done} {self._plural(done)} deactivated.", messages.SUCCESS
            )
        if refused:
            self.message_user(request, "Not deactivated — " + "; ".join(refused), messages.ERROR)
        return None

    def _plural(self, count):
        meta = self.model._meta
        return meta.verbose_name if count == 1 else meta.verbose_name_plural
