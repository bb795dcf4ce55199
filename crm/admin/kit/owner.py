"""Ownership on record pages (SPEC §4–5): only admins change owners — in the form, with the
"Change Owner" header action or the bulk action; sales users see the owner read-only and
create records owned by themselves; deactivated users are never offered as owners."""

from django import forms
from django.contrib import admin
from unfold.decorators import action
from unfold.widgets import UnfoldAdminSelectWidget

from crm.admin.kit.confirm import Confirmation, confirm_bulk, confirm_record
from crm.admin.kit.dialog import DIALOG
from crm.selectors.users import team_names
from crm.services import records


def owner_choices(request) -> list[tuple[str, str]]:
    """The active users a record can be given to, as ``(id, name)``; read once per request
    (a list's owner filter and its inline edit both offer them)."""
    choices = getattr(request, "_crm_owner_choices", None)
    if choices is None:
        users = team_names().only("pk", "first_name", "last_name", "email")
        choices = [(str(user.pk), user.get_full_name() or user.email) for user in users]
        request._crm_owner_choices = choices
    return choices


class ChangeOwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=team_names(),
        label="New owner",
        widget=UnfoldAdminSelectWidget,
    )


def _change_owner(request, record, *, version, data):
    records.change_owner(record, owner=data["owner"], user=request.user, version=version)


CHANGE_OWNER = Confirmation(
    verb="Change Owner",
    question="Who should own {record}? The new owner sees it in their lists from now on.",
    done="has a new owner",
    bulk_done="given to the new owner",
    run=_change_owner,
    danger=False,
    form_class=ChangeOwnerForm,
)


class OwnerAdminMixin:
    """Mix into the record admin; does nothing for models without an ``owner``."""

    def _has_owner(self) -> bool:
        return records.has_owner(self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._has_owner() and not records.is_admin(request.user) and "owner" not in readonly:
            readonly.append("owner")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "owner" and field is not None:
            match = request.resolver_match
            current = match.kwargs.get("object_id") if match else None
            record = self.get_record(request, current) if current else None
            owner_id = record.owner_id if record is not None else None
            active = field.queryset.filter(is_active=True)
            field.queryset = active | field.queryset.filter(pk=owner_id) if owner_id else active
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self._has_owner():
            initial.setdefault("owner", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if self._has_owner():
            if not obj.pk and not records.is_admin(request.user):
                obj.owner = request.user
            if "owner" in form.changed_data or not obj.pk:
                records.check_owner_choice(user=request.user, record=obj, owner=obj.owner)
        super().save_model(request, obj, form, change)

    # --- "Change Owner": header action and bulk action, admins only --------------------------
    def has_change_owner_permission(self, request, object_id=None):
        return (
            self._has_owner()
            and records.is_admin(request.user)
            and self.has_change_permission(request)
        )

    @action(
        description="Change Owner",
        url_path="change-owner",
        permissions=["change_owner"],
        icon="manage_accounts",
        attrs=DIALOG,
    )
    def change_owner_detail(self, request, object_id):
        record = self.get_record_or_404(object_id)
        return confirm_record(self, request, record, CHANGE_OWNER)

    @admin.action(description="Change owner of selected records", permissions=["change_owner"])
    def change_owner_selected(self, request, queryset):
        return confirm_bulk(self, request, queryset, CHANGE_OWNER, action="change_owner_selected")
