"""``RecordAdmin``: the one admin base every CRM record uses (SPEC §4, §7, UI.md).

It bundles what every Salesforce-style record page has — Unfold + history, the version
check, owner rules, no hard deletes, the read view with Edit, the highlights panel and path,
related-list cards, header actions with a ▾ menu (Clone, Change Owner, Deactivate /
Reactivate), one confirmation page, toasts, URLs with one meaning and an in-shell 404 —
configured by declarations::

    @admin.register(Case)
    class CaseAdmin(RecordAdmin):
        highlight_fields = ("account", "priority", "status", "owner")
        path_field = "status"
        transition_actions = (TransitionAction("start", "Start", "in_progress", …),)
        related_lists = (attachments_related_list(),)
        header_actions = ("new_task",)
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path as url_path
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from crm.admin.kit import header as record_header
from crm.admin.kit.actions import CloneActionMixin, install_transition_actions
from crm.admin.kit.attachments import AttachmentsMixin
from crm.admin.kit.confirm import MISSING_VERSION, REFUSALS, parse_version
from crm.admin.kit.deactivation import DeactivatableAdminMixin
from crm.admin.kit.feedback import report_error
from crm.admin.kit.field_edit import FieldEditMixin
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.history_page import HistoryPageMixin
from crm.admin.kit.inline_edit import InlineEditMixin
from crm.admin.kit.linked_search import LinkedSearchMixin
from crm.admin.kit.list_rendering import ListRenderingMixin
from crm.admin.kit.list_views import ListViewsMixin
from crm.admin.kit.lookups import ActiveAutocompleteMixin, ActiveChoicesMixin
from crm.admin.kit.messages import SalesforceMessagesMixin
from crm.admin.kit.owner import OwnerAdminMixin
from crm.admin.kit.prefill import ParentPrefillMixin
from crm.admin.kit.read_edit import ReadEditMixin
from crm.admin.kit.record_tabs import RecordTabsMixin
from crm.admin.kit.system_info import SystemInfoMixin
from crm.admin.kit.urls import digits_only, not_found, problem
from crm.errors import BusinessRuleError, ConcurrencyError
from crm.ids import parse_id
from crm.objects import style_of
from crm.services import recently_viewed, records, transitions

# Every record's ▾ menu, after the entity's own ``menu_actions``; each shows only when allowed.
STANDARD_MENU = ("clone", "change_owner_detail", "deactivate_detail", "reactivate_detail")
STANDARD_BULK = ("change_owner_selected", "deactivate_selected")


class RecordAdminCore(LinkedSearchMixin, ListRenderingMixin, SimpleHistoryAdmin, ModelAdmin):
    form = VersionedAdminForm
    change_form_template = "crm/admin/change_form.html"
    change_form_outer_before_template = "crm/admin/record_header.html"
    list_per_page = 50
    list_filter_submit = True
    # Leaving a dirty form asks in crm/static/crm/record_page.js (links and beforeunload);
    # Unfold's own warning would ask a second time.
    warn_unsaved_form = False
    # Opening the record page puts it on the user's Recently Viewed (child rows opt out).
    remember_views = True

    # Highlights panel: 3–6 key fields (icon and colour come from crm.objects).
    highlight_fields: tuple[str, ...] = ()
    # Path: the FSM field whose chevrons are shown; None for records without a status.
    path_field: str | None = None
    path_hints: dict[str, str] = {}
    # The final outcomes, positive first (Closed Won, Closed Lost): several share one last
    # chevron labelled ``path_final_label`` (default "Won / Lost": their labels) until one
    # is reached. Final outcomes are drawn green, those in ``path_lost`` red.
    path_final: tuple[str, ...] = ()
    path_final_label = ""
    path_lost: tuple[str, ...] = ()
    # Header: the entity's own buttons (detail action names), the moves of its state machine
    # (TransitionAction) and extra ▾ menu entries.
    # Chevrons that open a header action's confirmation instead of moving at once (target →
    # detail action name, e.g. an order's Fulfilled → "fulfil_detail"). When set, only these
    # chevrons are clickable and any other answers ``path_refusal``.
    path_actions: dict[str, str] = {}
    path_refusal = ""
    header_actions: tuple[str, ...] = ()
    transition_actions: tuple = ()
    menu_actions: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "transition_actions" in cls.__dict__:
            install_transition_actions(cls)

    def __init__(self, model, admin_site):
        moves = tuple(f"{move.name}_detail" for move in self.transition_actions)
        menu = (*self.menu_actions, *STANDARD_MENU)
        self.actions_detail = [
            *self.header_actions,
            *moves,
            {"title": "More", "icon": "arrow_drop_down", "items": list(menu)},
        ]
        self.actions = list(dict.fromkeys([*(self.actions or ()), *STANDARD_BULK]))
        super().__init__(model, admin_site)

    @property
    def object_icon(self) -> str:
        return style_of(self.model).icon

    @property
    def object_color(self) -> str:
        return style_of(self.model).color

    # --- one read of the record per request ---------------------------------------------------
    def get_record(self, request, object_id):
        """The record behind ``object_id`` (None if there is none), read once per request."""
        cache = request.__dict__.setdefault("_crm_records", {})
        key = (self.model, str(object_id))
        if key not in cache:
            pk = parse_id(object_id)
            cache[key] = self.model._base_manager.filter(pk=pk).first() if pk else None
        return cache[key]

    def get_record_or_404(self, object_id):
        record = self.model._base_manager.filter(pk=int(object_id)).first()
        if record is None:
            raise Http404
        return record

    def allowed_targets(self, request, record) -> set[str]:
        cache = request.__dict__.setdefault("_crm_targets", {})
        key = (self.model, record.pk, record.version)
        if key not in cache:
            cache[key] = transitions.allowed_targets(
                record, field=self.path_field, user=request.user
            )
        return cache[key]

    # --- business data is never hard-deleted (SPEC §4) ----------------------------------------
    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- the write path and refusals that never become 500s -----------------------------------
    def save_model(self, request, obj, form, change):
        # The bound form already ran full_clean and the early version check.
        records.save_record(obj, user=request.user, validate=False)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ConcurrencyError, BusinessRuleError) as exc:
            # Raised inside the admin's atomic block, so nothing was written.
            report_error(request, exc)
            return HttpResponseRedirect(request.get_full_path())

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        return not_found(self, request)

    # --- record header -------------------------------------------------------------------------
    def get_highlight_badges(self, request, obj) -> list[tuple[str, str]]:
        return []

    def get_path_stages(self, request, obj) -> list[tuple[str, str]]:
        """The chevrons before the final outcome(s), which the path adds itself."""
        choices = obj._meta.get_field(self.path_field).choices
        return [(value, label) for value, label in choices if value not in self.path_final]

    def get_path_hint(self, value: str) -> str:
        return self.path_hints.get(value, "")

    def is_path_stage_allowed(self, value: str, allowed_targets: set[str]) -> bool:
        if self.path_actions and value not in self.path_actions:
            return False
        return value in allowed_targets

    def get_path_stage_url(self, obj, value: str) -> str | None:
        """A stage that needs more input (e.g. a loss reason) opens its own page (GET)."""
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and request.method == "GET" and self.remember_views:
            recently_viewed.record_view(user=request.user, record=obj)
        if obj is not None and obj.pk:
            # The header shows what is saved, never the values of a refused or stale POST.
            saved = obj if request.method == "GET" else self.get_record_or_404(obj.pk)
            context["record_actions"] = context.pop("actions_detail", [])
            context["highlights"] = record_header.highlights(self, request, saved)
            context["record_path"] = record_header.path(self, request, saved)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- URLs: digits-only ids, the path click ---------------------------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra = [
            url_path(
                "<pk:object_id>/path/<str:target>/",
                self.admin_site.admin_view(self.path_view),
                name="{}_{}_path".format(*info),
            )
        ]
        return extra + super().get_urls()

    @property
    def urls(self):
        # Outermost, so the patterns of every mixin (convert, attachments, …) are rewritten.
        return digits_only(self, self.get_urls())

    def path_view(self, request, object_id, target):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_record_or_404(object_id)
        if not self.path_field or not self.has_change_permission(request, obj):
            raise PermissionDenied
        action = self.path_actions.get(target)
        if action is not None:
            meta = obj._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])
            return HttpResponseRedirect(url)  # its confirmation page asks first
        # A chevron nobody chooses by hand (an order's paid states) answers the entity's reason.
        if self.path_refusal and not self.is_path_stage_allowed(target, {target}):
            messages.error(request, self.path_refusal)
            return HttpResponseRedirect(self.record_url(obj))
        version = parse_version(request.POST)
        if version is None:
            return problem(self, request, MISSING_VERSION, status=400)
        try:
            self.move_along_path(request, obj, target=target, version=version)
        except REFUSALS as exc:
            report_error(request, exc)
        else:
            label = dict(obj._meta.get_field(self.path_field).choices).get(target, target)
            messages.success(
                request, f"{obj._meta.verbose_name.capitalize()} '{obj}' moved to {label}."
            )
        return HttpResponseRedirect(self.record_url(obj))

    def move_along_path(self, request, obj, *, target: str, version: int) -> None:
        """Default: run the FSM transition leading to ``target``. Entities with a named
        service (``change_stage``, …) override this to call it."""
        transitions.transition(
            obj, field=self.path_field, target=target, user=request.user, version=version
        )

    def record_url(self, obj) -> str:
        meta = obj._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


class RecordAdmin(
    SalesforceMessagesMixin,
    ParentPrefillMixin,
    FieldEditMixin,
    ReadEditMixin,
    SystemInfoMixin,
    HistoryPageMixin,
    CloneActionMixin,
    OwnerAdminMixin,
    ActiveChoicesMixin,
    ActiveAutocompleteMixin,
    AttachmentsMixin,
    RecordTabsMixin,
    DeactivatableAdminMixin,
    InlineEditMixin,
    ListViewsMixin,
    RecordAdminCore,
):
    """Every CRM record admin inherits this and declares the rest."""
