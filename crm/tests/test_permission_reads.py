"""crm.auth.EmailBackend reads a user's permissions in one query (every admin page checks
them) and answers exactly what Django's ModelBackend answers."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.auth import EmailBackend
from crm.models import User
from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # no permissions remembered from an earlier read


def test_own_and_group_permissions_in_one_query_as_django_reads_them(crm_admin, sales_user):
    sales_user.user_permissions.add(Permission.objects.get(codename="view_group"))
    extra = Group.objects.create(name="Extra")
    extra.permissions.add(Permission.objects.get(codename="change_group"))
    sales_user.groups.add(extra)
    for user in (crm_admin, sales_user):
        reread = fresh(user)
        with CaptureQueriesContext(connection) as queries:
            ours = EmailBackend().get_all_permissions(reread)
        assert len(queries) == 1
        assert ours == ModelBackend().get_all_permissions(fresh(user))
    assert {"auth.view_group", "auth.change_group"} <= ours
    assert "crm.view_account" in ours  # from the Sales user group


def test_superusers_inactive_users_and_objects(sales_user):
    boss = UserFactory(is_superuser=True)
    assert EmailBackend().get_all_permissions(fresh(boss)) == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.all()
    }
    sales_user.is_active = False
    assert EmailBackend().get_all_permissions(sales_user) == set()
    assert EmailBackend().get_all_permissions(fresh(boss), obj=boss) == set()


def test_the_answer_is_kept_for_the_request(sales_user):
    user, backend = fresh(sales_user), EmailBackend()
    backend.get_all_permissions(user)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("crm.view_account")
        assert not user.has_perm("auth.delete_group")
    assert len(queries) == 0
