"""Hand-edited ids ("²", 25 digits, "-1") are "not found", never a server error."""

import pytest

from crm.ids import MAX_ID, parse_id
from crm.tests.factories import CaseFactory


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("42", 42), (" 7 ", 7), (42, 42), ("0042", 42), (str(MAX_ID), MAX_ID)],
)
def test_plain_ids_parse(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", None, "0", "-1", "1.5", "abc", "²", "١٢", "9" * 25, str(MAX_ID + 1), "4 2"]
)
def test_anything_else_is_no_id(raw):
    assert parse_id(raw) is None


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["²", "9" * 25, "CS-²"])
def test_case_queue_search_with_odd_numbers_answers(crm_admin_client, term):
    CaseFactory(subject="Printer on fire")
    response = crm_admin_client.get("/crm/case/", {"q": term})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "9" * 25])
def test_owner_filter_with_odd_ids_answers(crm_admin_client, value):
    response = crm_admin_client.get("/crm/account/", {"owner": value})
    assert response.status_code in (200, 302)
