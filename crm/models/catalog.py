"""The product catalogue (SPEC §6 Product): what the agency sells. Admin-only writes;
inactive products stay on old deals but are never offered for new line items."""

from django.db import models
from django.db.models import Q

from crm.models.base import DeactivatableRecord, RecordQuerySet
from crm.models.money import CRMMoneyField, validate_currency

NEGATIVE_PRICE = "The list price cannot be negative."


class ProductFamily(models.TextChoices):
    WEBSITE = "website", "Website"
    HOSTING = "hosting", "Hosting"
    MAINTENANCE = "maintenance", "Maintenance"
    SEO = "seo", "SEO"
    DESIGN = "design", "Design"
    MARKETING = "marketing", "Marketing"
    CONSULTING = "consulting", "Consulting"
    OTHER = "other", "Other"


class Product(DeactivatableRecord):
    name = models.CharField("product name", max_length=255)
    # "" when absent (never NULL) so the partial unique index only covers real codes.
    product_code = models.CharField("product code", max_length=50, blank=True)
    family = models.CharField(
        "product family", max_length=20, choices=ProductFamily.choices, default=ProductFamily.OTHER
    )
    description = models.TextField(blank=True)
    standard_list_price = CRMMoneyField(
        "list price",
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    is_retainer_product = models.BooleanField(
        "retainer product",
        default=False,
        help_text="Recurring service billed per period (maintenance, SEO, hosting …).",
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="product_name_idx"),
            models.Index(fields=["family"], name="product_family_idx"),
            models.Index(fields=["is_active", "name"], name="product_active_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["product_code"],
                condition=~Q(product_code=""),
                name="product_code_unique_when_present",
                violation_error_message="Another product already uses this product code.",
            ),
            models.CheckConstraint(
                condition=Q(standard_list_price__gte=0),
                name="product_list_price_not_negative",
                violation_error_message=NEGATIVE_PRICE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        self.product_code = (self.product_code or "").strip()
        validate_currency(self.standard_list_price, field="standard_list_price")
