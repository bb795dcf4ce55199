"""User management (SPEC §5): admins create users (who set their own password from an emailed
link), change roles and deactivate — never delete. Guards keep at least one active admin."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Role, User
from crm.time_zones import validate_time_zone

ONLY_ADMINS = "Only admins can manage users."
EMAIL_TAKEN = "A user with this email address already exists."
OWN_ROLE = "You cannot change your own role."
DEACTIVATE_SELF = "You cannot deactivate yourself."
LAST_ADMIN = "There must always be at least one active admin."


def _require_admin(actor) -> None:
    if not getattr(actor, "is_admin_role", False):
        raise BusinessRuleError(ONLY_ADMINS)


def set_password_url(user: User, *, site_url: str = "") -> str:
    """``site_url``: the base the admin's request came to (crm.site.site_url); empty: the
    CRM_SITE_URL setting (links made outside a request)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{site_url or settings.CRM_SITE_URL}{path}"


def send_welcome_email(user: User, *, site_url: str = "") -> None:
    context = {
        "user": user,
        "agency": settings.CRM_AGENCY_NAME,
        "link": set_password_url(user, site_url=site_url),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_mail(
        subject=f"Welcome to {settings.CRM_AGENCY_NAME} — set your password",
        message=render_to_string("crm/email/welcome.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def create_user(
    *, actor, first_name: str, last_name: str, email: str, role: str, site_url: str = ""
) -> User:
    _require_admin(actor)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise BusinessRuleError(EMAIL_TAKEN)
    user = User(first_name=first_name.strip(), last_name=last_name.strip(), email=email, role=role)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user._history_user = actor
    user.save()
    # Send only once the user really exists; a rolled-back create sends nothing.
    transaction.on_commit(lambda: send_welcome_email(user, site_url=site_url))
    return user


def _lock_active_admins() -> list[int]:
    """Lock every active admin row so two admins cannot demote each other at once."""
    return list(
        User.objects.select_for_update()
        .filter(role=Role.ADMIN, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def check_user_change(user: User, *, actor, role: str, is_active: bool) -> None:
    """Guards shared by the form (early, friendly) and the service. Must run inside a
    transaction: it locks the active admins' rows."""
    _require_admin(actor)
    stored = User.objects.filter(pk=user.pk).values("role", "is_active").first() or {}
    if user.pk == actor.pk and role != stored.get("role", role):
        raise BusinessRuleError(OWN_ROLE)
    if user.pk == actor.pk and not is_active:
        raise BusinessRuleError(DEACTIVATE_SELF)
    was_active_admin = stored.get("role") == Role.ADMIN and stored.get("is_active")
    stays_active_admin = role == Role.ADMIN and is_active
    if was_active_admin and not stays_active_admin and set(_lock_active_admins()) <= {user.pk}:
        raise BusinessRuleError(LAST_ADMIN)


@transaction.atomic
def update_user(user: User, *, actor, version: int, **changes) -> User:
    """Apply ``changes`` (first_name, last_name, email, role, time_zone) if ``version`` is
    current."""
    if version != User.objects.filter(pk=user.pk).values_list("version", flat=True).first():
        raise ConcurrencyError()
    # Guard before touching the instance: the actor may be this very user object.
    check_user_change(
        user, actor=actor, role=changes.get("role", user.role), is_active=user.is_active
    )
    for field, value in changes.items():
        setattr(user, field, value)
    user.version = version
    user.full_clean(exclude=["password"])
    user._history_user = actor
    user.save()
    return user


@transaction.atomic
def deactivate_user(user: User, *, actor, version: int | None = None) -> None:
    if version is not None and version != user.version:
        raise ConcurrencyError()
    check_user_change(user, actor=actor, role=user.role, is_active=False)
    user.is_active = False
    user._history_user = actor
    user.save()


@transaction.atomic
def update_own_settings(user: User, *, version: int, time_zone: str) -> User:
    """A signed-in user's own preferences (My settings): any role may change their own, and
    only their own; the version they loaded must still be current (SPEC §4)."""
    validate_time_zone(time_zone)  # before touching the instance: it is request.user
    locked = User.objects.select_for_update().filter(pk=user.pk).values_list("version", flat=True)
    if version != locked.first():
        raise ConcurrencyError()
    user.time_zone = time_zone
    user.version = version
    user.full_clean(exclude=["password"])
    user._history_user = user
    user.save()
    return user
