"""The service area's record fixtures, shared with the domain tests beside them."""

from crm.tests.support.conftest import account, case, contact  # noqa: F401
