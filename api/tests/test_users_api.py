"""/api/v1/users/: admins manage the team through crm.services.users (welcome email, version
lock, deactivation, never delete); sales users list names only and may do nothing else."""

import pytest
from django.core import mail

from crm.models import User
from crm.services.users import DEACTIVATE_SELF, EMAIL_TAKEN
from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/users/"
NAME_KEYS = {"id", "first_name", "last_name", "full_name"}


def test_sales_users_list_names_only(sales_api, colleague):
    UserFactory(is_active=False, first_name="Gone")
    response = sales_api.get(URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert all(set(row) == NAME_KEYS for row in rows)
    assert colleague.pk in [row["id"] for row in rows]
    assert "Gone" not in [row["first_name"] for row in rows]
    assert "@" not in response.content.decode()
    filtered = sales_api.get(URL, {"role": "admin", "search": "agency.example"}).json()
    assert filtered["results"] == []  # names only: no email search, role filter ignored


def test_sales_users_may_do_nothing_else(sales_api, colleague):
    detail = f"{URL}{colleague.pk}/"
    etag = {"HTTP_IF_MATCH": f'"{colleague.version}"'}
    assert sales_api.get(detail).status_code == 403
    body = {"first_name": "A", "last_name": "B", "email": "ab@agency.example"}
    assert sales_api.post(URL, body, format="json").status_code == 403
    assert sales_api.patch(detail, {"role": "admin"}, format="json", **etag).status_code == 403
    assert sales_api.post(f"{detail}deactivate/", **etag).status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active and colleague.role == "user"
    assert not User.objects.filter(email="ab@agency.example").exists()


def test_admin_creates_a_user_who_gets_the_welcome_email(
    admin_api, django_capture_on_commit_callbacks
):
    body = {"first_name": "Nia", "last_name": "New", "email": "Nia@Agency.example"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["email"], data["role"], data["is_active"]) == ("nia@agency.example", "user", True)
    assert [m.to for m in mail.outbox] == [["nia@agency.example"]]
    assert not User.objects.get(pk=data["id"]).has_usable_password()
    again = admin_api.post(URL, body, format="json")
    assert again.status_code == 422 and again.json()["detail"] == EMAIL_TAKEN


def test_admin_patches_with_the_version_and_deactivates(admin_api, colleague):
    detail = f"{URL}{colleague.pk}/"
    etag = admin_api.get(detail)["ETag"]
    patched = admin_api.patch(detail, {"role": "admin"}, format="json", HTTP_IF_MATCH=etag)
    assert patched.status_code == 200 and patched.json()["role"] == "admin"
    stale = admin_api.patch(detail, {"last_name": "X"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    refused = admin_api.patch(detail, {"is_active": False}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 400
    assert (
        f"POST /api/v1/users/{colleague.pk}/deactivate/" in refused.json()["errors"]["is_active"][0]
    )
    gone = admin_api.post(f"{detail}deactivate/", HTTP_IF_MATCH=patched["ETag"])
    assert gone.status_code == 200 and gone.json()["is_active"] is False
    assert admin_api.delete(detail).status_code == 405
    assert User.objects.filter(pk=colleague.pk, is_active=False).exists()


def test_an_admin_cannot_deactivate_themself(admin_api, crm_admin):
    detail = f"{URL}{crm_admin.pk}/"
    response = admin_api.post(f"{detail}deactivate/", HTTP_IF_MATCH=f'"{crm_admin.version}"')
    assert response.status_code == 422 and response.json()["detail"] == DEACTIVATE_SELF
    assert User.objects.get(pk=crm_admin.pk).is_active
