"""What a deal is made of (line items) and who is involved (contact roles)."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from simple_history.models import HistoricalRecords

from crm.models.base import TimeStampedModel
from crm.models.money import TOTAL_FIELD, CRMMoneyField

LINES_LOCKED = "Line items cannot be changed once the opportunity is closed."
INACTIVE_PRODUCT = "'{product}' is inactive and cannot be added to an opportunity."
CURRENCY_MISMATCH = "The sale price must be in {currency}, the opportunity's currency."
NO_PRICE_IN_CURRENCY = (
    "'{product}' is priced in {product_currency}; enter a sale price in {currency}."
)
ROLE_OTHER_ACCOUNT = "'{contact}' does not belong to {account}."
ROLE_INACTIVE_CONTACT = "'{contact}' is inactive; choose an active contact."


def line_total_expression():
    return ExpressionWrapper(F("quantity") * F("sale_price"), output_field=TOTAL_FIELD)


class OpportunityLineItem(TimeStampedModel):
    opportunity = models.ForeignKey(
        "crm.Opportunity", on_delete=models.PROTECT, related_name="line_items"
    )
    product = models.ForeignKey("crm.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=1)
    sale_price = CRMMoneyField("sale price", max_digits=12, decimal_places=2)
    description = models.CharField(max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="opp_line_quantity_positive",
                violation_error_message="Quantity must be greater than 0.",
            ),
            models.CheckConstraint(
                condition=Q(sale_price__gte=0),
                name="opp_line_price_not_negative",
                violation_error_message="The sale price cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity.normalize():f}" if self.product_id else "line item"

    @property
    def total(self):
        return self.sale_price * self.quantity

    def _parent(self, name):
        try:
            return getattr(self, name)
        except ObjectDoesNotExist:
            return None

    def clean_fields(self, exclude=None):
        # A blank sale price means "the product's list price" (SPEC §6); fill it before the
        # field check would call it missing, when the currencies agree.
        opportunity, product = self._parent("opportunity"), self._parent("product")
        if self.sale_price is None and opportunity is not None and product is not None:
            list_price = product.standard_list_price
            if list_price.currency.code == opportunity.currency:
                self.sale_price = list_price
            else:
                exclude = {*(exclude or ()), "sale_price"}  # clean() explains it instead
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        opportunity, product = self._parent("opportunity"), self._parent("product")
        if opportunity is not None and opportunity.is_closed:
            raise ValidationError(LINES_LOCKED)
        if product is not None and not product.is_active and self._product_changed():
            raise ValidationError({"product": INACTIVE_PRODUCT.format(product=product)})
        if opportunity is None or product is None:
            return
        if self.sale_price is None:
            raise ValidationError(
                {
                    "sale_price": NO_PRICE_IN_CURRENCY.format(
                        product=product,
                        product_currency=product.standard_list_price.currency.code,
                        currency=opportunity.currency,
                    )
                }
            )
        if self.sale_price.currency.code != opportunity.currency:
            raise ValidationError(
                {"sale_price": CURRENCY_MISMATCH.format(currency=opportunity.currency)}
            )

    def _product_changed(self) -> bool:
        if self._state.adding:
            return True
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("product_id", flat=True)
        return stored.first() != self.product_id


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
