"""Deactivate / Reactivate for soft-deleted records: detail buttons and bulk actions, each
behind a confirmation page (SPEC §4: business data is deactivated, never deleted)."""

from django.contrib import admin
from unfold.decorators import action

from crm.admin.kit.confirm import Confirmation, confirm_bulk, confirm_record
from crm.services import records


class ActiveFilter(admin.SimpleListFilter):
    """Active records by default, like Salesforce list views; "All" and "Inactive" on demand."""

    title = "status"
    parameter_name = "active"
    # Shown as a removable chip above the list even when the URL does not say it (issue 23).
    default_value, cleared_value = "yes", "all"

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


def _deactivate(request, record, *, version, data):
    records.deactivate(record, user=request.user, version=version)


def _reactivate(request, record, *, version, data):
    records.reactivate(record, user=request.user, version=version)


class DeactivatableAdminMixin:
    """Deactivate / Reactivate (header menu) and the bulk Deactivate; inert for models
    without ``is_active``. ``deactivate_confirmation`` is the exact question of SPEC/UI."""

    deactivate_confirmation = (
        "Are you sure you want to deactivate this record? All historical data will be preserved."
    )

    def _deactivatable(self) -> bool:
        return any(field.name == "is_active" for field in self.model._meta.fields)

    def deactivation(self) -> Confirmation:
        return Confirmation(
            verb="Deactivate",
            question=self.deactivate_confirmation,
            done="was deactivated",
            run=getattr(self, "deactivate_record", _deactivate),
        )

    def reactivation(self) -> Confirmation:
        return Confirmation(
            verb="Reactivate",
            question="Reactivate {record}? It will appear in lists and lookups again.",
            done="was reactivated",
            run=getattr(self, "reactivate_record", _reactivate),
            danger=False,
        )

    # --- who may do what ------------------------------------------------------------------------
    def has_deactivate_permission(self, request, object_id=None):
        if not self._deactivatable() or not self.has_change_permission(request):
            return False
        if object_id is None:
            return True
        obj = self.get_record(request, object_id)
        return obj is not None and obj.is_active and records.can_deactivate(request.user, obj)

    def has_reactivate_permission(self, request, object_id=None):
        if not self._deactivatable() or not records.is_admin(request.user):
            return False
        if object_id is None:
            return True
        obj = self.get_record(request, object_id)
        return obj is not None and not obj.is_active

    # --- header actions and the bulk action -----------------------------------------------------
    @action(
        description="Deactivate", url_path="deactivate", permissions=["deactivate"], icon="block"
    )
    def deactivate_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), self.deactivation())

    @action(
        description="Reactivate",
        url_path="reactivate",
        permissions=["reactivate"],
        icon="settings_backup_restore",
    )
    def reactivate_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), self.reactivation())

    @admin.action(description="Deactivate selected records", permissions=["deactivate"])
    def deactivate_selected(self, request, queryset):
        active = queryset.filter(is_active=True)
        confirmation = self.deactivation()
        return confirm_bulk(self, request, active, confirmation, action="deactivate_selected")
