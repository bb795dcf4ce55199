"""My tasks (SPEC §10a, issue 25 item 4): the current user's tasks in tabs (Today, Overdue,
This week, All open, Completed) with counts, sorted by due date, fifty a page; and the two
endpoints behind every task checkbox (this page and Home's "My tasks" card): complete and its
Undo, reopen. Both answer JSON to crm/static/crm/task_complete.js and, without JavaScript,
redirect back to the page with the same message as a toast."""

import math

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from crm.admin.kit.activity_tab import activity_item
from crm.admin.kit.confirm import parse_version
from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.http import json_error
from crm.ids import parse_id
from crm.models.activities import Activity, ActivityType, TaskStatus
from crm.selectors.tasks import DEFAULT_TAB, TASK_TABS, task_tab_counts, task_tab_page
from crm.services.activities import complete_task, reopen_task
from portal.views.base import portal_json, portal_page, render_portal

PAGE_SIZE = 50
COMPLETED = "Task '{activity}' completed."
REOPENED = "Task '{activity}' reopened."
NO_VERSION = "This task has no record version. Reload the page and try again."
EMPTY = {
    "today": "Nothing due today.",
    "overdue": "No overdue tasks — well done.",
    "week": "Nothing due this week.",
    "open": "No open tasks.",
    "completed": "No completed tasks yet.",
}


def _page_number(raw: str, pages: int) -> int:
    number = parse_id(raw) or 1
    return min(number, max(pages, 1))


@require_GET
@portal_page("crm.view_activity")
def my_tasks(request):
    tab = request.GET.get("tab", DEFAULT_TAB)
    tab = tab if tab in TASK_TABS else DEFAULT_TAB
    today, now = timezone.localdate(), timezone.now()
    counts = task_tab_counts(user=request.user, today=today)
    # The tab's count is the paginator's count: no second COUNT query.
    pages = math.ceil(counts[tab] / PAGE_SIZE)
    number = _page_number(request.GET.get("page", ""), pages)
    start = (number - 1) * PAGE_SIZE
    rows = task_tab_page(user=request.user, tab=tab, today=today, start=start, size=PAGE_SIZE)
    items = []
    for activity in rows:
        item = activity_item(activity, today=today, now=now)
        item["priority"] = activity.get_priority_display()
        item["due_today"] = item["open_task"] and activity.due_date == today
        items.append(item)
    base = reverse("portal:my_tasks")
    context = {
        "tab": tab,
        "tabs": [
            {"key": key, "label": label, "count": counts[key], "url": f"{base}?tab={key}"}
            for key, label in TASK_TABS.items()
        ],
        "items": items,
        "empty": EMPTY[tab],
        "can_complete": request.user.has_perm("crm.change_activity"),
        "here": request.get_full_path(),
        "page": {
            "number": number,
            "pages": pages,
            "first": start + 1,
            "last": start + len(items),
            "total": counts[tab],
            "previous": f"{base}?tab={tab}&page={number - 1}" if number > 1 else None,
            "next": f"{base}?tab={tab}&page={number + 1}" if number < pages else None,
        },
    }
    return render_portal(request, "portal/my_tasks.html", context, title="My tasks")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _task(task_id: str) -> Activity:
    pk = parse_id(task_id)
    if pk is None:
        raise Http404("No such task.")
    return get_object_or_404(Activity, pk=pk, type=ActivityType.TASK)


def _back(request, activity: Activity) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:my_tasks")
    return HttpResponseRedirect(target)


def _change(request, task_id: str, *, reopen: bool):
    """Complete (or reopen) one task with the version the page showed."""
    activity = _task(task_id)
    version = parse_version(request.POST)
    wants_json = _wants_json(request)
    if version is None:
        if wants_json:
            return json_error(NO_VERSION)
        messages.error(request, NO_VERSION)
        return _back(request, activity)
    previous = activity.status
    try:
        if reopen:
            status = request.POST.get("status", TaskStatus.NOT_STARTED)
            reopen_task(activity, user=request.user, version=version, status=status)
        else:
            complete_task(activity, user=request.user, version=version)
    except (BusinessRuleError, ConcurrencyError) as exc:
        if wants_json:
            return json_error(error_message(exc), 409 if isinstance(exc, ConcurrencyError) else 400)
        messages.error(request, error_message(exc))
        return _back(request, activity)
    message = (REOPENED if reopen else COMPLETED).format(activity=activity)
    if not wants_json:
        messages.success(request, message)
        return _back(request, activity)
    return JsonResponse(
        {
            "ok": True,
            "message": message,
            "version": activity.version,
            "status": activity.status,
            "previous_status": previous,
            "reopen_url": reverse("portal:task_reopen", args=[activity.pk]),
            "complete_url": reverse("portal:task_complete", args=[activity.pk]),
        }
    )


def _guarded(request, task_id: str, *, reopen: bool):
    guard = portal_json if _wants_json(request) else portal_page
    return guard("crm.change_activity")(_change)(request, task_id, reopen=reopen)


@require_POST
def complete(request, task_id: str):
    return _guarded(request, task_id, reopen=False)


@require_POST
def reopen(request, task_id: str):
    return _guarded(request, task_id, reopen=True)
