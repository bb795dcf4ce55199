"""Every registered admin, as an admin and as a sales user: its list, add page, record page
(read view and ``?edit=1``) and every header action (``actions_detail``, opened with GET as
from its button: a confirmation page or a redirect), for records made by the factories in the
states that matter (owned by the sales user, owned by someone else, inactive, lead statuses).
Each answer is the exact status SPEC §5 gives the role, never a 500.

Data-driven: a new ``ModelAdmin`` is covered as soon as it is registered; the test then asks
for its factory (crm/tests/factories.py), its row in ``ACCESS`` and a rule for each new
header action in ``ACTION_RULES``."""

import pytest
from django.test import Client

from crm.tests import factories
from crm.tests.admin.access_matrix import (
    ACCESS,
    ACTION_RULES,
    IDS,
    MODEL_ADMINS,
    OK,
    REDIRECT,
    ROLES,
    Visit,
    admin_url,
    detail_actions,
    expected_page,
    record_is_editable,
)
from crm.tests.admin.matrix_records import records_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(crm_admin, sales_user) -> dict[str, Client]:
    signed_in = {}
    for role, user in (("admin", crm_admin), ("sales", sales_user)):
        signed_in[role] = Client()
        signed_in[role].force_login(user)
    return signed_in


def test_every_registered_admin_declares_its_access_and_actions():
    missing = [model._meta.label for model, _ in MODEL_ADMINS if model._meta.label not in ACCESS]
    assert not missing, f"declare each role's access (SPEC §5) in ACCESS for: {missing}"
    unruled = sorted(
        {name for _, model_admin in MODEL_ADMINS for name in detail_actions(model_admin)}
        - set(ACTION_RULES)
    )
    assert not unruled, f"declare the expected answer of these header actions: {unruled}"


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_every_page_and_header_action_answers_per_role(
    clients, crm_admin, sales_user, model, model_admin
):
    access = ACCESS.get(model._meta.label)
    if access is None:
        pytest.fail(f"declare each role's access (SPEC §5) in ACCESS for {model._meta.label}")
    other_user = factories.UserFactory()
    states = records_for(model, sales_user=sales_user, other_user=other_user, crm_admin=crm_admin)
    failures = []

    def check(role: str, url: str, expected: int, *, follow_to: int | None = None):
        response = clients[role].get(url)
        if response.status_code != expected:
            failures.append(f"{role} GET {url}: {response.status_code}, expected {expected}")
        elif expected == REDIRECT and follow_to is not None:
            target = clients[role].get(response.url)
            if target.status_code != follow_to:
                failures.append(f"{role} GET {url} -> {response.url}: {target.status_code}")
        return response

    for role in ROLES:
        check(role, admin_url(model, "changelist"), expected_page(access[role], "changelist"))
        check(role, admin_url(model, "add"), expected_page(access[role], "add"))
        for state, record in states:
            visit = Visit(role, access[role], record, sales_user)
            change = admin_url(model, "change", record.pk)
            # The edit mode (``?edit=1``) once per record type; the read view in every state.
            for url in (change, f"{change}?edit=1") if state == "as made" else (change,):
                response = check(role, url, expected_page(access[role], "change"))
                if response.status_code == OK:
                    editable = response.context["has_change_permission"]
                    if editable != record_is_editable(visit):
                        failures.append(f"{role} {url} ({state}): editable={editable}")
            for name in detail_actions(model_admin):
                rule = ACTION_RULES.get(name)
                if rule is None:
                    pytest.fail(f"declare the expected answer of header action {name!r}")
                check(role, admin_url(model, name, record.pk), rule(visit), follow_to=OK)

    assert not failures, "\n".join(failures)
