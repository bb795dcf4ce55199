"""Assets (SPEC §6): what a client owns after an order was fulfilled (one per order line),
tracked afterwards through shipping, installation and end of use."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from crm.models.base import BusinessRecord, RecordQuerySet

USAGE_BEFORE_INSTALL = "Usage cannot end before the asset was installed."


class AssetStatus(models.TextChoices):
    PURCHASED = "purchased", "Purchased"
    SHIPPED = "shipped", "Shipped"
    INSTALLED = "installed", "Installed"
    REGISTERED = "registered", "Registered"
    OBSOLETE = "obsolete", "Obsolete"


class Asset(BusinessRecord):
    name = models.CharField(max_length=255)
    account = models.ForeignKey("crm.Account", on_delete=models.PROTECT, related_name="assets")
    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="assets"
    )
    product = models.ForeignKey(
        "crm.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order_line_item = models.ForeignKey(
        "crm.OrderLineItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name="order line",
    )
    serial_number = models.CharField("serial number", max_length=100, blank=True)
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=1)
    status = models.CharField(
        max_length=20, choices=AssetStatus, default=AssetStatus.PURCHASED, db_index=True
    )
    purchase_date = models.DateField("purchase date", null=True, blank=True)
    install_date = models.DateField("install date", null=True, blank=True)
    usage_end_date = models.DateField("usage end date", null=True, blank=True)
    description = models.TextField(blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="asset_quantity_positive",
                violation_error_message="Quantity must be greater than 0.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.install_date and self.usage_end_date and self.usage_end_date < self.install_date:
            raise ValidationError({"usage_end_date": USAGE_BEFORE_INSTALL})
