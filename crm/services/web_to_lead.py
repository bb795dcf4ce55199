"""Web-to-lead (SPEC §6 Lead sources): the agency's website posts a form straight into the CRM.

A campaign's ``web_to_lead_key`` names the campaign in public HTML; it is no credential, so
issuing one only says "forms for this campaign are welcome", and rotating it retires every
form that still posts the old key. A post becomes a Lead through the one write path
(``records.save_record``), owned by the campaign's owner, and joins the campaign, in one
transaction: either both exist or neither does."""

import secrets

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from crm.errors import BusinessRuleError
from crm.models import Campaign, Lead
from crm.models.choices import LeadSource
from crm.services.campaigns import add_members
from crm.services.records import check_owner_choice, is_admin, save_record
from crm.services.transitions import check_version, copy_saved_state, lock

KEY_BYTES = 24  # 32 url-safe characters (the field holds 40)
NOT_ALLOWED = "Only admins and the campaign's owner can issue its web-to-lead key."
INACTIVE_CAMPAIGN = "Campaign '{campaign}' is inactive; reactivate it before taking web leads."
UNKNOWN_KEY = "No active campaign takes web leads with this key."
# The fields a website form may fill (the API's allow-list is this plus the key and honeypot).
LEAD_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "email",
    "phone",
    "title",
    "website",
    "description",
)
CHANGE_REASON = "Web-to-lead form from {ip}"


class UnknownWebToLeadKey(ObjectDoesNotExist):
    """No active campaign has this key (never issued, rotated, or the campaign is inactive):
    the API answers 404 and creates nothing."""


@transaction.atomic
def issue_web_to_lead_key(campaign: Campaign, *, user, version: int | None) -> str:
    """Give ``campaign`` a new random key (admins or its owner). A campaign that had one
    gets a fresh one: forms posting the old key are refused from now on."""
    locked = lock(campaign)
    check_version(locked, version)
    if not (is_admin(user) or locked.owner_id == user.pk):
        raise BusinessRuleError(NOT_ALLOWED)
    if not locked.is_active:
        raise BusinessRuleError(INACTIVE_CAMPAIGN.format(campaign=locked))
    locked.web_to_lead_key = secrets.token_urlsafe(KEY_BYTES)
    save_record(locked, user=user, validate=False)
    copy_saved_state(locked, onto=campaign)
    return locked.web_to_lead_key


def _campaign_for(key: str) -> Campaign:
    campaign = (
        Campaign.objects.select_related("owner").filter(web_to_lead_key=key, is_active=True).first()
        if key
        else None
    )
    if campaign is None:
        raise UnknownWebToLeadKey(UNKNOWN_KEY)
    return campaign


@transaction.atomic
def create_web_lead(*, key: str, data: dict, ip: str | None) -> Lead:
    """A new Lead from a website form for the campaign holding ``key``; ``data`` holds only
    ``LEAD_FIELDS`` (the caller's allow-list). Model rules (email format, required last name
    and company …) refuse it with the app's messages, and nothing is saved."""
    campaign = _campaign_for(key)
    # Nobody is signed in: the campaign's owner answers for the lead. They own it, and the
    # lead's history and the campaign membership are recorded under their name; the change
    # reason keeps where it came from.
    owner = campaign.owner
    lead = Lead(
        **{name: data[name] for name in LEAD_FIELDS if name in data},
        owner=owner,
        campaign=campaign,
        lead_source=LeadSource.WEB,
    )
    check_owner_choice(user=owner, record=lead, owner=owner)  # a deactivated owner refuses
    lead._change_reason = CHANGE_REASON.format(ip=ip or "an unknown address")[:100]
    save_record(lead, user=owner)
    add_members(campaign, user=owner, leads=[lead])
    return lead
