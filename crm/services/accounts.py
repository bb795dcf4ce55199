"""Creating and editing accounts and contacts outside the admin form (demo data, imports by
code, later the lead conversion). The rules themselves live in the models' ``clean()``."""

from django.db import transaction

from crm.errors import BusinessRuleError
from crm.models import Account, Contact
from crm.models.addresses import ADDRESS_PARTS
from crm.services.records import save_record

UNKNOWN_FIELDS = "Unknown {model} fields: {names}."

PARTS = tuple(part for part, _label, _length in ADDRESS_PARTS)
ACCOUNT_FIELDS = frozenset(
    {"name", "phone", "website", "type", "industry", "description", "parent", "owner"}
    | {f"{prefix}_{part}" for prefix in ("billing", "shipping") for part in PARTS}
)
CONTACT_FIELDS = frozenset(
    {"salutation", "first_name", "last_name", "title", "department", "email", "phone"}
    | {"mobile", "description", "account", "reports_to", "lead_source", "owner"}
    | {f"mailing_{part}" for part in PARTS}
)


def _check_fields(model, allowed: frozenset[str], fields: dict) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise BusinessRuleError(
            UNKNOWN_FIELDS.format(model=model._meta.verbose_name, names=", ".join(sorted(unknown)))
        )


def _apply_changes(record, *, allowed, user, version: int | None, changes: dict):
    _check_fields(type(record), allowed, changes)
    for name, value in changes.items():
        setattr(record, name, value)
    save_record(record, user=user, version=version)
    return record


@transaction.atomic
def create_account(*, user, name: str, owner=None, **fields) -> Account:
    _check_fields(Account, ACCOUNT_FIELDS, fields)
    account = Account(name=name, owner=owner or user, **fields)
    save_record(account, user=user)
    return account


@transaction.atomic
def update_account(account: Account, *, user, version: int | None = None, **changes) -> Account:
    """Optimistic: ``version`` is the one the caller read; a stale one saves nothing."""
    return _apply_changes(
        account, allowed=ACCOUNT_FIELDS, user=user, version=version, changes=changes
    )


@transaction.atomic
def create_contact(*, user, account: Account, last_name: str, owner=None, **fields) -> Contact:
    _check_fields(Contact, CONTACT_FIELDS, fields)
    contact = Contact(account=account, last_name=last_name, owner=owner or user, **fields)
    save_record(contact, user=user)
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, user, version: int | None = None, **changes) -> Contact:
    return _apply_changes(
        contact, allowed=CONTACT_FIELDS, user=user, version=version, changes=changes
    )
