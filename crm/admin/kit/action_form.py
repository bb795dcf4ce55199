"""The list's action bar ("Delete selected…", "Change owner…"), drawn once per set of choices
(issue 23 item 8). Unfold's action form renders its select and hidden input through Django's
widget templates on every list page — an include per option and per attribute, 5 ms of a
contact list — though the markup depends only on the choices the user has. The widgets here
are Unfold's, and remember what they drew for the same name, value, attributes and choices."""

import copy

from django import forms
from unfold.forms import ActionForm
from unfold.widgets import UnfoldAdminSelectWidget

_DRAWN: dict = {}
_DRAWN_MAX = 512  # distinct (list, choices) pairs kept; past it, drawn anew


def _frozen(mapping) -> tuple:
    return tuple(sorted((str(k), str(v)) for k, v in (mapping or {}).items()))


class RememberedRender:
    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple((str(key), str(label)) for key, label in getattr(self, "choices", ()))
        key = (type(self), name, str(value), _frozen(self.attrs), _frozen(attrs), choices)
        html = _DRAWN.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(_DRAWN) < _DRAWN_MAX:
                _DRAWN[key] = html
        return html


class RememberedSelect(RememberedRender, UnfoldAdminSelectWidget):
    pass


class RememberedHidden(RememberedRender, forms.HiddenInput):
    pass


def _remembering(name: str, kind: type) -> forms.Field:
    """Unfold's field as it is, its widget made to remember (Unfold's widgets add their own
    classes when made, so the made widget is taken over rather than made again)."""
    field = copy.deepcopy(ActionForm.base_fields[name])
    field.widget.__class__ = kind
    return field


class ListActionForm(ActionForm):
    action = _remembering("action", RememberedSelect)
    select_across = _remembering("select_across", RememberedHidden)
