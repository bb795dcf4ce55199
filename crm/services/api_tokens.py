"""Personal API tokens (django-rest-knox): issued to a user, shown once, stored as a digest,
expiring, revocable by their user or an admin. A token acts exactly as its user."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from crm.errors import BusinessRuleError
from crm.models import ApiToken, User
from crm.selectors.api_tokens import live_tokens
from crm.services.records import is_admin

MAX_DAYS = 365
NAME_REQUIRED = "Name the token after what will use it, e.g. 'Accounting sync'."
BAD_DAYS = f"A token lives between 1 and {MAX_DAYS} days."
TOO_MANY = "{user} already has {limit} active tokens; revoke one first."
NOT_YOURS = "You can only revoke your own tokens."
INACTIVE_USER = "{user} is deactivated and cannot hold tokens."


def default_days() -> int:
    return settings.REST_KNOX["TOKEN_TTL"].days


@transaction.atomic
def issue_token(*, user, name: str, days: int | None = None, by=None) -> tuple[ApiToken, str]:
    """A new token for ``user`` (issued by ``by``, default the user; admins may issue for
    anyone). Returns the row and the plain token, which is never stored or shown again."""
    by = by or user
    if by.pk != user.pk and not is_admin(by):
        raise BusinessRuleError(NOT_YOURS)
    if not user.is_active:
        raise BusinessRuleError(INACTIVE_USER.format(user=user))
    name = (name or "").strip()
    if not name:
        raise BusinessRuleError({"name": NAME_REQUIRED})
    days = default_days() if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise BusinessRuleError({"days": BAD_DAYS})
    # Serialise issuing per user, so two requests cannot both pass the limit check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = settings.REST_KNOX.get("TOKEN_LIMIT_PER_USER")
    if limit and live_tokens(user).count() >= limit:
        raise BusinessRuleError(TOO_MANY.format(user=user, limit=limit))
    return ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name[:80])


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> None:
    if token.user_id != by.pk and not is_admin(by):
        raise BusinessRuleError(NOT_YOURS)
    ApiToken.objects.filter(pk=token.pk).delete()
