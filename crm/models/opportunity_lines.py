"""What a deal is made of (line items) and who is involved (contact roles)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from simple_history.models import HistoricalRecords

from crm.models.base import TimeStampedModel
from crm.models.money import TOTAL_FIELD, CRMMoneyField
from crm.models.priced_lines import PricedLine, priced_line_constraints

LINES_LOCKED = "Line items cannot be changed once the opportunity is closed."
ROLE_OTHER_ACCOUNT = "'{contact}' does not belong to {account}."
ROLE_INACTIVE_CONTACT = "'{contact}' is inactive; choose an active contact."


def line_total_expression():
    return ExpressionWrapper(F("quantity") * F("sale_price"), output_field=TOTAL_FIELD)


class OpportunityLineItem(PricedLine):
    parent_field = "opportunity"
    parent_noun = "an opportunity"
    line_noun = "line item"
    lines_locked_message = LINES_LOCKED

    opportunity = models.ForeignKey(
        "crm.Opportunity", on_delete=models.PROTECT, related_name="line_items"
    )
    sale_price = CRMMoneyField("sale price", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = priced_line_constraints(
            "opp_line", price_field="sale_price", price_label="sale price"
        )


class ContactRole(models.TextChoices):
    BUSINESS_USER = "business_user", "Business User"
    DECISION_MAKER = "decision_maker", "Decision Maker"
    ECONOMIC_BUYER = "economic_buyer", "Economic Buyer"
    EVALUATOR = "evaluator", "Evaluator"
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive Sponsor"
    INFLUENCER = "influencer", "Influencer"
    TECHNICAL_BUYER = "technical_buyer", "Technical Buyer"
    OTHER = "other", "Other"


class OpportunityContactRole(TimeStampedModel):
    opportunity = models.ForeignKey(
        "crm.Opportunity", on_delete=models.PROTECT, related_name="contact_roles"
    )
    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.PROTECT, related_name="opportunity_roles"
    )
    role = models.CharField(max_length=20, choices=ContactRole.choices, default=ContactRole.OTHER)
    is_primary = models.BooleanField("primary", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "contact"],
                name="opp_contact_role_unique",
                violation_error_message="This contact already has a role on this opportunity.",
            ),
            models.UniqueConstraint(
                fields=["opportunity"],
                condition=Q(is_primary=True),
                name="opp_one_primary_contact",
                violation_error_message="An opportunity can have only one primary contact.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})" if self.contact_id else "contact role"

    def clean(self):
        super().clean()
        if not (self.contact_id and self.opportunity_id):
            return
        if self.contact.account_id != self.opportunity.account_id:
            raise ValidationError(
                {
                    "contact": ROLE_OTHER_ACCOUNT.format(
                        contact=self.contact, account=self.opportunity.account
                    )
                }
            )
        if not self.contact.is_active and (
            self._state.adding
            or type(self)
            ._base_manager.filter(pk=self.pk)
            .values_list("contact_id", flat=True)
            .first()
            != self.contact_id
        ):
            raise ValidationError({"contact": ROLE_INACTIVE_CONTACT.format(contact=self.contact)})
