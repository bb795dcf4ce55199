"""The one "Are you sure?" page (UI.md Feedback): every confirmed action — deactivate,
reactivate, change owner, a status move, later void, terminate, close case … — is declared
as a ``Confirmation`` and served by ``confirm_record`` (one record, from its header) or
``confirm_bulk`` (the list's bulk action). A GET only asks; the POST carries the version
the user saw and runs the service; refusals come back as an error toast, never a 500."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from crm.admin.kit import dialog, once
from crm.admin.kit.feedback import report_error
from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.events import log_exception_refusal
from crm.services.once import MISSING_TOKEN

MISSING_VERSION = (
    "This page is out of date (the record's version was missing). Reload the record and try again."
)
REFUSALS = (BusinessRuleError, ConcurrencyError, ValidationError)

# run(request, record, version=..., data=...) — the service call behind the confirmation.
Runner = Callable[..., Any]


@dataclass(frozen=True)
class Confirmation:
    verb: str  # the button: "Deactivate"
    question: str  # may use {record} and {label}
    done: str | Callable[[Any], str]  # the toast's tail: "was deactivated" (or f(record))
    run: Runner
    danger: bool = True
    form_class: type[forms.Form] | None = None
    form_kwargs: Callable[[Any, Any], dict] | None = None  # (request, record) -> kwargs
    # When set, a POST without this key only asks (e.g. a path chevron opening the page).
    submit_name: str | None = None
    # The bulk toast's tail: "2 accounts deactivated." (default: ``done`` without "was ").
    bulk_done: str = ""
    # False when the action changes a child, not the record itself (remove a file, a member).
    needs_version: bool = True
    # It creates something (an order, a quote …): the page carries a one-time token and the
    # same page submitted again records nothing (crm.admin.kit.once).
    once: bool = False
    # Where to go after ``run``: f(what it returned), e.g. the new order (default: back).
    result_url: Callable[[Any], str] | None = None
    # What will happen, shown above the form (crm.admin.kit.dialog.Preview): f(request, record).
    preview: Callable[[Any, Any], Any] | None = None
    # The consequence in one sentence, for what cannot be undone (UI.md "Dialogs").
    consequence: str = ""
    # A template drawing the form itself (e.g. Won / Lost as cards); default: field by field.
    form_template: str = ""


def parse_version(data) -> int | None:
    """The version a state-changing POST carries; None when missing or not a number."""
    try:
        value = int(data.get("version", ""))
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def seen_version(record) -> int | None:
    """What the page carries for the version check: the record's version, or for a row
    without one (a line item) its ``change_marker`` (crm.services.child_rows)."""
    if hasattr(record, "version"):
        return record.version
    return getattr(record, "change_marker", None)


def _label(model) -> str:
    return model._meta.verbose_name.capitalize()


def _form(confirmation: Confirmation, request, record):
    if confirmation.form_class is None:
        return None
    kwargs = confirmation.form_kwargs(request, record) if confirmation.form_kwargs else {}
    data = request.POST if request.method == "POST" else None
    return confirmation.form_class(data, **kwargs)


def _title(verb: str, model) -> str:
    """ "Deactivate Account", "Close Case"; a verb that names its object stays ("Void Payment")."""
    if " " in verb.strip():
        return verb
    return f"{verb} {model._meta.verbose_name.title()}"


def render_confirmation(model_admin, request, *, confirmation, objects, form, status=200, **extra):
    model = model_admin.model
    record = objects[0] if len(objects) == 1 else None
    own = record if isinstance(record, model) else None  # not a child row (a file, a member)
    if own is not None and not extra.get("bulk_action"):
        extra.setdefault("identity", dialog.identity(model_admin, request, own))
        if confirmation.preview is not None:
            extra.setdefault("preview", confirmation.preview(request, own))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model._meta,
        "title": _title(confirmation.verb, model),
        "objects": objects,
        "object": record,
        "question": confirmation.question.format(
            record=record if record is not None else model._meta.verbose_name_plural,
            label=model._meta.verbose_name,
        ),
        "verb": confirmation.verb,
        "danger": confirmation.danger,
        "consequence": confirmation.consequence,
        "form_template": confirmation.form_template,
        "form": form,
        "action_url": request.get_full_path(),
        **extra,
    }
    return TemplateResponse(request, "crm/admin/confirm_action.html", context, status=status)


def confirm_record(
    model_admin, request, record, confirmation: Confirmation, *, objects=None, back=None
):
    """GET: ask. POST: check the version, run the service, toast, back to the record.
    ``objects`` are what the question lists (default: the record, e.g. a file to remove)."""
    back = back or model_admin.record_url(record)
    objects = objects or [record]
    submitted = request.method == "POST" and (
        confirmation.submit_name is None or confirmation.submit_name in request.POST
    )
    form = _form(confirmation, request if submitted else _Asking(request), record)
    page = {
        "version": seen_version(record),
        "cancel_url": back,
        "submit_name": confirmation.submit_name,
        "once_token": once.issue(request) if confirmation.once else None,
    }
    if not submitted:
        return render_confirmation(
            model_admin, request, confirmation=confirmation, objects=objects, form=form, **page
        )
    needs_version = confirmation.needs_version and seen_version(record) is not None
    version = parse_version(request.POST) if needs_version else None
    if needs_version and version is None:
        messages.error(request, MISSING_VERSION)
        return render_confirmation(
            model_admin,
            request,
            confirmation=confirmation,
            objects=objects,
            form=form,
            status=400,
            **page,
        )
    if confirmation.once and once.posted_key(request) is None:
        messages.error(request, MISSING_TOKEN)
        return render_confirmation(
            model_admin,
            request,
            confirmation=confirmation,
            objects=objects,
            form=form,
            status=400,
            **page,
        )
    if form is not None and not form.is_valid():
        return render_confirmation(
            model_admin, request, confirmation=confirmation, objects=objects, form=form, **page
        )
    data = form.cleaned_data if form is not None else {}
    if confirmation.once:
        return _run_once(confirmation, request, record, version=version, data=data, back=back)
    try:
        confirmation.run(request, record, version=version, data=data)
    except REFUSALS as exc:
        report_error(request, exc, record=record)
    else:
        done = _done(confirmation, record)
        if done:  # empty: the run reports its own outcome
            messages.success(request, f"{_label(type(record))} '{record}' {done}.")
    return HttpResponseRedirect(back)


def _run_once(confirmation: Confirmation, request, record, *, version, data, back):
    def run() -> once.Done:
        result = confirmation.run(request, record, version=version, data=data)
        url = confirmation.result_url(result) if confirmation.result_url else back
        what = f"{_label(type(record))} '{record}' {_done(confirmation, record)}"
        return once.Done(what=what, url=url)

    try:
        return once.submit(request, run)
    except REFUSALS as exc:
        report_error(request, exc)
        return HttpResponseRedirect(back)


def _done(confirmation: Confirmation, record) -> str:
    done = confirmation.done
    return done(record) if callable(done) else done


class _Asking:
    """The request as the form sees it while only asking: nothing was submitted."""

    method = "GET"

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)


def confirm_bulk(model_admin, request, queryset, confirmation: Confirmation, *, action: str):
    """The bulk action's page: lists the selected records, then runs the service per record
    (each in its own transaction) and reports one toast per outcome."""
    selected = list(queryset)
    form = _form(confirmation, request, None)
    if request.POST.get("post") != "yes" or (form is not None and not form.is_valid()):
        if request.POST.get("post") != "yes" and form is not None:
            form = _form(confirmation, _Asking(request), None)  # asking: no errors yet
        return render_confirmation(
            model_admin,
            request,
            confirmation=confirmation,
            objects=selected,
            form=form,
            bulk_action=action,
            cancel_url=request.get_full_path(),
        )
    data = form.cleaned_data if form is not None else {}
    done, refused = 0, []
    for record in selected:
        try:
            confirmation.run(request, record, version=None, data=data)
            done += 1
        except REFUSALS as exc:
            log_exception_refusal(exc, request=request, model=record, record_id=record.pk)
            refused.append(f"{record}: {error_message(exc)}")
    meta = model_admin.model._meta
    if done:
        noun = meta.verbose_name if done == 1 else meta.verbose_name_plural
        tail = confirmation.bulk_done or str(confirmation.done).removeprefix("was ")
        messages.success(request, f"{done} {noun} {tail}.")
    for refusal in refused:
        messages.error(request, f"Not changed — {refusal}")
    return None


def confirm_child_removal(model_admin, request, parent, child, *, question, remove, removed):
    """ "Remove …?" for one of ``parent``'s children (a file, a campaign member): ``remove()``
    runs the service, ``removed`` is the toast; back to the parent's Related tab."""

    def run(request, record, *, version, data):
        remove()
        messages.success(request, removed)

    confirmation = Confirmation(
        verb="Remove", question=question, done="", run=run, needs_version=False
    )
    back = f"{model_admin.record_url(parent)}#related"
    return confirm_record(model_admin, request, parent, confirmation, objects=[child], back=back)
