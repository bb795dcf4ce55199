"""The billing area's record fixtures, shared with the domain tests beside them."""

from crm.tests.billing.conftest import order  # noqa: F401
from crm.tests.retainers.conftest import retainer_book  # noqa: F401
