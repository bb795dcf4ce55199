"""Inline edit in lists (issue 23 item 5): Lightning's pencil in a list cell.

An admin declares ``inline_edit_fields = ("type", "phone")`` (admins also get ``owner``);
every list column showing one of them (the field itself, a column sorted by it or named
after it: ``status_pill``) gets the pencil. The table renders as it would without inline
edit: the page carries the editable columns and each row's ``version`` and raw values once,
and crm/static/crm/inline_edit.js turns those cells into editors, so the list adds no query
per row and keeps its columns, classes and sorting. The one endpoint
``<changelist>/inline/<pk>/<field>/`` saves a plain field through a one-field ModelForm and
``save_record``, the admin's ``path_field`` through ``move_along_path`` (the entity's
transition service) and the owner through ``change_owner``, so the inline pencil can do
nothing the record page could not. With rows selected, the same endpoint takes ``rows`` and
applies the value to each through the same path ("Apply to N selected"), one message per
refused row.
"""

from django import forms
from django.contrib.admin.utils import display_for_field, lookup_field
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import modelform_factory
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import path as url_path
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from unfold.utils import display_for_label

from crm.admin.kit.confirm import MISSING_VERSION, parse_version
from crm.admin.kit.owner import owner_choices
from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.events import PERMISSION_DENIED, log_exception_refusal, log_refusal
from crm.ids import parse_id
from crm.models import User
from crm.services import records
from crm.services.records import save_record

NO_PERMISSION = "You don't have permission to change this record."
NO_SUCH_OWNER = "Choose an active user as the new owner."
OWNER = "owner"
EMPTY_CELL = "—"


def _raw(obj, field_name) -> str:
    value = getattr(obj, obj._meta.get_field(field_name).attname)
    return "" if value is None else str(value)


def _choices(field) -> list[list[str]]:
    return [[str(key), str(label)] for key, label in field.choices or ()]


def _owner(value):
    user = User.objects.filter(pk=parse_id(value), is_active=True).first() if value else None
    if user is None:
        raise BusinessRuleError(NO_SUCH_OWNER)
    return user


def _kind(field) -> str:
    if field.choices:
        return "select"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return "date"
    return "text"


