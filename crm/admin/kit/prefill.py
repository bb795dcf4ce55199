"""The "New" button on a parent's record page: the add form opens with the parent
pre-filled and read-only (``?account=<id>``); saving returns to the parent's Related tab."""

from django.http import HttpResponseRedirect

from crm.ids import parse_id

LOCKED_HELP = "Set from the record you came from."


class ParentPrefillMixin:
    """Mix into a CRMModelAdmin. ``prefill_parent_fields`` are FKs that a related-list "New"
    button may lock, e.g. ``("account",)`` on contacts."""

    prefill_parent_fields: tuple[str, ...] = ()
    # After "Save" on a form opened from a parent: back to the parent's Related tab (False:
    # the new record's own page, e.g. a new opportunity, ready for its products).
    return_to_parent = True

    def prefilled_parent(self, request):
        """(field name, parent record) when the add form was opened from an active parent."""
        for name in self.prefill_parent_fields:
            parent_id = parse_id(request.GET.get(name))
            if parent_id is None:
                continue
            related_model = self.model._meta.get_field(name).related_model
            parents = related_model._base_manager.filter(pk=parent_id)
            if any(field.name == "is_active" for field in related_model._meta.fields):
                parents = parents.filter(is_active=True)
            parent = parents.first()
            if parent is not None:
                return name, parent
        return None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # A hand-edited "?account=abc" must not reach the lookup widgets (they would crash).
        for name in (*self.prefill_parent_fields, *getattr(self, "autocomplete_fields", ())):
            if name in initial and parse_id(initial[name]) is None:
                del initial[name]
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        prefill = None if obj is not None else self.prefilled_parent(request)
        if prefill is None:
            return form_class
        name, parent = prefill

        class PrefilledForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                field = self.fields.get(name)
                if field is not None:
                    # A disabled field ignores posted data and keeps this initial value.
                    field.initial = parent.pk
                    field.disabled = True
                    field.help_text = LOCKED_HELP

        PrefilledForm.__name__ = form_class.__name__
        return PrefilledForm

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        prefill = self.prefilled_parent(request)
        if not self.return_to_parent or prefill is None:
            return response
        if "_continue" in request.POST or "_popup" in request.POST:
            return response
        if "_addanother" in request.POST:
            return HttpResponseRedirect(request.get_full_path())
        _, parent = prefill
        return HttpResponseRedirect(f"{self.record_url(parent)}#related")
