"""Header actions declared as data. A state-machine entity lists its moves as
``TransitionAction``s; the kit turns each into a header button that is shown only when the
move is allowed, a confirmation page, and a call to the transition service (or the
entity's named wrapper, e.g. ``change_status``)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.forms.models import model_to_dict
from django.http import HttpResponseRedirect
from django.urls import reverse
from unfold.decorators import action

from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.dialog import DIALOG
from crm.ids import parse_id
from crm.services import transitions


@dataclass(frozen=True)
class TransitionAction:
    name: str  # "qualify": method qualify_detail, URL <pk>/qualify/, permission "qualify"
    label: str  # the button and the confirmation's verb
    target: str  # the state it moves to
    question: str  # may use {record}
    done: str  # toast tail: "was qualified"
    icon: str = ""
    danger: bool = False
    # service(record, *, target, user, version): a named wrapper; default: transition().
    service: Callable | None = None
    # condition(record): an extra rule for showing the button (e.g. only active campaigns).
    condition: Callable | None = None

    @property
    def url_path(self) -> str:
        return self.name.replace("_", "-")


def _runner(admin_class, move: TransitionAction):
    def run(request, record, *, version, data):
        if move.service is not None:
            return move.service(record, target=move.target, user=request.user, version=version)
        return transitions.transition(
            record,
            field=admin_class.path_field,
            target=move.target,
            user=request.user,
            version=version,
        )

    return run


def install_transition_actions(admin_class) -> None:
    """Give ``admin_class`` a detail action and a permission check per declared move."""
    for move in admin_class.transition_actions:
        confirmation = Confirmation(
            verb=move.label,
            question=move.question,
            done=move.done,
            run=_runner(admin_class, move),
            danger=move.danger,
        )

        def view(self, request, object_id, _confirmation=confirmation):
            return confirm_record(self, request, self.get_record_or_404(object_id), _confirmation)

        def allowed(self, request, object_id=None, _move=move):
            if not self.has_change_permission(request):
                return False
            if object_id is None:
                return True
            record = self.get_record(request, object_id)
            if record is None or (_move.condition and not _move.condition(record)):
                return False
            return _move.target in self.allowed_targets(request, record)

        view.__name__ = f"{move.name}_detail"
        decorated = action(
            description=move.label,
            url_path=move.url_path,
            permissions=[move.name],
            icon=move.icon or None,
            attrs=DIALOG,
        )(view)
        setattr(admin_class, f"{move.name}_detail", decorated)
        setattr(admin_class, f"has_{move.name}_permission", allowed)


class CloneActionMixin:
    """Salesforce "Clone": a new record's form pre-filled with this record's values."""

    clone_enabled = True
    # Never copied: who owns it, its state and its lifecycle belong to the new record.
    clone_exclude = ("owner", "is_active", "version", "created_at", "updated_at")

    def has_clone_permission(self, request, object_id=None):
        return self.clone_enabled and self.has_add_permission(request)

    @action(description="Clone", url_path="clone", permissions=["clone"], icon="content_copy")
    def clone(self, request, object_id):
        record = self.get_record_or_404(object_id)
        meta = record._meta
        return HttpResponseRedirect(
            f"{reverse(f'admin:{meta.app_label}_{meta.model_name}_add')}?clone={record.pk}"
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        source_id = parse_id(request.GET.get("clone"))
        if not (source_id and self.has_clone_permission(request)):
            return initial
        source = self.get_queryset(request).filter(pk=source_id).first()
        if source is None:
            return initial
        protected = {f.name for f in source._meta.fields if getattr(f, "protected", False)}
        values = model_to_dict(source, exclude=[*self.clone_exclude, *protected])
        return {**initial, **{k: v for k, v in values.items() if v not in (None, "")}}