class InlineEditMixin:
    inline_edit_fields: tuple[str, ...] = ()

    # --- the list ---------------------------------------------------------------------------------
    def get_inline_edit_fields(self, request) -> tuple[str, ...]:
        """The declared fields, and the owner for admins (only they give records away)."""
        fields = self.inline_edit_fields
        if fields and records.has_owner(self.model) and records.is_admin(request.user):
            fields = (*fields, OWNER)
        return fields

    def _inline_field_of(self, name, fields) -> str | None:
        """The editable field a list column shows: the field itself, the field the column
        sorts on, or the field its name starts with (``priority_pill`` → ``priority``)."""
        if not isinstance(name, str):
            return None
        if name in fields:
            return name
        ordering = getattr(getattr(self, name, None), "admin_order_field", None)
        if ordering in fields:
            return ordering
        stem = name.rsplit("_", 1)[0]
        return stem if stem in fields else None

    def inline_edit_columns(self, request) -> dict[str, dict]:
        """The shown columns a user may edit in place, keyed by column name, with what the
        editor needs (the field, its kind, its choices, its label). Empty without the right."""
        fields = self.get_inline_edit_fields(request)
        if not fields or not self.has_change_permission(request):
            return {}
        columns = {}
        for name in self.get_list_display(request):
            field_name = self._inline_field_of(name, fields)
            if field_name is None:
                continue
            field = self.model._meta.get_field(field_name)
            columns[name] = {
                "field": field_name,
                "kind": "select" if field_name == OWNER else _kind(field),
                "choices": owner_choices(request) if field_name == OWNER else _choices(field),
                "label": str(capfirst(field.verbose_name)),
            }
        return columns

    def changelist_view(self, request, extra_context=None):
        """The page's editable columns and its rows' versions and raw values go out once
        (``json_script`` in list_header.html), in the table's row order, read from the rows
        the page already fetched: the table renders exactly as without inline edit and the
        page adds no query."""
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context and not context.get("is_popup"):
            columns = self.inline_edit_columns(request)
            fields = {spec["field"] for spec in columns.values()}
            if columns:
                meta = self.model._meta
                base = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
                rows = [
                    {
                        "pk": obj.pk,
                        "version": obj.version,
                        "values": {name: _raw(obj, name) for name in fields},
                    }
                    for obj in context["cl"].result_list
                ]
                context["inline_edit"] = {"url": f"{base}inline/", "columns": columns, "rows": rows}
        return response

    def _display(self, obj, name) -> str:
        """The column's own display, as Unfold renders it (a pill keeps its colour)."""
        field, attr, value = lookup_field(name, obj, self)
        if getattr(attr, "label", False):
            return display_for_label(value, EMPTY_CELL, attr.label)
        if field is not None:
            shown = display_for_field(value, field, EMPTY_CELL)
        else:
            shown = value if value not in (None, "") else EMPTY_CELL
        return format_html("{}", shown)

    # --- the endpoint ----------------------------------------------------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        inline = url_path(
            "inline/<pk:object_id>/<str:field_name>/",
            self.admin_site.admin_view(self.inline_edit_view),
            name="{}_{}_inline".format(*info),
        )
        return [inline, *super().get_urls()]

    def inline_edit_view(self, request, object_id, field_name):
        fields = self.get_inline_edit_fields(request)
        if field_name not in fields:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_record_or_404(object_id)
        value = request.POST.get("value", "")
        column = request.POST.get("column") or field_name
        if self._inline_field_of(column, fields) != field_name:
            column = field_name
        if "rows" in request.POST:
            return self._bulk(request, field_name, value, column)
        result, status = self._apply(request, obj, field_name, value, column, request.POST)
        return JsonResponse(result, status=status)

    def _apply(self, request, obj, field_name, value, column, data) -> tuple[dict, int]:
        """One row through the one path: permission, version, the save or the transition."""
        if not self.has_change_permission(request, obj):
            log_refusal(reason=PERMISSION_DENIED, request=request, model=obj, record_id=obj.pk)
            return {"ok": False, "error": NO_PERMISSION}, 403
        version = parse_version(data)
        if version is None:
            return {"ok": False, "error": MISSING_VERSION}, 400
        transition = field_name == getattr(self, "path_field", None)
        try:
            if transition:
                self.move_along_path(request, obj, target=value, version=version)
            elif field_name == OWNER:
                records.change_owner(obj, owner=_owner(value), user=request.user, version=version)
            else:
                self._save_plain(request, obj, field_name, value, version)
        except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
            log_exception_refusal(exc, request=request, model=obj, record_id=obj.pk)
            status = 409 if isinstance(exc, ConcurrencyError) else 422 if transition else 400
            return {"ok": False, "error": error_message(exc)}, status
        obj.refresh_from_db()
        shown = self._display(obj, column)
        value = _raw(obj, field_name)
        return {"ok": True, "html": shown, "version": obj.version, "value": value}, 200

    def _bulk(self, request, field_name, value, column):
        """``rows`` = "pk:version,pk:version" (the selected rows, as the list showed them):
        each goes through ``_apply``; one response, one message per refused row."""
        try:
            wanted = dict(
                (int(pk), version)
                for pk, _, version in (
                    part.partition(":") for part in request.POST["rows"].split(",")
                )
            )
        except ValueError:
            return JsonResponse({"ok": False, "error": MISSING_VERSION}, status=400)
        found = self.get_queryset(request).in_bulk(list(wanted))
        results, errors = {}, []
        for pk, version in wanted.items():
            obj = found.get(pk)
            if obj is None:
                errors.append(f"Record {pk} no longer exists.")
                continue
            result, _ = self._apply(request, obj, field_name, value, column, {"version": version})
            results[str(pk)] = result
            if not result["ok"]:
                errors.append(f"{obj}: {result['error']}")
        return JsonResponse({"ok": not errors, "rows": results, "errors": errors})

    def _save_plain(self, request, obj, field_name, value, version) -> None:
        form_class = modelform_factory(self.model, form=forms.ModelForm, fields=[field_name])
        form = form_class(data={field_name: value}, instance=obj)
        if not form.is_valid():
            raise BusinessRuleError(
                " ".join(form.errors.get(field_name, [])) or " ".join(form.non_field_errors())
            )
        save_record(form.instance, user=request.user, version=version)
