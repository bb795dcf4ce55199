"""Plumbing only: keep role groups in sync after migrations and whenever a user is saved."""

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from crm.models import User
from crm.services.roles import sync_role_permissions, sync_user_groups


@receiver(post_migrate, dispatch_uid="crm_sync_role_permissions")
def _sync_permissions_after_migrate(sender, app_config=None, **kwargs):
    if app_config is not None and app_config.label == "crm":
        sync_role_permissions()


@receiver(post_save, sender=User, dispatch_uid="crm_sync_user_groups")
def _sync_groups_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and "role" not in update_fields):
        return
    sync_user_groups(instance)
