"""Inline edit in lists (issue 23 item 5): Lightning's pencil in a list cell.

An admin declares ``inline_edit_fields = ("type", "phone")``; every list column showing one
of them (the field itself, a column sorted by it or named after it: ``status_pill``) is
wrapped in a cell carrying the row's ``version`` and the save URL, so the list adds no query
per row. The one endpoint
``<changelist>/inline/<pk>/<field>/`` saves a plain field through a one-field ModelForm and
``save_record``, and the admin's ``path_field`` through ``move_along_path`` (the entity's
transition service), so the inline pencil can do nothing the record page could not. With
rows selected, the same endpoint takes ``rows`` and applies the value to each through the
same path ("Apply to N selected"), one message per refused row.
"""

import json

from django import forms
from django.contrib.admin.utils import display_for_field, label_for_field, lookup_field
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
from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.events import PERMISSION_DENIED, log_exception_refusal, log_refusal
from crm.services.records import save_record

NO_PERMISSION = "You don't have permission to change this record."
EMPTY_CELL = "—"


def _kind(field) -> str:
    if field.choices:
        return "select"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return "date"
    return "text"


class InlineEditMixin:
    inline_edit_fields: tuple[str, ...] = ()

    # --- the list cells --------------------------------------------------------------------------
    def _inline_field_of(self, name) -> str | None:
        """The declared field a list column shows: the field itself, the field the column
        sorts on, or the field its name starts with (``priority_pill`` → ``priority``)."""
        if name in self.inline_edit_fields:
            return name
        if not isinstance(name, str):
            return None
        ordering = getattr(getattr(self, name, None), "admin_order_field", None)
        if ordering in self.inline_edit_fields:
            return ordering
        stem = name.rsplit("_", 1)[0]
        return stem if stem in self.inline_edit_fields else None

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not self.inline_edit_fields or not self.has_change_permission(request):
            return columns
        return tuple(
            self._inline_column(name) if self._inline_field_of(name) else name for name in columns
        )

    def _inline_column(self, name):
        field_name = self._inline_field_of(name)
        label = label_for_field(name, self.model, self)
        admin = self

        def cell(obj):
            return admin.inline_cell(obj, name=name, field_name=field_name)

        cell.short_description = label
        # The column keeps its own sort (``priority_pill`` sorts by rank, not by the label).
        own = getattr(self, name, None)
        cell.admin_order_field = getattr(own, "admin_order_field", None) or field_name
        cell.__name__ = f"inline_{name}"
        return cell

    def _display(self, obj, name) -> str:
        """The column's own display, as Unfold would render it (a pill keeps its colour)."""
        field, attr, value = lookup_field(name, obj, self)
        if getattr(attr, "label", False):
            return display_for_label(value, EMPTY_CELL, attr.label)
        if field is not None:
            shown = display_for_field(value, field, EMPTY_CELL)
        else:
            shown = value if value not in (None, "") else EMPTY_CELL
        return format_html("{}", shown)

    def inline_cell(self, obj, *, name, field_name) -> str:
        field = self.model._meta.get_field(field_name)
        meta = self.model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_inline", args=[obj.pk, field_name])
        raw = getattr(obj, field.attname)
        choices = json.dumps([[str(k), str(v)] for k, v in field.choices]) if field.choices else ""
        return format_html(
            '<span class="crm-inline" tabindex="0" data-inline-url="{}" data-version="{}" '
            'data-column="{}" data-kind="{}" data-value="{}" data-choices="{}" '
            'data-label="{}" data-pk="{}"><span class="crm-inline__value">{}</span>'
            '<span class="crm-inline__pencil material-symbols-outlined" aria-hidden="true">'
            "edit</span></span>",
            url,
            obj.version,
            name,
            _kind(field),
            "" if raw is None else raw,
            choices,
            capfirst(field.verbose_name),
            obj.pk,
            self._display(obj, name),
        )

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
        if field_name not in self.inline_edit_fields:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_record_or_404(object_id)
        value = request.POST.get("value", "")
        column = request.POST.get("column") or field_name
        if self._inline_field_of(column) != field_name:
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
            else:
                self._save_plain(request, obj, field_name, value, version)
        except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
            log_exception_refusal(exc, request=request, model=obj, record_id=obj.pk)
            status = 409 if isinstance(exc, ConcurrencyError) else 422 if transition else 400
            return {"ok": False, "error": error_message(exc)}, status
        obj.refresh_from_db()
        raw = getattr(obj, self.model._meta.get_field(field_name).attname)
        shown = self._display(obj, column)
        return {"ok": True, "html": shown, "version": obj.version, "value": str(raw or "")}, 200

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
