"""Product catalogue: admins maintain it, sales users read it. The list shows the whole
catalogue; inactive products are greyed with an "Inactive" pill and never offered for new
line items (the autocomplete only finds active ones). Admins get an Edit button on each row."""

from django.contrib import admin
from django.contrib.admin import BooleanFieldListFilter
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html
from unfold.decorators import action, display

from crm.admin.kit.importing import CRMImportExportMixin
from crm.admin.kit.money_columns import money_column
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
    list_display = (
        "product_name",
        "product_code",
        "family",
        "list_price",
        "is_retainer_product",
        "status",
    )
    list_display_links = ("product_name",)
    # No default "Active" filter: admins look after the whole catalogue, retired items included.
    list_filter = (("is_active", BooleanFieldListFilter), "family", "is_retainer_product")
    actions_row = ["edit_row"]
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

    @display(description="Product name", ordering="name")
    def product_name(self, obj):
        if obj.is_active:
            return obj.name
        # The row is greyed (crm/lists.css); the Status column carries the "Inactive" pill.
        return format_html('<span class="crm-muted" data-inactive>{}</span>', obj.name)

    list_price = money_column("List price", "standard_list_price")

    # --- Edit on each row (admins; sales users read the catalogue) -------------------------
    def has_edit_row_permission(self, request, object_id=None):
        return self.has_change_permission(request)

    @action(
        description="Edit",
        url_path="edit-row",
        permissions=["edit_row"],
        icon="edit",
        extra_options={"display_in_dropdown": False},  # a visible button, not behind "…"
    )
    def edit_row(self, request, object_id):
        if not self.has_change_permission(request):  # the URL typed by hand, too
            raise PermissionDenied
        return HttpResponseRedirect(self.edit_url(self.get_record_or_404(object_id)))

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
