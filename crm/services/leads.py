"""Lead transactions (SPEC §6): moving a lead along its status path, and converting it into an
account, a contact and an opportunity — the agency's most critical transaction.

Conversion reads top to bottom: guard checks, then one ``transaction.atomic()`` block that locks
the lead row first (two people converting the same lead queue up; the second finds it converted
and is told so), then locks and re-reads the chosen account and contact (a deactivation or a
move made since the conversion page was opened is seen, and cannot commit until the conversion
has), checks them and the new contact's email, creates what is missing and marks the lead
converted; the lead's activities move to the new contact (and, when they were related to
nothing, to the new opportunity). Any failure rolls everything back, so a lead is never
half-converted."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from crm.errors import BusinessRuleError
from crm.models import Account, Contact, Lead, LeadStatus, Opportunity
from crm.models.accounts import AccountType
from crm.models.leads import CONVERTED_READ_ONLY, WORKABLE_STATUSES
from crm.models.opportunities import OpportunityType
from crm.models.opportunity_lines import OpportunityContactRole
from crm.services.accounts import create_account, create_contact
from crm.services.activities import move_lead_activities
from crm.services.records import save_record
from crm.services.transitions import check_version, copy_saved_state, lock, transition

ALREADY_CONVERTED = "This lead has already been converted."
NOT_CONVERTIBLE = "'{lead}' is {status}: reopen it before converting."
NO_CONVERT_PERMISSION = "You do not have permission to convert leads."
NO_CHANGE_PERMISSION = "You do not have permission to edit '{lead}'."
OPPORTUNITY_NAME_REQUIRED = "Enter a name for the opportunity, or choose not to create one."
CONTACT_NEEDS_ITS_ACCOUNT = (
    "'{contact}' works for {contact_account}: choose that account to use this contact, or "
    "create a new contact."
)
CONTACT_NOT_IN_ACCOUNT = (
    "'{contact}' works for {contact_account}, not for {account}. Choose {contact_account} as "
    "the account, or create a new contact."
)
INACTIVE_CHOICE = "{label} '{record}' is inactive; choose an active one or create a new one."
# The conversion page's option for an existing contact, as it reads there (and in EMAIL_TAKEN).
EXISTING_CONTACT_OPTION = "Choose existing contact"
EMAIL_TAKEN = (
    "A contact with the email address {email} already exists ({contact}, {account}). "
    f'Pick it under "{EXISTING_CONTACT_OPTION}" instead of creating a duplicate.'
)
UNKNOWN_STATUS = "'{status}' is not a lead status."
USE_CONVERT = "Use Convert to convert '{lead}': it creates the account, contact and opportunity."


@dataclass(frozen=True)
class ConversionResult:
    lead: Lead
    account: Account
    contact: Contact
    opportunity: Opportunity | None
    account_created: bool
    contact_created: bool


def end_of_quarter(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s calendar quarter (a converted deal's default close date)."""
    last_month = (day.month - 1) // 3 * 3 + 3
    return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


# --- status path -----------------------------------------------------------------------------


def change_status(lead: Lead, *, status: str, user, version: int | None = None) -> Lead:
    """Run the transition that leads to ``status`` (mark contacted, qualify, disqualify,
    reopen). ``version`` is the one the caller saw; a stale one changes nothing."""
    if status == LeadStatus.CONVERTED:
        raise BusinessRuleError(USE_CONVERT.format(lead=lead))
    if status not in LeadStatus.values:
        raise BusinessRuleError(UNKNOWN_STATUS.format(status=status))
    if not user.has_perm("crm.change_lead"):
        raise BusinessRuleError(NO_CHANGE_PERMISSION.format(lead=lead))
    return transition(
        lead, field="status", target=status, user=user, version=version, guard=_not_converted
    )


def _not_converted(lead: Lead) -> None:
    if lead.is_converted:
        raise BusinessRuleError(CONVERTED_READ_ONLY)


# --- conversion ------------------------------------------------------------------------------


def _lock_choices(
    account: Account | None, contact: Contact | None
) -> tuple[Account | None, Contact | None]:
    """Re-read the chosen account and contact with their rows locked (account first, the
    order every writer uses), so the checks below see committed values that cannot change
    before this transaction ends."""
    return (
        lock(account) if account is not None else None,
        lock(contact) if contact is not None else None,
    )


def _check_choices(account: Account | None, contact: Contact | None) -> None:
    """Chosen records must be active, and an existing contact must belong to the existing
    account chosen with it."""
    for label, record in (("Account", account), ("Contact", contact)):
        if record is not None and not record.is_active:
            raise BusinessRuleError(INACTIVE_CHOICE.format(label=label, record=record))
    if contact is None:
        return
    if account is None:
        raise BusinessRuleError(
            CONTACT_NEEDS_ITS_ACCOUNT.format(contact=contact, contact_account=contact.account)
        )
    if contact.account_id != account.pk:
        raise BusinessRuleError(
            CONTACT_NOT_IN_ACCOUNT.format(
                contact=contact, contact_account=contact.account, account=account
            )
        )


