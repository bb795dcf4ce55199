"""Salesforce record pages open read-only: the change URL shows the Details tab as values
with an Edit button (and a pencil on each editable field); ``?edit=1`` opens the form. The
form still POSTs to the plain change URL; after Save the user lands on the read view of the
same record, after creating a record on its page."""

from django.contrib.admin.utils import flatten_fieldsets, label_for_field
from django.http import HttpResponseRedirect

EDIT_PARAM = "edit"


class ReadEditMixin:
    def is_read_mode(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.pk is not None
            and request.method == "GET"
            and EDIT_PARAM not in request.GET
            and "_popup" not in request.GET
        )

    def edit_url(self, obj) -> str:
        return f"{self.record_url(obj)}?{EDIT_PARAM}=1"

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.is_read_mode(request, obj):
            return [*readonly, *self._form_field_names(request, obj, readonly)]
        return readonly

    def _form_field_names(self, request, obj, readonly) -> list[str]:
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        return [name for name in fields if name not in readonly]

    def get_inline_instances(self, request, obj=None):
        if self.is_read_mode(request, obj):
            return []
        return super().get_inline_instances(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            read_mode = self.is_read_mode(request, obj)
            can_edit = self.has_change_permission(request, obj)
            context.update(
                read_mode=read_mode,
                edit_url=self.edit_url(obj) if read_mode and can_edit else None,
                read_url=self.record_url(obj),
            )
            if read_mode:
                editable = self._editable_field_names(request, obj) if can_edit else []
                context.update(
                    show_save=False,
                    show_save_and_continue=False,
                    show_save_and_add_another=False,
                    show_delete_link=False,
                    editable_labels="|".join(self._labels(request, obj, editable)),
                )
            # The POST target stays the plain change URL, whatever the query string.
            form_url = form_url or self.record_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _labels(self, request, obj, names) -> list[str]:
        return [str(label_for_field(name, type(obj), self)).lower() for name in names]

    def _editable_field_names(self, request, obj) -> list[str]:
        readonly = super().get_readonly_fields(request, obj)
        return self._form_field_names(request, obj, readonly)

    # --- where Save lands -------------------------------------------------------------------
    def _stays_on_form(self, request) -> bool:
        return any(key in request.POST for key in ("_addanother", "_popup", "_saveasnew"))

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if self._stays_on_form(request) or response.status_code != 302:
            return response
        if "_continue" in request.POST:
            return HttpResponseRedirect(self.edit_url(obj))
        return HttpResponseRedirect(self.record_url(obj))

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if self._stays_on_form(request) or response.status_code != 302:
            return response
        if "_continue" in request.POST:
            return HttpResponseRedirect(self.edit_url(obj))
        return HttpResponseRedirect(self.record_url(obj))
