"""Telling a user their background job's result on the next page they open (issue 26).

When a big import is queued, its id goes into the uploader's session. While the session holds
such ids, each page (a GET for HTML) looks them up; a job that has finished and was not shown
yet (``notified_at`` claims it once, across tabs) becomes a Django message, shown as a toast.
A session with no job in it costs no query at all. The import page that shows a job's result
(``?job=<id>``) tells it itself, so that job is skipped there."""

from django.contrib import messages

from crm.http import wants_json
from crm.models.import_jobs import ImportJobStatus
from crm.selectors.import_jobs import finished_unnotified, known_ids, summary
from crm.services.import_jobs import mark_notified

SESSION_KEY = "crm_import_jobs"


def session_jobs(request) -> list[int]:
    """Ids of the background jobs this session started and was not told about yet."""
    return list(request.session.get(SESSION_KEY, []))


def remember_job(request, job) -> None:
    ids = [*request.session.get(SESSION_KEY, []), job.pk]
    request.session[SESSION_KEY] = ids[-20:]


def forget_job(request, job) -> None:
    ids = [pk for pk in request.session.get(SESSION_KEY, []) if pk != job.pk]
    if ids:
        request.session[SESSION_KEY] = ids
    else:
        request.session.pop(SESSION_KEY, None)


def tell_finished_jobs(request, ids: list[int]) -> None:
    shown_here = request.GET.get("job", "")
    for job in finished_unnotified(request.user, ids):
        if str(job.pk) == shown_here:
            continue
        if mark_notified(job, user=request.user):
            tone = messages.success if job.status == ImportJobStatus.DONE else messages.error
            tone(request, summary(job))
    still = known_ids(ids)
    request.session[SESSION_KEY] = [pk for pk in ids if pk in still]
    if not request.session[SESSION_KEY]:
        del request.session[SESSION_KEY]


class JobNoticeMiddleware:
    """After the messages middleware: adds the toasts before the view renders the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not wants_json(request):
            session = getattr(request, "session", None)
            ids = session.get(SESSION_KEY) if session is not None else None
            if ids and request.user.is_authenticated:
                tell_finished_jobs(request, ids)
        return self.get_response(request)
