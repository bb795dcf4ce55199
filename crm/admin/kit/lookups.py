"""Inactive records are never offered for *new* links (SPEC §4), yet an existing link to a
since-deactivated record stays valid and visible.

* ``ActiveChoicesMixin`` on the admin that *holds* the foreign keys (``active_link_fields``):
  each such form field offers active records plus the record's current value.
* ``ActiveAutocompleteMixin`` on the admin that is *searched* by an autocomplete widget:
  its autocomplete results are active records only."""


class ActiveChoicesMixin:
    active_link_fields: tuple[str, ...] = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        link_fields = self.active_link_fields

        class ActiveChoicesForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                for name in link_fields:
                    field = self.fields.get(name)
                    if field is None or not hasattr(field, "queryset"):
                        continue
                    current = getattr(self.instance, f"{name}_id", None)
                    active = field.queryset.filter(is_active=True)
                    field.queryset = (
                        active | field.queryset.filter(pk=current) if current else active
                    )

        ActiveChoicesForm.__name__ = form_class.__name__
        return ActiveChoicesForm


class ActiveAutocompleteMixin:
    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        has_active = any(field.name == "is_active" for field in self.model._meta.fields)
        if has_active and match is not None and match.url_name == "autocomplete":
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates
