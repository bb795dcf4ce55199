"""SPEC §4 names ``crm.services.errors`` as the home of the domain errors; they are defined
in ``crm.errors`` (so models can raise them without importing a service) and re-exported
here under the contractual name."""

from crm.errors import (
    STALE_RECORD_MESSAGE,
    BusinessRuleError,
    ConcurrencyError,
    error_message,
)

__all__ = ["STALE_RECORD_MESSAGE", "BusinessRuleError", "ConcurrencyError", "error_message"]
