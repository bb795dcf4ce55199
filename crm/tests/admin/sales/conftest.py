"""The sales area's record fixtures, shared with the domain tests beside them."""

from crm.tests.accounts.conftest import account, contact  # noqa: F401
from crm.tests.leads.conftest import campaign, lead  # noqa: F401