def _check_email_free(lead: Lead) -> None:
    """Contact emails are unique: say which contact to reuse instead of a bare field error."""
    if not lead.email:
        return
    existing = Contact.objects.with_email(lead.email).select_related("account").first()
    if existing is not None:
        raise BusinessRuleError(
            EMAIL_TAKEN.format(email=lead.email, contact=existing, account=existing.account)
        )


def _address(lead: Lead, prefix: str) -> dict:
    parts = ("street", "city", "state", "postal_code", "country")
    return {f"{prefix}_{part}": getattr(lead, f"address_{part}") for part in parts}


def _create_account(lead: Lead, *, user) -> Account:
    return create_account(
        user=user,
        name=lead.company,
        owner=lead.owner,
        type=AccountType.PROSPECT,
        industry=lead.industry,
        phone=lead.phone,
        website=lead.website,
        **_address(lead, "billing"),
    )


def _create_contact(lead: Lead, *, account: Account, user) -> Contact:
    return create_contact(
        user=user,
        account=account,
        last_name=lead.last_name,
        owner=lead.owner,
        first_name=lead.first_name,
        title=lead.title,
        email=lead.email,
        phone=lead.phone,
        lead_source=lead.lead_source,
        description=lead.description,
        **_address(lead, "mailing"),
    )


def _create_opportunity(
    lead: Lead, *, name: str, account: Account, contact: Contact, new_account: bool, user
) -> Opportunity:
    opportunity = Opportunity(
        name=name,
        account=account,
        owner=lead.owner,
        close_date=end_of_quarter(timezone.localdate()),
        type=OpportunityType.NEW_BUSINESS if new_account else "",
        lead_source=lead.lead_source,
        campaign=lead.campaign,
    )
    # The lead's campaign is its attribution, carried over even if the campaign has ended
    # (been deactivated) since: not a new link the user chose.
    opportunity._campaign_from_lead = True
    save_record(opportunity, user=user)
    save_record(
        OpportunityContactRole(opportunity=opportunity, contact=contact, is_primary=True), user=user
    )
    return opportunity


def convert_lead(
    lead: Lead,
    *,
    user,
    opportunity_name: str,
    account: Account | None = None,
    contact: Contact | None = None,
    create_opportunity: bool = True,
    version: int | None = None,
) -> ConversionResult:
    """Turn ``lead`` into an account, a contact and (unless ``create_opportunity`` is False)
    an opportunity with that contact as its primary contact role, in one transaction.

    ``account`` / ``contact`` are existing records to use instead of creating new ones (the
    contact must work for the account). Company → account name; address → billing and
    mailing address; lead source → contact and opportunity; the lead's owner owns all;
    campaign → the opportunity's primary campaign source; close date = end of this quarter.
    ``version`` (optional) is the lead version the user saw on the conversion page."""
    if not user.has_perm("crm.convert_lead"):
        raise BusinessRuleError(NO_CONVERT_PERMISSION)
    if lead.is_converted:
        raise BusinessRuleError(ALREADY_CONVERTED)
    opportunity_name = (opportunity_name or "").strip()
    if create_opportunity and not opportunity_name:
        raise BusinessRuleError(OPPORTUNITY_NAME_REQUIRED)

    with transaction.atomic():
        locked = lock(lead)
        # Re-checked under the lock: a concurrent conversion has committed by now.
        if locked.is_converted:
            raise BusinessRuleError(ALREADY_CONVERTED)
        check_version(locked, version)
        if locked.status not in WORKABLE_STATUSES:
            raise BusinessRuleError(
                NOT_CONVERTIBLE.format(lead=locked, status=locked.get_status_display())
            )
        account, contact = _lock_choices(account, contact)
        _check_choices(account, contact)
        account_created, contact_created = account is None, contact is None
        if contact_created:
            _check_email_free(locked)
        account = account or _create_account(locked, user=user)
        contact = contact or _create_contact(locked, account=account, user=user)
        opportunity = None
        if create_opportunity:
            opportunity = _create_opportunity(
                locked,
                name=opportunity_name,
                account=account,
                contact=contact,
                new_account=account_created,
                user=user,
            )
        move_lead_activities(locked, contact=contact, opportunity=opportunity, user=user)
        locked._conversion_in_progress = True
        try:
            locked.convert(account=account, contact=contact, opportunity=opportunity)
        finally:
            locked._conversion_in_progress = False
        locked._history_user = user
        locked.save()

    copy_saved_state(locked, onto=lead)
    return ConversionResult(
        lead=locked,
        account=account,
        contact=contact,
        opportunity=opportunity,
        account_created=account_created,
        contact_created=contact_created,
    )
