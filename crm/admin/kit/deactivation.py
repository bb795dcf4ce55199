"""Deactivate / Reactivate for soft-deleted records: detail buttons and bulk actions, each
behind a confirmation page (SPEC §4: business data is deactivated, never deleted).

Where a deactivation from the record's header lands (issue 24) is declared per admin
(``deactivate_lands_on``): the record's own page (default), the list — where the default
Active view no longer shows it (accounts) — or the page the user opened the record from
(contacts: the account's page or the Contacts list). That origin is a ``next`` parameter
when the link carries one, else the same-site referer remembered when the record page was
opened; both are checked with ``url_has_allowed_host_and_scheme`` before use."""

from urllib.parse import urlsplit

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from unfold.decorators import action

from crm.admin.kit.confirm import Confirmation, confirm_bulk, confirm_record
from crm.admin.kit.dialog import DIALOG
from crm.admin.kit.read_edit import safe_referer
from crm.services import records

RECORD, LIST, CAME_FROM = "record", "list", "came_from"
ORIGINS = "crm_record_origins"  # session: record key -> the page it was opened from
MAX_ORIGINS = 50


def _key(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def remember_origin(request, model, object_id) -> None:
    """Keep the same-site page a record page was opened from (not its own form, history or
    confirmation pages). A record page as origin means its Related tab, where the link was."""
    referer = safe_referer(request)
    if not referer:
        return
    parts = urlsplit(referer)
    meta = model._meta
    own = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[object_id])
    if parts.path.startswith(own.removesuffix("change/")):
        return
    origin = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.path.endswith("/change/") and not parts.query:
        origin += "#related"
    origins = dict(request.session.get(ORIGINS, {}))
    origins.pop(_key(model, object_id), None)  # re-added last: the most recent are kept
    origins[_key(model, object_id)] = origin
    request.session[ORIGINS] = dict(list(origins.items())[-MAX_ORIGINS:])


def _safe(request, url) -> str | None:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else None


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
    deactivate_lands_on = RECORD  # or LIST, or CAME_FROM (see the module's docstring)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and self.deactivate_lands_on == CAME_FROM:
            remember_origin(request, self.model, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def deactivated_landing(self, request, record) -> str:
        meta = record._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        if self.deactivate_lands_on == LIST:
            return changelist
        if self.deactivate_lands_on == CAME_FROM:
            asked = request.POST.get("next") or request.GET.get("next")
            origin = request.session.get(ORIGINS, {}).get(_key(self.model, record.pk))
            return _safe(request, asked) or _safe(request, origin) or changelist
        return self.record_url(record)

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
        description="Deactivate",
        url_path="deactivate",
        permissions=["deactivate"],
        icon="block",
        attrs=DIALOG,
    )
    def deactivate_detail(self, request, object_id):
        record = self.get_record_or_404(object_id)
        response = confirm_record(self, request, record, self.deactivation())
        if request.method == "POST" and response.status_code == 302 and not record.is_active:
            return HttpResponseRedirect(self.deactivated_landing(request, record))
        return response

    @action(
        description="Reactivate",
        url_path="reactivate",
        permissions=["reactivate"],
        icon="settings_backup_restore",
        attrs=DIALOG,
    )
    def reactivate_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), self.reactivation())

    @admin.action(description="Deactivate selected records", permissions=["deactivate"])
    def deactivate_selected(self, request, queryset):
        active = queryset.filter(is_active=True)
        confirmation = self.deactivation()
        return confirm_bulk(self, request, active, confirmation, action="deactivate_selected")
