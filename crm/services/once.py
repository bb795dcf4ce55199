"""Forms that create something are recorded once (issue 22): the form's one-time key is
claimed by inserting a ``FormSubmission`` row in the same transaction as what the form
records. A second submit with the same key — after the first, or at the same moment on
another connection (PostgreSQL makes it wait on the unique key until the first commits) —
records nothing and is told what the first one did."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from crm.errors import BusinessRuleError
from crm.models import FormSubmission

MISSING_TOKEN = (
    "This form is out of date (its one-time token was missing or not valid). Reload the page "
    "and try again."
)
ALREADY_DONE = "This was already done: {what} ({when} by {who}). Nothing was recorded twice."
RETRY = "The same form was submitted twice at once and neither went through. Try again."


@dataclass(frozen=True)
class Done:
    what: str  # "Payment of $2,500.00 was logged" — the first submit, as the second is told
    url: str = ""  # where its result is shown (the second submit is sent there too)
    toast: str = ""  # the first submit's success message (default: ``what`` + ".")


class AlreadyDone(BusinessRuleError):
    """The key was claimed already; ``url`` shows the result of the first submit."""

    def __init__(self, submission: FormSubmission):
        when = formats.date_format(timezone.localtime(submission.created_at), "DATETIME_FORMAT")
        who = submission.user.get_full_name() or submission.user.get_username()
        super().__init__(
            ALREADY_DONE.format(
                what=submission.what or "the same form was submitted", when=when, who=who
            )
        )
        self.url = submission.url


def perform_once(*, key: str | None, user, run: Callable[[], Done]) -> Done:
    """Claim ``key`` and ``run()`` in one transaction. Raises ``BusinessRuleError`` without a
    key, ``AlreadyDone`` when it was claimed; a refusal from ``run`` frees the key again."""
    if not key:
        raise BusinessRuleError(MISSING_TOKEN)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the outer transaction survives the clash
                submission = FormSubmission.objects.create(key=key, user=user)
        except IntegrityError:
            submission = None
        else:
            done = run()
            submission.what, submission.url = done.what[:500], done.url[:500]
            submission.save(update_fields=["what", "url"])
            return done
    # Read after our transaction ended, so the other submit's committed row is visible.
    first = FormSubmission.objects.select_related("user").filter(key=key).first()
    if first is None:  # the other submit was refused and rolled back meanwhile
        raise BusinessRuleError(RETRY)
    raise AlreadyDone(first)
