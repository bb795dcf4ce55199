"""No list runs a query per row: every object list answers in the same number of queries for
one record as for four, each made with its own related records (account, product, owner…)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.tests import factories
from crm.tests.admin.kit.test_list_rows import superadmin_client  # noqa: F401 (fixture)
from crm.tests.admin.test_admin_smoke import IDS, MODEL_ADMINS, url

pytestmark = pytest.mark.django_db


def _queries(client, address, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_every_list_reads_its_rows_in_queries_that_do_not_grow_with_them(
    superadmin_client,  # noqa: F811
    model,
    model_admin,
):
    if getattr(model_admin, "single_record", False):
        pytest.skip("a single-record admin opens its record, not a list")
    make = factories.factory_for_model()[model]
    make()
    address = url(model, "changelist")
    # A list with views shows all records; the others have no ?view= to give.
    params = {"view": "all"} if hasattr(model_admin, "get_list_views") else {}
    _queries(superadmin_client, address, params)  # the first visit remembers the list's view
    one = _queries(superadmin_client, address, params)
    for _ in range(3):
        make()
    assert _queries(superadmin_client, address, params) == one
