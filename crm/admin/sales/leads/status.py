"""The lead's status moves in its header: Mark contacted, Qualify, Disqualify, Reopen.
Each is shown only when the lead's status machine allows it for this user, asks for a
one-click confirmation (a GET never changes data) and runs ``change_status``."""

from crm.admin.kit.actions import TransitionAction
from crm.models import LeadStatus
from crm.services.leads import change_status


def _change_status(lead, *, target, user, version):
    return change_status(lead, status=target, user=user, version=version)


LEAD_STATUS_ACTIONS = (
    TransitionAction(
        "mark_contacted",
        "Mark contacted",
        LeadStatus.CONTACTED,
        "Mark '{record}' as contacted? Do this once you have reached them.",
        "was marked as contacted",
        icon="call",
        danger=False,
        service=_change_status,
    ),
    TransitionAction(
        "qualify",
        "Qualify",
        LeadStatus.QUALIFIED,
        "Qualify '{record}'? A qualified lead has a real need and is ready to convert.",
        "was qualified",
        icon="thumb_up",
        service=_change_status,
    ),
    TransitionAction(
        "disqualify",
        "Disqualify",
        LeadStatus.UNQUALIFIED,
        "Disqualify '{record}'? The lead leaves your open leads; you can reopen it later.",
        "was disqualified",
        icon="block",
        danger=True,
        service=_change_status,
    ),
    TransitionAction(
        "reopen",
        "Reopen",
        LeadStatus.NEW,
        "Reopen '{record}'? It becomes a new lead again.",
        "was reopened",
        icon="replay",
        service=_change_status,
    ),
)
