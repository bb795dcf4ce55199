"""The activity composer's endpoints (issue 25), on the activity admin:

* ``compose/`` (new) and ``<pk>/compose/`` (edit): GET the form — a fragment when fetched by
  ``crm/static/crm/composer.js`` (``X-CRM-Composer``), else a page in the admin shell, so the
  URL works without JavaScript; POST saves through ``crm.services.activities`` and answers JSON
  to the script (``ok``; else the form again with its errors, 409 when stale), a redirect to
  the page.
* ``links/?q=…&who=1``: the Related To / Name pickers' matches, JSON."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path as url_path
from django.urls import reverse
from django.utils import timezone

from crm.admin.activities.composer_form import (
    CALL,
    EDIT_TITLES,
    KINDS,
    ComposerForm,
    event_defaults,
    picked,
)
from crm.admin.kit.confirm import MISSING_VERSION
from crm.errors import STALE_RECORD_MESSAGE, BusinessRuleError, ConcurrencyError, error_message
from crm.ids import parse_id
from crm.models.activities import ActivityType
from crm.models.activity_links import WHAT_FIELDS, WHO_FIELDS
from crm.selectors.activity_links import link_choices, linked_record
from crm.services.activities import create_activity, log_call, update_activity

HEADER = "X-CRM-Composer"
FRAGMENT = "crm/includes/activity_composer.html"
PAGE = "crm/admin/activity_composer_page.html"
SAVED = "{kind} '{activity}' was saved."
CREATED = {
    "task": "Task '{a}' was created.",
    "event": "Event '{a}' was created.",
    CALL: "Call '{a}' was logged.",
}


def _moment(raw: str) -> datetime.datetime | None:
    """A calendar slot's ISO start or end (with or without an offset)."""
    try:
        moment = datetime.datetime.fromisoformat((raw or "").replace(" ", "+"))
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class ComposerMixin:
    def composer_urls(self):
        view = self.admin_site.admin_view
        return [
            url_path("compose/", view(self.compose_view), name="crm_activity_compose"),
            url_path(
                "<pk:object_id>/compose/", view(self.compose_view), name="crm_activity_recompose"
            ),
            url_path("links/", view(self.links_view), name="crm_activity_links"),
        ]

    # --- the pickers --------------------------------------------------------------------------
    def links_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        who = request.GET.get("who") == "1"
        results = link_choices(request.GET.get("q", ""), user=request.user, who=who)
        return JsonResponse({"results": results})

    # --- the form ------------------------------------------------------------------------------
    def _new_initial(self, request) -> tuple[dict, dict]:
        kind = request.GET.get("type", "")
        kind = kind if kind in KINDS else ActivityType.TASK.value
        initial = {"kind": kind, "assigned_to": request.user.pk, "due_date": timezone.localdate()}
        start, end = _moment(request.GET.get("start_time")), _moment(request.GET.get("end_time"))
        if (
            request.GET.get("is_all_day_event") == "1"
            and start
            and not request.GET.get("start_time", "")[10:]
        ):
            start = start.replace(hour=9)  # a day cell: the morning of that day
            end = None
        start, end = event_defaults(start, end)
        initial.update(start_time=timezone.localtime(start), end_time=timezone.localtime(end))
        if kind == ActivityType.TASK and start and request.GET.get("start_time"):
            initial["due_date"] = timezone.localtime(start).date()
        shown = {}
        for name, who in (*((f, False) for f in WHAT_FIELDS), *((f, True) for f in WHO_FIELDS)):
            if (pk := parse_id(request.GET.get(name, ""))) is None:
                continue
            found = linked_record(f"{name}:{pk}", user=request.user, who=who)
            key = "who" if who else "related_to"
            if found and key not in shown:
                shown[key] = picked(found[1], found[0])
                initial[key] = shown[key]["value"]
        return initial, shown

    def _edit_initial(self, activity) -> tuple[dict, dict]:
        initial = {
            "kind": activity.kind,
            "version": activity.version,
            "subject": activity.subject,
            "assigned_to": activity.assigned_to_id,
            "description": activity.description,
            "due_date": activity.due_date,
            "location": activity.location,
            "start_time": activity.start_time and timezone.localtime(activity.start_time),
            "end_time": activity.end_time and timezone.localtime(activity.end_time),
        }
        shown = {}
        for key, record, fields in (
            ("related_to", activity.what, WHAT_FIELDS),
            ("who", activity.who, WHO_FIELDS),
        ):
            if record is not None:
                field = next(f for f in fields if getattr(activity, f"{f}_id"))
                shown[key] = picked(record, field)
                initial[key] = shown[key]["value"]
        return initial, shown

    def _shown_from_post(self, form) -> dict:
        shown = {}
        for key, who in (("related_to", False), ("who", True)):
            value = form.data.get(key, "")
            found = linked_record(value, user=form.user, who=who) if value else None
            if found:
                shown[key] = picked(found[1], found[0])
        return shown

    def _render(self, request, form, shown, activity=None, *, status=200):
        kind = form.current_kind
        context = {
            "form": form,
            "shown": shown,
            "kind": kind,
            "title": (EDIT_TITLES if activity else KINDS)[kind],
            "action_url": request.get_full_path(),
            "links_url": reverse("admin:crm_activity_links"),
            "activity": activity,
            "record_url": activity and self.record_url(activity),
        }
        if request.headers.get(HEADER) == "1":
            return render_to_string(FRAGMENT, context, request=request), status
        page = {
            **self.admin_site.each_context(request),
            **context,
            "opts": self.model._meta,
            "cancel_url": context["record_url"] or reverse("admin:crm_activity_changelist"),
        }
        return TemplateResponse(request, PAGE, page, status=status), status

    def compose_view(self, request, object_id=None):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        activity = None
        if object_id is not None:
            activity = self.get_record_or_404(object_id)
            if not self.has_change_permission(request, activity):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        scripted = request.headers.get(HEADER) == "1"
        if request.method == "GET":
            initial, shown = (
                self._edit_initial(activity) if activity else self._new_initial(request)
            )
            form = ComposerForm(initial=initial, user=request.user)
            html, _ = self._render(request, form, shown, activity)
            return JsonResponse({"ok": True, "html": html}) if scripted else html
        form = ComposerForm(request.POST, user=request.user)
        if activity is not None and form.data.get("kind") != activity.kind:
            form.data = form.data.copy()
            form.data["kind"] = activity.kind  # an activity keeps its type when edited
        stale = False
        if activity is not None and not form.data.get("version", "").isdigit():
            form.add_error(None, MISSING_VERSION)
        elif form.is_valid():
            try:
                saved = self._save(request, form, activity)
            except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
                stale = isinstance(exc, ConcurrencyError)
                form.add_error(None, STALE_RECORD_MESSAGE if stale else error_message(exc))
            else:
                message = self._message(saved, created=activity is None)
                if scripted:
                    return JsonResponse(
                        {"ok": True, "id": saved.pk, "version": saved.version, "message": message}
                    )
                messages.success(request, message)
                return HttpResponseRedirect(self.record_url(saved))
        status = 409 if stale else 400
        response, _ = self._render(
            request, form, self._shown_from_post(form), activity, status=status
        )
        if scripted:
            return JsonResponse({"ok": False, "stale": stale, "html": response}, status=status)
        return response

    def _save(self, request, form, activity):
        fields = form.service_fields()
        kind = form.cleaned_data["kind"]
        if activity is not None:
            version = form.cleaned_data.get("version")
            return update_activity(activity, user=request.user, version=version, **fields)
        if kind == CALL:
            return log_call(user=request.user, **fields)
        return create_activity(user=request.user, type=kind, **fields)

    def _message(self, activity, *, created: bool) -> str:
        if created:
            return CREATED[activity.kind].format(a=activity)
        return SAVED.format(kind=activity.kind_label, activity=activity)
