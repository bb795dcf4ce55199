"""A campaign's web-to-lead key on its record page: the ▾ menu's "Web-to-lead key" issues or
rotates it through crm.services.web_to_lead (after a confirmation), and the read view shows
the key with a ready-to-paste HTML form (escaped, in a <pre>; no script)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from unfold.decorators import action, display

from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.services.records import is_admin
from crm.services.web_to_lead import issue_web_to_lead_key

ISSUE_QUESTION = (
    "Issue a web-to-lead key for {record}? Website forms posting it will create leads in "
    "this campaign."
)
ROTATE_QUESTION = (
    "Rotate the web-to-lead key of {record}? Rotating retires every website form that still "
    "uses the old key: their posts are refused until they carry the new one."
)
WEB_TO_LEAD_FIELDSET = ("Web-to-lead", {"fields": ("web_to_lead_form",)})


def _issue(request, campaign, *, version, data):
    issue_web_to_lead_key(campaign, user=request.user, version=version)


ISSUE = Confirmation(
    verb="Issue key",
    question=ISSUE_QUESTION,
    done="has a web-to-lead key",
    run=_issue,
    danger=False,
)
ROTATE = Confirmation(
    verb="Rotate key", question=ROTATE_QUESTION, done="has a new web-to-lead key", run=_issue
)


def form_snippet(key: str) -> str:
    """The HTML a website pastes (plain text: the read view escapes it)."""
    action_url = settings.CRM_SITE_URL + reverse("api:web-to-lead")
    return render_to_string(
        "crm/campaigns/web_to_lead_snippet.txt", {"action": action_url, "key": key}
    ).strip()


class WebToLeadKeyMixin:
    """Mix into CampaignAdmin; list ``web_to_lead_key_detail`` in its ``menu_actions``, add
    ``web_to_lead_form`` to its readonly fields and ``WEB_TO_LEAD_FIELDSET`` to its read view."""

    def has_web_to_lead_key_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.change_campaign"):
            return False
        if object_id is None:
            return True
        campaign = self.get_record(request, object_id)
        return (
            campaign is not None
            and campaign.is_active
            and (is_admin(request.user) or campaign.owner_id == request.user.pk)
        )

    @action(
        description="Web-to-lead key",
        url_path="web-to-lead-key",
        permissions=["web_to_lead_key"],
        icon="key",
    )
    def web_to_lead_key_detail(self, request, object_id):
        campaign = self.get_record_or_404(object_id)
        confirmation = ROTATE if campaign.web_to_lead_key else ISSUE
        return confirm_record(self, request, campaign, confirmation)

    @display(description="Website form")
    def web_to_lead_form(self, obj):
        key = obj.web_to_lead_key
        return render_to_string(
            "crm/campaigns/web_to_lead_key.html",
            {"key": key, "snippet": form_snippet(key) if key else ""},
        )
