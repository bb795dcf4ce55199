"""Pipeline Kanban (SPEC §8): columns per stage; dragging a card calls ``change_stage``."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crm.errors import ConcurrencyError
from crm.models.opportunities import Opportunity
from crm.selectors.pipeline import BoardFilters, column_totals, pipeline_board
from crm.services.opportunities import change_stage
from crm.views.json_errors import json_error_response
from portal.views.base import BAD_REQUEST, json_body, portal_json, portal_page, render_portal
from portal.views.pipeline_cards import render_cards

GONE = "This opportunity no longer exists. Refresh the board."


@require_GET
@portal_page("crm.view_opportunity")
def board(request):
    context = pipeline_board(user=request.user, filters=BoardFilters.from_params(request.GET))
    context["board"] = [(column, render_cards(column.cards)) for column in context["columns"]]
    context["can_move"] = request.user.has_perm("crm.change_opportunity")
    context["move_url"] = reverse("portal:pipeline_move")
    return render_portal(request, "portal/pipeline.html", context, title="Pipeline")


@require_POST
@portal_json("crm.change_opportunity")
def move(request):
    data = json_body(request)
    try:
        opportunity_id, version = int(data["id"]), int(data["version"])
        stage = str(data["stage"])
    except (KeyError, TypeError, ValueError):
        return JsonResponse({"ok": False, "error": BAD_REQUEST}, status=400)
    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None:
        return JsonResponse({"ok": False, "error": GONE}, status=404)
    try:
        moved = change_stage(
            opportunity,
            stage=stage,
            user=request.user,
            version=version,
            loss_reason=str(data.get("loss_reason") or "")[:2000],
        )
    except (ConcurrencyError, ValidationError) as exc:
        return json_error_response(exc)
    return JsonResponse(
        {
            "ok": True,
            "card": {
                "id": moved.pk,
                "stage": moved.stage,
                "version": moved.version,
                "probability": moved.probability,
                "close_date": moved.close_date.isoformat() if moved.close_date else None,
            },
            "columns": column_totals(user=request.user, filters=BoardFilters.from_params(data)),
            "message": f"'{moved}' moved to {moved.get_stage_display()}.",
        }
    )
