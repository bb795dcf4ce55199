"""Assets: what each client owns, created when an order is fulfilled. Admins update the
status, serial number and dates afterwards; what was bought, by whom and when stays fixed."""

from django.contrib import admin
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import display

from crm.admin.billing.columns import account_link
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.record_admin import RecordAdmin
from crm.models.assets import Asset

STATUS_COLORS = {
    "Purchased": "info",
    "Shipped": "warning",
    "Installed": "success",
    "Registered": "success",
    "Obsolete": "danger",
}


@admin.register(Asset)
class AssetAdmin(RecordAdmin):
    clone_enabled = False
    highlight_fields = ("account", "product", "quantity", "status", "purchase_date")
    list_display = (
        "name",
        "account_name",
        "product",
        "quantity",
        "status_badge",
        "serial_number",
        "purchase_date",
    )
    list_display_links = ("name",)
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("purchase_date", RangeDateFilter),
        OwnerFilter,
    )
    list_select_related = ("account", "product")
    list_related_fields = {"account": ("name",), "product": ("name",)}
    search_fields = ("name", "serial_number", "account__name")
    search_help_text = "Search by asset name, serial number or account"
    ordering = ("name", "pk")
    readonly_fields = (
        "name",
        "account",
        "contact",
        "product",
        "order_line_item",
        "quantity",
        "purchase_date",
        "owner",
    )
    fieldsets = (
        (
            "Asset",
            {
                "fields": (
                    ("name", "account"),
                    ("product", "quantity"),
                    ("contact", "order_line_item"),
                    ("status", "serial_number"),
                )
            },
        ),
        ("Dates", {"fields": (("purchase_date", "install_date", "usage_end_date"),)}),
        ("Details", {"fields": ("description", "owner")}),
    )

    def has_add_permission(self, request):
        return False  # assets come from fulfilled orders

    def has_change_owner_permission(self, request, object_id=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account", "product")

    @display(description="Account", ordering="account__name")
    def account_name(self, obj):
        return account_link(obj.account)

    @display(description="Status", ordering="status", label=STATUS_COLORS)
    def status_badge(self, obj):
        return obj.get_status_display()
