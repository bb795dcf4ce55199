"""Campaign membership (SPEC §6 CampaignMember): adding leads and contacts to a campaign from
their lists, and removing members (the one campaign record that may be deleted, SPEC §4)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from crm.errors import BusinessRuleError, error_message
from crm.models import Campaign, CampaignMember, Contact, Lead, MemberStatus

NO_ADD_PERMISSION = "You do not have permission to add campaign members."
NO_REMOVE_PERMISSION = "You do not have permission to remove campaign members."
INACTIVE_CAMPAIGN = "Campaign '{campaign}' is inactive; choose an active campaign."
UNKNOWN_MEMBER_STATUS = "'{status}' is not a member status (use Sent or Responded)."


@dataclass
class MembershipResult:
    added: int = 0
    already: int = 0
    refused: list[str] = field(default_factory=list)


def _add(campaign: Campaign, *, status: str, user, result: MembershipResult, **person) -> None:
    member = CampaignMember(campaign=campaign, status=status, **person)
    try:
        member.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        name = next(iter(person.values()))
        result.refused.append(f"{name}: {error_message(exc)}")
        return
    member._history_user = user
    member.save()
    result.added += 1


@transaction.atomic
def add_members(
    campaign: Campaign,
    *,
    user,
    leads: Iterable[Lead] = (),
    contacts: Iterable[Contact] = (),
    status: str = MemberStatus.SENT,
) -> MembershipResult:
    """Add each person once; people already in the campaign are counted, not duplicated, and
    people who cannot join (converted leads, inactive contacts) are listed with the reason."""
    if not user.has_perm("crm.add_campaignmember"):
        raise BusinessRuleError(NO_ADD_PERMISSION)
    if status not in MemberStatus.values:
        raise BusinessRuleError(UNKNOWN_MEMBER_STATUS.format(status=status))
    # Lock the campaign so two bulk adds of the same people cannot both insert them.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_active:
        raise BusinessRuleError(INACTIVE_CAMPAIGN.format(campaign=campaign))
    result = MembershipResult()
    for kind, people in (("lead", list(leads)), ("contact", list(contacts))):
        members = campaign.members.filter(**{f"{kind}__in": people})
        existing = set(members.values_list(f"{kind}_id", flat=True))
        for person in people:
            if person.pk in existing:
                result.already += 1
            else:
                existing.add(person.pk)
                _add(campaign, status=status, user=user, result=result, **{kind: person})
    return result


@transaction.atomic
def remove_member(member: CampaignMember, *, user) -> None:
    if not user.has_perm("crm.delete_campaignmember"):
        raise BusinessRuleError(NO_REMOVE_PERMISSION)
    member._history_user = user
    member.delete()
