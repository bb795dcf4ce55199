"""Settings → Users: admins only; create with emailed set-password link; role rules."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from crm.errors import BusinessRuleError
from crm.models import Role, User
from crm.services import users as user_services
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db
USERS = "/crm/user/"


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_sales_user_gets_403_on_user_management(sales_client, crm_admin):
    assert sales_client.get(USERS).status_code == 403
    assert sales_client.get(f"{USERS}add/").status_code == 403
    assert sales_client.get(f"{USERS}{crm_admin.pk}/change/").status_code == 403
    response = sales_client.post(
        f"{USERS}add/", {"first_name": "X", "last_name": "Y", "email": "x@y.z", "role": "admin"}
    )
    assert response.status_code == 403 and not User.objects.filter(email="x@y.z").exists()


def test_admin_creates_user_with_welcome_email_and_working_set_password_link(
    crm_admin_client, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = crm_admin_client.post(
            f"{USERS}add/",
            {"first_name": "Jane", "last_name": "Doe", "email": "Jane@X.com", "role": "user"},
            follow=True,
        )
    assert "User 'Jane Doe' created and welcome email sent." in messages_of(response)
    jane = User.objects.get(email="jane@x.com")
    assert not jane.has_usable_password()
    assert list(jane.groups.values_list("name", flat=True)) == ["Sales user"]

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jane@x.com"]
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://testserver", 1)[1]  # the host the admin's request came to
    page = client.get(path, follow=True)  # Django swaps the token into the session first
    assert page.status_code == 200 and "Choose your password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Brand-New-Pass-77", "new_password2": "Brand-New-Pass-77"},
    )
    assert done.status_code == 302
    jane.refresh_from_db()
    assert jane.check_password("Brand-New-Pass-77")
    assert client.get(path, follow=True).context["validlink"] is False  # single use


def test_duplicate_email_in_any_case_is_refused(crm_admin_client, sales_user):
    response = crm_admin_client.post(
        f"{USERS}add/",
        {"first_name": "Dup", "last_name": "Licate", "email": "SAM@agency.example", "role": "user"},
    )
    assert response.status_code == 200
    assert "A user with this email address already exists." in response.content.decode()
    assert User.objects.filter(email__iexact="sam@agency.example").count() == 1


def test_role_change_moves_the_user_between_groups(crm_admin_client, sales_user):
    response = crm_admin_client.post(
        f"{USERS}{sales_user.pk}/change/",
        {
            "first_name": "Sam",
            "last_name": "Seller",
            "email": sales_user.email,
            "role": "admin",
            "time_zone": "UTC",
            "version": sales_user.version,
        },
    )
    assert response.status_code == 302
    sales_user.refresh_from_db()
    assert sales_user.role == Role.ADMIN
    assert list(sales_user.groups.values_list("name", flat=True)) == ["Admin"]
    assert sales_user.has_perm("crm.view_user")


def test_admin_cannot_change_own_role(crm_admin):
    other_admin = AdminUserFactory()
    with pytest.raises(BusinessRuleError, match="You cannot change your own role."):
        user_services.update_user(
            crm_admin, actor=crm_admin, version=crm_admin.version, role=Role.USER
        )
    assert User.objects.get(pk=crm_admin.pk).role == Role.ADMIN
    assert other_admin.role == Role.ADMIN


def test_own_role_field_is_disabled_in_the_form(crm_admin_client, crm_admin):
    response = crm_admin_client.post(
        f"{USERS}{crm_admin.pk}/change/",
        {
            "first_name": "Ada",
            "last_name": "Admin",
            "email": crm_admin.email,
            "role": "user",
            "time_zone": "UTC",
            "version": crm_admin.version,
        },
    )
    assert response.status_code == 302  # disabled field: the posted role is ignored
    assert User.objects.get(pk=crm_admin.pk).role == Role.ADMIN


def test_last_active_admin_cannot_be_demoted(crm_admin):
    actor = User.objects.create_superuser("root@agency.example", "x", first_name="R", last_name="T")
    actor.role = Role.USER  # a superuser without the admin role still manages users
    User.objects.filter(pk=actor.pk).update(role=Role.USER)
    with pytest.raises(BusinessRuleError, match="at least one active admin"):
        user_services.update_user(crm_admin, actor=actor, version=crm_admin.version, role=Role.USER)
    assert User.objects.get(pk=crm_admin.pk).role == Role.ADMIN


def test_admin_cannot_deactivate_self_and_button_is_hidden(crm_admin_client, crm_admin):
    page = crm_admin_client.get(f"{USERS}{crm_admin.pk}/change/")
    assert "/deactivate/" not in page.content.decode()
    response = crm_admin_client.post(
        f"{USERS}{crm_admin.pk}/deactivate/", {"version": crm_admin.version}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=crm_admin.pk).is_active


def test_deactivate_user_via_confirmation_then_reactivate(crm_admin_client, sales_user):
    confirm = crm_admin_client.get(f"{USERS}{sales_user.pk}/deactivate/")
    assert "They will no longer be able to sign in." in confirm.content.decode()
    done = crm_admin_client.post(
        f"{USERS}{sales_user.pk}/deactivate/", {"version": sales_user.version}, follow=True
    )
    assert "User 'Sam Seller' was deactivated." in messages_of(done)
    sales_user.refresh_from_db()
    assert not sales_user.is_active
    assert sales_user.history.first().is_active is False

    listing = crm_admin_client.get(USERS).content.decode()
    assert "sam@agency.example" not in listing  # default list: active only
    assert "sam@agency.example" in crm_admin_client.get(f"{USERS}?active=no").content.decode()
    page = crm_admin_client.get(f"{USERS}{sales_user.pk}/change/").content.decode()
    assert "Inactive" in page

    again = crm_admin_client.post(
        f"{USERS}{sales_user.pk}/reactivate/", {"version": sales_user.version}, follow=True
    )
    assert "User 'Sam Seller' was reactivated." in messages_of(again)
    assert User.objects.get(pk=sales_user.pk).is_active


def test_users_are_never_hard_deleted(crm_admin_client, sales_user):
    assert crm_admin_client.get(f"{USERS}{sales_user.pk}/delete/").status_code == 403
    page = crm_admin_client.get(USERS).content.decode()
    assert "delete_selected" not in page


def test_bulk_deactivate_asks_for_confirmation_and_skips_self(crm_admin_client, crm_admin):
    others = UserFactory.create_batch(2)
    ids = [str(u.pk) for u in [*others, crm_admin]]
    confirm = crm_admin_client.post(
        USERS, {"action": "deactivate_selected", "_selected_action": ids}
    )
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert User.objects.filter(is_active=False).count() == 0
    done = crm_admin_client.post(
        USERS,
        {"action": "deactivate_selected", "_selected_action": ids, "post": "yes"},
        follow=True,
    )
    texts = " ".join(messages_of(done))
    assert "2 users deactivated." in texts and "You cannot deactivate yourself." in texts
    assert set(User.objects.filter(is_active=False)) == set(others)


def test_groups_exist_from_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Admin", "Sales user"}
