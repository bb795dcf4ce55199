"""The API's RBAC is the admin's: Django model permissions of SPEC §5 (crm.permissions), with
``view`` required to read. An action names the permissions it needs (e.g. ``crm.convert_lead``,
or ``%(app_label)s.change_%(model_name)s``); record-level rules (owner changes, deactivation,
admin-only money) stay in crm.services, which the API calls like the admin does."""

from rest_framework.permissions import DjangoModelPermissions

VIEW = "%(app_label)s.view_%(model_name)s"
CHANGE = "%(app_label)s.change_%(model_name)s"


def _names(view) -> dict:
    meta = view.get_queryset().model._meta
    return {"app_label": meta.app_label, "model_name": meta.model_name}


class CrmModelPermissions(DjangoModelPermissions):
    perms_map = {
        "GET": [VIEW],
        "HEAD": [VIEW],
        "OPTIONS": [VIEW],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PATCH": [CHANGE],
    }

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active and user.is_staff):
            return False
        handler = getattr(view, view.action, None) if getattr(view, "action", None) else None
        needed = getattr(handler, "permissions", None)
        if needed is None:
            return super().has_permission(request, view)
        names = _names(view)
        return all(user.has_perm(permission % names) for permission in (VIEW, *needed))
