"""Keep the Admin / Sales user groups equal to the permission matrix, and users in the group of
their role."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from crm.permissions import (
    ADMIN_GROUP,
    ROLE_GROUPS,
    SALES_EXTRA_PERMISSIONS,
    SALES_GROUP,
    SALES_PERMISSIONS,
)


@transaction.atomic
def sync_role_permissions() -> None:
    crm_permissions = Permission.objects.filter(content_type__app_label="crm")
    admin, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    admin.permissions.set(crm_permissions)

    wanted = {
        f"{action}_{model}" for model, actions in SALES_PERMISSIONS.items() for action in actions
    }
    wanted.update(SALES_EXTRA_PERMISSIONS)
    sales, _ = Group.objects.get_or_create(name=SALES_GROUP)
    sales.permissions.set(crm_permissions.filter(codename__in=wanted))


def sync_user_groups(user) -> None:
    """Put the user in exactly the group of their role (other groups are left alone)."""
    role_groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
    target = Group.objects.get_or_create(name=ROLE_GROUPS[user.role])[0]
    user.groups.remove(*[group for group in role_groups if group.pk != target.pk])
    user.groups.add(target)
