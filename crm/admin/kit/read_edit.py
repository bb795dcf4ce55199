"""Salesforce record pages open read-only: the change URL shows the Details tab as values
with an Edit button (and a pencil on each editable field); ``?edit=1`` opens the form. The
form still POSTs to the plain change URL; after Save the user lands on the read view of the
same record, after creating a record on its page.

The form ends with Lightning's buttons (crm/admin/submit_line.html): Cancel and Save when
editing, Cancel, Save & New and Save when creating. Cancel goes back to the read view, or for
a new record to the page the user came from (when it is one of ours) or the list."""

from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst

from crm.admin.kit.columns import EMPTY

EDIT_PARAM = "edit"


def safe_referer(request) -> str | None:
    """The page the request came from, when it is on this site; else None."""
    referer = request.META.get("HTTP_REFERER", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if referer and allowed else None


class ReadEditMixin:
    # The kit's one mark for "no value" (Details, lists), never Django's "-".
    empty_value_display = EMPTY

    def is_read_mode(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.pk is not None
            and request.method == "GET"
            and EDIT_PARAM not in request.GET
            and "_popup" not in request.GET
            # The in-place editor builds the admin's form for one field (field_edit.py).
            and not getattr(request, "_crm_field_edit", False)
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
        context.update(cancel_url=self._cancel_url(request, obj))
        name = capfirst(self.model._meta.verbose_name)
        noun = self.model._meta.verbose_name
        # The browser tab, as Lightning: "New Account"; a title the admin chose itself (the
        # activities' "New Task") stays.
        if add and "_popup" not in request.GET and context.get("title") == f"Add {noun}":
            context["title"] = f"New {name}"
        if obj is not None and obj.pk:
            read_mode = self.is_read_mode(request, obj)
            can_edit = self.has_change_permission(request, obj)
            # The browser tab: "Brightside Bakery | Account" (Django: "… | Change account").
            if context.get("title") == f"Change {noun}":
                context["title"] = name if read_mode else f"Edit {name}"
            context.update(
                read_mode=read_mode,
                editing=not read_mode,  # the header's actions wait until the form is left
                edit_url=self.edit_url(obj) if read_mode and can_edit else None,
                read_url=self.record_url(obj),
            )
            if read_mode:
                context.update(
                    show_save=False,
                    show_save_and_continue=False,
                    show_save_and_add_another=False,
                    show_delete_link=False,
                    **self._pencils(request, obj, can_edit),
                )
            # The POST target stays the plain change URL, whatever the query string.
            form_url = form_url or self.record_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _pencils(self, request, obj, can_edit) -> dict:
        """Which Details values get a pencil, and which of those edit in place."""
        if not can_edit:
            return {"editable_fields": [], "in_place_fields": []}
        in_place = getattr(self, "in_place_field_names", lambda request, obj: [])(request, obj)
        base = self.field_edit_url(obj, "_")[: -len("_/")] if in_place else ""
        return {
            "editable_fields": self._editable_field_names(request, obj),
            "in_place_fields": in_place,
            "field_edit_base": base,
        }

    def _cancel_url(self, request, obj) -> str:
        if obj is not None and obj.pk:
            return self.record_url(obj)
        back = safe_referer(request)
        if back and request.path not in back:
            return back
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")

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
