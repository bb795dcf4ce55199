"""What the Home page shows about the signed-in user and the team (data only: the links and
shortcuts are added by the screen, ``crm.navigation.home_context``)."""

from crm.models import Role, User


def home_summary(*, user) -> dict:
    summary = {
        "me": user,
        "role_label": Role(user.role).label if user.role in Role.values else user.role,
    }
    if user.has_perm("crm.view_user"):
        summary["team"] = {
            "active": User.objects.active().count(),
            "admins": User.objects.active().admins().count(),
        }
    return summary
