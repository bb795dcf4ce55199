"""Edit in place on a record's Details tab (issue 24 item 1, UI.md "Editing in place").

The pencil beside a Details value links to the full form (``?edit=1``), so it works without
JavaScript; crm/static/crm/field_edit.js turns it into the field's own input with Save /
Cancel right where the value was. The kit URL ``<pk>/field/<name>/`` serves that input as
a server-rendered fragment (GET) and takes its POST through the admin's own write path: the
admin's form for just that field (its widgets, choices, owner rules and the version check
of ``VersionedAdminForm``), then ``save_form`` / ``save_model`` (``save_record``) /
``log_change``, like the full form. A refusal (validation, a stale version, a business rule)
comes back as the fragment with the message under the field and nothing saved.

What is not edited in place: read-only fields, the owner for non-admins (readonly for them),
state fields (the path's FSM field and any protected field: they move through their
transition services), lookups that need the admin's widget scripts (autocomplete, raw id,
many-to-many) and file fields; and every field of an admin whose form declares fields of
its own (a payment's amount, a contract's currency) because its save reads them. Their
pencil keeps opening the full form."""

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path as url_path
from django.urls import reverse
from django.utils.html import conditional_escape
from django_fsm import FSMFieldMixin
from unfold.fields import UnfoldAdminReadonlyField

from crm.admin.kit import header as record_header
from crm.admin.kit.confirm import MISSING_VERSION, parse_version, seen_version
from crm.admin.kit.messages import SAVED
from crm.errors import STALE_RECORD_MESSAGE, BusinessRuleError, ConcurrencyError, error_message
from crm.events import log_exception_refusal

FRAGMENT = "crm/admin/field_edit.html"
VALUE = "unfold/helpers/field_readonly_value.html"


def _in_place_capable(model_admin, name: str) -> bool:
    if name == getattr(model_admin, "path_field", None):
        return False
    if name in (*model_admin.autocomplete_fields, *model_admin.raw_id_fields):
        return False
    try:
        field = model_admin.model._meta.get_field(name)
    except FieldDoesNotExist:  # an admin method: never edited here
        return False
    if getattr(field, "protected", False) or isinstance(field, FSMFieldMixin):
        return False
    return not isinstance(field, models.FileField | models.ManyToManyField)


class FieldEditMixin:
    """Mix into the record admin (needs ``ReadEditMixin`` and ``get_record_or_404``)."""

    def in_place_field_names(self, request, obj) -> list[str]:
        """The Details fields this user may edit in place on ``obj`` (empty without the right)."""
        own_fields = set(getattr(self.form, "declared_fields", {})) - {"version"}
        if own_fields or seen_version(obj) is None or not self.has_change_permission(request, obj):
            return []
        names = [n for n in self._editable_field_names(request, obj) if _in_place_capable(self, n)]
        offered = self._field_form(request, obj, names).base_fields if names else {}
        return [name for name in names if name in offered]  # what the admin's form offers

    def _field_form(self, request, obj, names):
        """The admin's form class for just ``names`` (not the read view's all-read-only)."""
        previous = getattr(request, "_crm_field_edit", False)
        request._crm_field_edit = True  # read by ReadEditMixin.is_read_mode
        try:
            return self.get_form(request, obj, change=True, fields=list(names))
        finally:
            request._crm_field_edit = previous

    def field_edit_url(self, obj, field_name: str) -> str:
        meta = obj._meta
        name = f"admin:{meta.app_label}_{meta.model_name}_field_edit"
        return reverse(name, args=[obj.pk, field_name])

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        field_edit = url_path(
            "<pk:object_id>/field/<str:field_name>/",
            self.admin_site.admin_view(self.field_edit_view),
            name="{}_{}_field_edit".format(*info),
        )
        return [field_edit, *super().get_urls()]

    # --- the endpoint ------------------------------------------------------------------------
    def field_edit_view(self, request, object_id, field_name):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        obj = self.get_record_or_404(object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if field_name not in self.in_place_field_names(request, obj):
            raise Http404
        form_class = self._field_form(request, obj, [field_name])
        if request.method == "GET":
            return self._fragment(request, form_class(instance=obj), obj, field_name)
        if parse_version(request.POST) is None:
            return JsonResponse({"ok": False, "error": MISSING_VERSION}, status=400)
        form = form_class(request.POST, request.FILES, instance=obj)
        try:
            if not form.is_valid():
                stale = any(e.code == "stale" for e in form.errors.as_data().get("__all__", []))
                return self._refused(request, form, obj, field_name, stale=stale)
            with transaction.atomic():
                saved = self.save_form(request, form, change=True)
                self.save_model(request, saved, form, change=True)
                self.save_related(request, form, formsets=[], change=True)
                self.log_change(request, saved, self.construct_change_message(request, form, None))
        except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
            # Raised inside the atomic block: nothing was written.
            log_exception_refusal(exc, request=request, model=obj, record_id=obj.pk)
            form.add_error(None, error_message(exc))
            stale = isinstance(exc, ConcurrencyError)
            return self._refused(request, form, obj, field_name, stale=stale)
        return JsonResponse(self._saved(request, obj.pk, field_name))

    # --- what goes back ----------------------------------------------------------------------
    def _fragment(self, request, form, obj, field_name, *, saved_value=None, status=200):
        bound = form[field_name]
        widget = bound.field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):  # no "+" / pencil popups in place
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        context = {
            "field": bound,
            "errors": [*form.non_field_errors(), *bound.errors],
            "saved_value": saved_value,
            "url": self.field_edit_url(obj, field_name),
        }
        return TemplateResponse(request, FRAGMENT, context, status=status)

    def _refused(self, request, form, obj, field_name, *, stale: bool) -> JsonResponse:
        """The input again with the message under it; a stale record also shows the value
        someone else saved (UI.md)."""
        current = self.get_record_or_404(obj.pk)
        saved_value = self._value_html(request, current, field_name) if stale else None
        if stale and STALE_RECORD_MESSAGE not in form.non_field_errors():
            form.add_error(None, STALE_RECORD_MESSAGE)
        fragment = self._fragment(request, form, obj, field_name, saved_value=saved_value)
        status = 409 if stale else 400
        html = fragment.rendered_content
        return JsonResponse({"ok": False, "stale": stale, "html": html}, status=status)

    def _value_html(self, request, record, field_name) -> str:
        form = self._field_form(request, record, [field_name])(instance=record)
        field = UnfoldAdminReadonlyField(form, field_name, is_first=False, model_admin=self)
        return render_to_string(VALUE, {"field": field}, request=request)

    def _saved(self, request, pk, field_name) -> dict:
        """The new value as the Details tab shows it, the new version (every later save
        carries it) and the highlights panel's values, which may show the same field."""
        # Read as the record page reads it: the admin's queryset carries its annotations.
        record = self.get_object(request, str(pk)) or self.get_record_or_404(pk)
        highlights = record_header.highlights(self, request, record)
        return {
            "ok": True,
            "message": SAVED,
            "version": seen_version(record),  # a line item's change marker stands in
            "html": self._value_html(request, record, field_name),
            "title": str(highlights["title"]),
            "highlights": [str(conditional_escape(value)) for _, value in highlights["fields"]],
        }
