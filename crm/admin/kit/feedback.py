"""How the admin reports a refused operation: an error toast, or an error on the form."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError

from crm.errors import BusinessRuleError, ConcurrencyError, error_message
from crm.events import log_exception_refusal


def report_error(request, exc: Exception, *, record=None) -> None:
    """Show a BusinessRuleError / ConcurrencyError / ValidationError as an error toast (and
    log the refusal as an event: ``record`` when known, else the one the URL names)."""
    log_exception_refusal(exc, request=request, model=record, record_id=getattr(record, "pk", None))
    messages.error(request, error_message(exc))


def add_form_error(form, exc: Exception) -> None:
    """Attach the refusal to the form (non-field error) so the user keeps their input."""
    log_exception_refusal(exc)
    form.add_error(None, error_message(exc))


@contextmanager
def refusals_as_toasts(request):
    """``with refusals_as_toasts(request): service(...)`` — refused → toast, nothing else."""
    try:
        yield
    except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
        report_error(request, exc)
