"""A related-list card's own button that opens one of the parent record's header actions —
e.g. "Log Payment" on an order's Payments card. It is the header action itself: the same URL,
the same permission rules (shown only when the header would show it) and the same attributes
(so it opens as the same dialog when the header's does)."""

from django.contrib import admin
from django.urls import reverse


def parent_action_button(action_name: str):
    """``RelatedList(card_action=parent_action_button("log_payment_detail"))``."""

    def button(request, parent) -> dict | None:
        model_admin = admin.site.get_model_admin(type(parent))
        method = getattr(model_admin, action_name)
        for permission in getattr(method, "allowed_permissions", ()):
            if not getattr(model_admin, f"has_{permission}_permission")(request, str(parent.pk)):
                return None
        meta = parent._meta
        return {
            "label": method.short_description,
            "url": reverse(
                f"admin:{meta.app_label}_{meta.model_name}_{action_name}", args=[parent.pk]
            ),
            "icon": getattr(method, "icon", "") or "",
            "attrs": getattr(method, "attrs", {}) or {},
        }

    return button
