"""The domain's errors: every model, service and screen imports them from here. A refused
business rule is a ``BusinessRuleError`` (its message is for the user), a stale optimistic
version a ``ConcurrencyError``."""

from django.core.exceptions import ValidationError

STALE_RECORD_MESSAGE = (
    "This record has been modified by another user since you opened it. "
    "Please refresh the page to see the latest changes and try again."
)


class BusinessRuleError(ValidationError):
    """A business rule refused the operation; the message is meant for the user."""


class ConcurrencyError(Exception):
    """An optimistic-lock check failed: the record changed since the caller read it."""

    def __init__(self, message: str = STALE_RECORD_MESSAGE) -> None:
        super().__init__(message)
        self.message = message


def error_message(exc: Exception) -> str:
    """The user-facing text of a BusinessRuleError / ValidationError / ConcurrencyError."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return getattr(exc, "message", None) or str(exc)
