"""Rows that live on a parent's page — an opportunity's products and contact roles, a quote's
lines, a contract's lines: the small add / edit / remove pages their related-list card opens,
written once. Every write goes through the parent's service (parent row locked, refused once
``parent.lines_locked``), carries the row's ``change_marker`` the user saw (a stale save or
removal changes nothing), and returns to the parent's Related tab."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from unfold.decorators import action

from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.record_admin import RecordAdmin


class ChildRowAdmin(RecordAdmin):
    """Declare ``parent_field``, ``edit_fields`` / ``read_fields``, ``remove_question`` and
    the parent's two services as staticmethods: ``save_service(row, *, user, seen)`` and
    ``remove_service(row, *, user, seen)``."""

    parent_field = ""
    edit_fields: list[str] = []
    read_fields: list[str] = []
    remove_question = "Remove {record}?"
    save_service = None
    remove_service = None
    clone_enabled = False
    header_actions = ("remove_detail",)
    remember_views = False  # a line is not something users look for again

    def parent_of(self, row):
        return getattr(row, self.parent_field)

    def locked(self, row) -> bool:
        return self.parent_of(row).lines_locked

    def has_module_permission(self, request):
        return False  # reached from the parent's card, not the sidebar

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not self.locked(obj))

    def get_fields(self, request, obj=None):
        if obj is not None and (self.is_read_mode(request, obj) or self.locked(obj)):
            return self.read_fields
        return self.edit_fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, self.parent_field] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        seen = form.seen_marker if change else None
        type(self).save_service(obj, user=request.user, seen=seen)

    def back_to_parent(self, row):
        parent = self.parent_of(row)
        url = reverse(f"admin:crm_{parent._meta.model_name}_change", args=[parent.pk])
        return HttpResponseRedirect(f"{url}#related")

    def response_change(self, request, obj):
        super().response_change(request, obj)
        return self.back_to_parent(obj)

    # --- Remove (header action and the card's row link) ---------------------------------------
    def has_remove_permission(self, request, object_id=None):
        meta = self.model._meta
        if not request.user.has_perm(f"{meta.app_label}.delete_{meta.model_name}"):
            return False
        record = self.get_record(request, object_id) if object_id is not None else None
        return object_id is None or (record is not None and not self.locked(record))

    @action(description="Remove", url_path="remove", permissions=["remove"], icon="delete")
    def remove_detail(self, request, object_id):
        record = self.get_record_or_404(object_id)
        confirmation = Confirmation(
            verb="Remove",
            question=self.remove_question,
            done="was removed",
            run=lambda request, rec, *, version, data: type(self).remove_service(
                rec, user=request.user, seen=version
            ),
        )
        response = confirm_record(self, request, record, confirmation)
        return self.back_to_parent(record) if request.method == "POST" else response


def child_row_links(request, parent, row) -> list[tuple[str, str]]:
    """A card row's Edit and Remove, while the parent takes changes and the user may."""
    meta = row._meta
    if parent.lines_locked or not request.user.has_perm(f"crm.change_{meta.model_name}"):
        return []
    edit = reverse(f"admin:crm_{meta.model_name}_change", args=[row.pk]) + "?edit=1"
    remove = reverse(f"admin:crm_{meta.model_name}_remove_detail", args=[row.pk])
    return [("Edit", edit), ("Remove", remove)]
