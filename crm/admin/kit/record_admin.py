"""The one admin base every CRM model uses (SPEC §4, §7): Unfold + history + version locking,
owner default, no hard deletes, the record header (highlights + path) and toast feedback."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path as url_path
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from crm.admin.kit import header as record_header
from crm.admin.kit.feedback import report_error
from crm.admin.kit.forms import VersionedAdminForm
from crm.errors import BusinessRuleError, ConcurrencyError
from crm.services import transitions


class CRMModelAdmin(SimpleHistoryAdmin, ModelAdmin):
    form = VersionedAdminForm
    change_form_template = "crm/admin/change_form.html"
    change_form_outer_before_template = "crm/admin/record_header.html"
    list_per_page = 50
    list_filter_submit = True
    warn_unsaved_form = True

    # Record header (highlights panel): object icon/colour and 3–6 key fields.
    object_icon = "description"
    object_color = "#0176D3"
    highlight_fields: tuple[str, ...] = ()
    # Path: the FSM field whose chevrons are shown; None for records without a status.
    path_field: str | None = None
    path_hints: dict[str, str] = {}

    # --- permissions: business data is never hard-deleted (SPEC §4) ---------------------
    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- owner default ---------------------------------------------------------------------
    def _has_owner(self) -> bool:
        return any(field.name == "owner" for field in self.model._meta.fields)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self._has_owner():
            initial.setdefault("owner", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if self._has_owner() and not obj.owner_id:
            obj.owner = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    # --- refusals never become 500s ----------------------------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ConcurrencyError, BusinessRuleError) as exc:
            # Raised inside the admin's atomic block, so nothing was written.
            report_error(request, exc)
            return HttpResponseRedirect(request.get_full_path())

    # --- record header -------------------------------------------------------------------------
    def get_highlight_badges(self, request, obj) -> list[tuple[str, str]]:
        return []

    def get_path_stages(self, request, obj) -> list[tuple[str, str]]:
        return list(obj._meta.get_field(self.path_field).choices)

    def get_path_hint(self, value: str) -> str:
        return self.path_hints.get(value, "")

    def get_path_current(self, request, obj) -> str:
        return getattr(obj, self.path_field)

    def is_path_stage_allowed(self, value: str, allowed_targets: set[str]) -> bool:
        return value in allowed_targets

    def get_path_stage_url(self, obj, value: str) -> str | None:
        """A stage that needs more input (e.g. a loss reason) links to its own page."""
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            # The record's actions live in the highlights panel, not twice in the header bar.
            context["record_actions"] = context.pop("actions_detail", [])
            context["highlights"] = record_header.highlights(self, request, obj)
            context["record_path"] = record_header.path(self, request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- path clicks ---------------------------------------------------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra = [
            url_path(
                "<path:object_id>/path/<str:target>/",
                self.admin_site.admin_view(self.path_view),
                name="{}_{}_path".format(*info),
            )
        ]
        return extra + super().get_urls()

    def path_view(self, request, object_id, target):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.path_field or not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            self.move_along_path(request, obj, target=target, version=version)
        except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
            report_error(request, exc)
        else:
            label = dict(obj._meta.get_field(self.path_field).choices).get(target, target)
            messages.success(
                request, f"{obj._meta.verbose_name.capitalize()} '{obj}' moved to {label}."
            )
        return HttpResponseRedirect(self.record_url(obj))

    def move_along_path(self, request, obj, *, target: str, version: int | None) -> None:
        """Default: run the FSM transition leading to ``target``. Entities with a dedicated
        service (``change_stage``, …) override this to call it."""
        transitions.transition(
            obj, field=self.path_field, target=target, user=request.user, version=version
        )

    def record_url(self, obj) -> str:
        meta = obj._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
