"""A saved row's link shown as fixed text (a line's product, a role's contact)."""

from django import forms
from django.utils.html import format_html


class FixedChoiceWidget(forms.Widget):
    """Shows an already-chosen related record as text (no lookup query per row)."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<span class="crm-fixed-choice">{}</span>', self.label)


def fix_existing_choice(form, name: str) -> None:
    """Show a saved row's link as text: no lookup query per row, and it cannot change."""
    field = form.fields.get(name)
    if field is not None and form.instance.pk:
        field.disabled = True
        field.widget = FixedChoiceWidget(str(getattr(form.instance, name)))
