"""Portal tests share the CRM test fixtures (users, signed-in clients)."""

from crm.tests.conftest import *  # noqa: F403
