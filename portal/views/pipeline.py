"""Pipeline Kanban (SPEC §8): columns per stage with their first cards; "Show more" pages a
column in; dragging a card calls ``change_stage`` and answers the two touched columns' sums."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crm.errors import ConcurrencyError
from crm.http import BAD_REQUEST, BadJsonBody, json_error, json_error_response, read_json_object
from crm.models.opportunities import LossReason, Opportunity, Stage
from crm.selectors.pipeline import BoardFilters, column_page, column_totals, pipeline_board
from crm.services.opportunities import change_stage
from portal.formatting import column_sums
from portal.views.base import portal_json, portal_page, render_portal
from portal.views.pipeline_cards import render_cards

GONE = "This opportunity no longer exists. Refresh the board."
NO_VERSION = "This move has no record version. Reload the board and try again."
UNKNOWN_COLUMN = "There is no such pipeline column."


@require_GET
@portal_page("crm.view_opportunity")
def board(request):
    context = pipeline_board(user=request.user, filters=BoardFilters.from_params(request.GET))
    context["board"] = [
        (column, column_sums(column), render_cards(column.cards)) for column in context["columns"]
    ]
    context["can_move"] = request.user.has_perm("crm.change_opportunity")
    context["loss_reasons"] = LossReason.choices
    context["move_url"] = reverse("portal:pipeline_move")
    context["column_url"] = reverse("portal:pipeline_column")
    return render_portal(request, "portal/pipeline.html", context, title="Pipeline")


@require_GET
@portal_json("crm.view_opportunity")
def column(request):
    """The next page of one column: its cards' HTML and the offset of the page after it."""
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        return json_error(UNKNOWN_COLUMN)
    try:
        offset = int(request.GET.get("offset", "0"))
    except ValueError:
        return json_error(BAD_REQUEST)
    if not 0 <= offset <= 1_000_000:
        return json_error(BAD_REQUEST)
    cards, next_offset = column_page(
        user=request.user,
        filters=BoardFilters.from_params(request.GET),
        stage=stage,
        offset=offset,
    )
    return JsonResponse({"ok": True, "html": render_cards(cards), "next_offset": next_offset})


def _move_request(request) -> tuple[dict, int, int, str]:
    """The move's body and its id, version and target stage. The version is required: a
    move without it would skip the optimistic lock."""
    data = read_json_object(request)
    if data.get("version") in (None, ""):
        raise BadJsonBody(NO_VERSION)
    try:
        return data, int(data["id"]), int(data["version"]), str(data["stage"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadJsonBody(BAD_REQUEST) from exc


@require_POST
@portal_json("crm.change_opportunity")
def move(request):
    try:
        data, opportunity_id, version, stage = _move_request(request)
    except BadJsonBody as exc:
        return json_error(str(exc))
    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None:
        return json_error(GONE, status=404)
    source = opportunity.stage
    try:
        moved = change_stage(
            opportunity,
            stage=stage,
            user=request.user,
            version=version,
            loss_reason=str(data.get("loss_reason") or ""),
            loss_details=str(data.get("loss_details") or "")[:2000],
        )
    except (ConcurrencyError, ValidationError) as exc:
        return json_error_response(exc)
    touched = column_totals(
        user=request.user, filters=BoardFilters.from_params(data), stages=[source, moved.stage]
    )
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
            "columns": {stage: column_sums(col) for stage, col in touched.items()},
            "message": f"'{moved}' moved to {moved.get_stage_display()}.",
        }
    )
