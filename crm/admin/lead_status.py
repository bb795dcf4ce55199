"""The lead's status actions in its highlights panel: Mark contacted, Qualify, Disqualify,
Reopen. Each is shown only when the lead's status machine allows it for this user, asks for a
one-click confirmation (a GET never changes data) and runs ``change_status``."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from unfold.decorators import action

from crm.admin.kit.feedback import report_error
from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models import Lead, LeadStatus
from crm.services.leads import change_status


@dataclass(frozen=True)
class StatusMove:
    target: str
    verb: str
    question: str
    done: str
    danger: bool = False


MOVES = {
    "mark_contacted": StatusMove(
        LeadStatus.CONTACTED,
        "Mark contacted",
        "Mark '{lead}' as contacted? Do this once you have reached them.",
        "was marked as contacted",
    ),
    "qualify": StatusMove(
        LeadStatus.QUALIFIED,
        "Qualify",
        "Qualify '{lead}'? A qualified lead has a real need and is ready to convert.",
        "was qualified",
    ),
    "disqualify": StatusMove(
        LeadStatus.UNQUALIFIED,
        "Disqualify",
        "Disqualify '{lead}'? The lead leaves your open leads; you can reopen it later.",
        "was disqualified",
        danger=True,
    ),
    "reopen": StatusMove(
        LeadStatus.NEW,
        "Reopen",
        "Reopen '{lead}'? It becomes a new lead again.",
        "was reopened",
    ),
}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class LeadStatusActionsMixin:
    """Mix into the LeadAdmin (before CRMModelAdmin)."""

    def _status_allowed(self, request, object_id, transition: str) -> bool:
        if not request.user.has_perm("crm.change_lead"):
            return False
        if object_id is None:
            return True
        lead = Lead.objects.filter(pk=object_id).first()
        if lead is None:
            return False
        available = lead.get_available_user_status_transitions(request.user)
        return any(t.name == transition for t in available)

    def has_mark_contacted_permission(self, request, object_id=None):
        return self._status_allowed(request, object_id, "mark_contacted")

    def has_qualify_permission(self, request, object_id=None):
        return self._status_allowed(request, object_id, "qualify")

    def has_disqualify_permission(self, request, object_id=None):
        return self._status_allowed(request, object_id, "disqualify")

    def has_reopen_permission(self, request, object_id=None):
        return self._status_allowed(request, object_id, "reopen")

    @action(
        description="Mark contacted",
        url_path="mark-contacted",
        permissions=["mark_contacted"],
        icon="call",
    )
    def mark_contacted_detail(self, request, object_id):
        return self._move(request, object_id, "mark_contacted")

    @action(description="Qualify", url_path="qualify", permissions=["qualify"], icon="thumb_up")
    def qualify_detail(self, request, object_id):
        return self._move(request, object_id, "qualify")

    @action(
        description="Disqualify", url_path="disqualify", permissions=["disqualify"], icon="block"
    )
    def disqualify_detail(self, request, object_id):
        return self._move(request, object_id, "disqualify")

    @action(description="Reopen", url_path="reopen", permissions=["reopen"], icon="replay")
    def reopen_detail(self, request, object_id):
        return self._move(request, object_id, "reopen")

    def _move(self, request, object_id, name: str):
        lead = get_object_or_404(Lead, pk=object_id)
        move = MOVES[name]
        if request.method == "POST":
            try:
                change_status(
                    lead,
                    status=move.target,
                    user=request.user,
                    version=_int(request.POST.get("version")),
                )
            except (BusinessRuleError, ConcurrencyError, ValidationError) as exc:
                report_error(request, exc)
            else:
                messages.success(request, f"Lead '{lead}' {move.done}.")
            return HttpResponseRedirect(self.record_url(lead))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{move.verb}: {lead}",
            "object": lead,
            "question": move.question.format(lead=lead),
            "verb": move.verb,
            "danger": move.danger,
            "cancel_url": self.record_url(lead),
        }
        return TemplateResponse(request, "crm/leads/status_confirm.html", context)
