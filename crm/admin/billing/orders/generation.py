""" "Generate Order" on a won opportunity's page (SPEC §6, design notes 1.3.9): shown only when
an order can be generated, behind the confirmation of the design notes, then the new order's
page. The service locks the opportunity, and the page's one-time token answers a second
submit of it with "This was already done" and the order made the first time."""

from django.urls import reverse
from unfold.decorators import action
from unfold.enums import ActionVariant

from crm.admin.kit import once
from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.dialog import DIALOG, lines_preview
from crm.selectors.opportunities import opportunity_line_items
from crm.services.opportunities import generate_order, order_refusal

GENERATE_QUESTION = "This will create a formal order for this opportunity. Are you sure?"


def _generate(request, opportunity, *, version, data):
    return generate_order(opportunity, user=request.user, version=version)


def _preview(request, opportunity):
    return lines_preview(
        opportunity_line_items(opportunity),
        title="Copied into the order at these prices",
        total_label="Order total",
    )


GENERATE = Confirmation(
    verb="Generate Order",
    question=GENERATE_QUESTION,
    done="has a new order",
    run=_generate,
    danger=False,
    once=True,
    result_url=lambda order: reverse("admin:crm_order_change", args=[order.pk]),
    preview=_preview,
)


class GenerateOrderMixin:
    """Mix into OpportunityAdmin and list ``generate_order_detail`` in its header actions."""

    def has_generate_order_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.generate_order"):
            return False
        if object_id is None or once.is_repeat(request):
            return True
        opportunity = self.get_record(request, object_id)
        return opportunity is not None and order_refusal(opportunity) is None

    @action(
        description="Generate Order",
        url_path="generate-order",
        permissions=["generate_order"],
        icon="receipt_long",
        variant=ActionVariant.PRIMARY,
        attrs=DIALOG,
    )
    def generate_order_detail(self, request, object_id):
        return confirm_record(self, request, self.get_record_or_404(object_id), GENERATE)
