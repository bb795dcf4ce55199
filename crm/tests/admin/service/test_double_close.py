"""Close submitted twice closes once (crm.admin.kit.once): the second answer is "This was
already done", not a 403 or a stale-version error."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from crm.models.support import Case, CaseStatus
from crm.services.once import MISSING_TOKEN
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_close_posted_twice_closes_once_and_says_so(sales_client, case):
    url = reverse("admin:crm_case_close_detail", args=[case.pk])
    data = with_once(sales_client, url, {"version": case.version, "resolution": "Reset it."})
    sales_client.post(url, data)
    closed = Case.objects.get(pk=case.pk)
    again = sales_client.post(url, data)
    assert again.url == reverse("admin:crm_case_change", args=[case.pk])
    assert toasts(again)[-1].startswith(f"This was already done: Case '{case}' was closed (")
    assert Case.objects.get(pk=case.pk).version == closed.version  # nothing written again
    assert closed.status == CaseStatus.CLOSED


def test_close_without_its_token_is_refused(sales_client, case):
    url = reverse("admin:crm_case_close_detail", args=[case.pk])
    response = sales_client.post(url, {"version": case.version, "resolution": "Reset it."})
    assert response.status_code == 400 and MISSING_TOKEN in toasts(response)
    assert Case.objects.get(pk=case.pk).status != CaseStatus.CLOSED
