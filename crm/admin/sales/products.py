"""Product catalogue: admins maintain it, sales users read it. Inactive products are greyed
in the list and never offered for new line items (the autocomplete only finds active ones)."""

from django.contrib import admin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from unfold.decorators import display

from crm.admin.kit.deactivation import ActiveFilter
from crm.admin.kit.importing import CRMImportExportMixin
from crm.admin.kit.record_admin import RecordAdmin
from crm.models.catalog import Product
from crm.resources import ProductResource


@admin.register(Product)
class ProductAdmin(CRMImportExportMixin, RecordAdmin):
    resource_classes = [ProductResource]
    highlight_fields = (
        "product_code",
        "family",
        "standard_list_price",
        "is_retainer_product",
        "owner",
    )
    deactivate_confirmation = (
        "Are you sure you want to deactivate this product? It will no longer be available to "
        "add to new opportunities."
    )
    list_display = ("name", "product_code", "family", "list_price", "is_retainer_product", "status")
    list_filter = (ActiveFilter, "family", "is_retainer_product")
    search_fields = ("name", "product_code")
    ordering = ("name",)
    fieldsets = (
        (
            "Product",
            {
                "fields": (
                    "name",
                    "product_code",
                    "family",
                    "standard_list_price",
                    "is_retainer_product",
                )
            },
        ),
        ("Description", {"fields": ("description", "owner")}),
    )

    def has_import_permission(self, request):
        # Catalogue imports are for admins (SPEC §5: no import of products for sales users).
        return self.has_add_permission(request)

    @display(description="List price", ordering="standard_list_price")
    def list_price(self, obj):
        return obj.standard_list_price

    @display(
        description="Status",
        ordering="is_active",
        label={"Active": "success", "Inactive": "danger"},
    )
    def status(self, obj):
        return "Active" if obj.is_active else "Inactive"

    def get_urls(self):
        price = path(
            "<int:pk>/price/", self.admin_site.admin_view(self.price_view), name="crm_product_price"
        )
        return [price, *super().get_urls()]

    def price_view(self, request, pk):
        """List price for the line-item form, which pre-fills the sale price with it."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "Not allowed."}, status=403)
        product = get_object_or_404(Product, pk=pk)
        price = product.standard_list_price
        return JsonResponse({"amount": str(price.amount), "currency": price.currency.code})
