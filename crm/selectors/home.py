"""What the Home page shows for the signed-in user (the dashboard arrives with later issues)."""

from django.urls import reverse

from crm.models import Role, User
from crm.navigation import visible_entries


def home_summary(*, user) -> dict:
    quick_links = [
        {"group": group, "title": entry.title, "icon": entry.icon, "url": url}
        for group, entries in visible_entries(user)
        for entry, url in entries
        if entry.url_name != "admin:index"
    ]
    summary = {
        "me": user,
        "role_label": Role(user.role).label if user.role in Role.values else user.role,
        "quick_links": quick_links,
        "password_change_url": reverse("admin:password_change"),
    }
    if user.has_perm("crm.view_user"):
        summary["team"] = {
            "active": User.objects.active().count(),
            "admins": User.objects.active().admins().count(),
        }
    return summary
