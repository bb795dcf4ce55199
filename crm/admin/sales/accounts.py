"""Accounts: the list (search, filters, export/import) and the 360° record page (highlights,
Details / Related / History, New Contact, Deactivate)."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from djmoney.money import Money
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import action
from unfold.enums import ActionVariant

from crm.admin.billing.columns import account_assets_related_list, account_orders_related_list
from crm.admin.billing.contracts.children import account_contracts_related_list
from crm.admin.billing.invoices.cards import account_invoices_related_list
from crm.admin.kit.attachments import attachments_related_list
from crm.admin.kit.columns import owner_column, phone_column
from crm.admin.kit.deactivation import LIST, ActiveFilter
from crm.admin.kit.filters import OwnerFilter
from crm.admin.kit.importing import CRMImportExportMixin
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.admin.kit.related_reads import USER_NAME
from crm.admin.sales.quotes.links import account_quotes_related_list
from crm.admin.service.cases.entry import NewCaseActionMixin, account_cases_related_list
from crm.ids import parse_id
from crm.models import Account
from crm.resources import AccountResource
from crm.selectors.accounts import account_contacts, billing_contact_choices, child_accounts
from crm.selectors.opportunities import account_opportunities

ACCOUNT_ICON, ACCOUNT_COLOR = "apartment", "#5A1BA9"
CONTACT_ICON, CONTACT_COLOR = "contacts", "#A094ED"
OPPORTUNITY_ICON, OPPORTUNITY_COLOR = "trending_up", "#FF9A3C"


def inactive_badge(obj, text) -> str:
    """A list cell for the record's name: greyed and badged when the record is inactive."""
    if obj.is_active:
        return text
    return format_html(
        '<span class="crm-muted">{}</span> {}',
        text,
        format_html('<span class="crm-badge crm-badge--danger">{}</span>', "Inactive"),
    )


def website_link(obj):
    if not obj.website:
        return "—"
    return format_html(
        '<a class="crm-link" href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
        obj.website_url,
        obj.website,
    )


ADDRESS_ROWS = tuple(
    (f"billing_{part}", f"shipping_{part}")
    for part in ("street", "city", "state", "postal_code", "country")
)


INFO = (
    ("name", "owner"),
    ("parent", "type"),
    ("phone", "industry"),
    ("website", "billing_contact"),
)


@admin.register(Account)
class AccountAdmin(CRMImportExportMixin, NewCaseActionMixin, RecordAdmin):
    resource_classes = [AccountResource]
    highlight_fields = ("type", "phone", "website_display", "industry", "owner")
    deactivate_confirmation = (
        "Are you sure you want to deactivate this account? All historical data will be preserved."
    )
    deactivate_lands_on = LIST
    header_actions = ("new_contact", "new_opportunity", "new_case")
    inline_edit_fields = ("type", "phone", "industry")

    list_display = (
        "account_name",
        "type",
        "phone_display",
        "website_display",
        "billing_city",
        "owner_name",
    )
    list_display_links = ("account_name",)
    list_related_fields = {"owner": USER_NAME, "parent": ()}
    list_select_related = ("owner",)
    search_fields = ("name", "website", "phone")
    search_help_text = "Search by account name, website or phone"
    list_filter = (
        ("type", ChoicesDropdownFilter),
        ("industry", ChoicesDropdownFilter),
        OwnerFilter,
        ActiveFilter,
    )
    ordering = ("name", "pk")

    autocomplete_fields = ("parent",)
    active_link_fields = ("parent", "billing_contact")
    prefill_parent_fields = ("parent",)
    readonly_fields = ("is_active", "created_at", "updated_at")
    fieldsets = (
        (
            "Account information",
            {"fields": INFO},
        ),
        ("Address information", {"fields": ADDRESS_ROWS}),
        ("Description information", {"fields": ("description",)}),
        ("System information", {"fields": (("created_at", "updated_at"), ("is_active",))}),
    )

    related_lists = (
        RelatedList(
            key="contacts",
            title="Contacts",
            icon=CONTACT_ICON,
            color=CONTACT_COLOR,
            rows=account_contacts,
            parent_field="account",
            columns=(
                Column("Name", "full_name", link=True),
                Column("Title", "title"),
                Column("Email", "email"),
                Column("Phone", "phone"),
            ),
        ),
        RelatedList(
            key="child_accounts",
            title="Child Accounts",
            icon=ACCOUNT_ICON,
            color=ACCOUNT_COLOR,
            rows=child_accounts,
            parent_field="parent",
            columns=(
                Column("Account name", "name", link=True),
                Column("Type", "get_type_display"),
                Column("Phone", "phone"),
                Column("Owner", "owner"),
            ),
        ),
        RelatedList(
            key="opportunities",
            title="Opportunities",
            icon=OPPORTUNITY_ICON,
            color=OPPORTUNITY_COLOR,
            rows=account_opportunities,
            parent_field="account",
            columns=(
                Column("Opportunity name", "name", link=True),
                Column("Stage", "get_stage_display"),
                Column("Amount", lambda o: Money(o.amount, o.currency)),
                Column("Close date", "close_date"),
                Column("Owner", "owner"),
            ),
        ),
        account_quotes_related_list(),
        account_orders_related_list(),
        account_contracts_related_list(),
        account_invoices_related_list(),
        account_assets_related_list(),
        account_cases_related_list(),
        attachments_related_list(),
    )

    @admin.display(description="Account name", ordering="name")
    def account_name(self, obj):
        return inactive_badge(obj, obj.name)

    phone_display = phone_column()
    owner_name = owner_column()

    @admin.display(description="Website", ordering="website")
    def website_display(self, obj):
        return website_link(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner", "parent")

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # nothing to show about a record that does not exist yet
            # (and no contact to bill yet: the billing contact is one of its contacts)
            info = [row if row != ("website", "billing_contact") else ("website",) for row in INFO]
            return (("Account information", {"fields": tuple(info)}), *self.fieldsets[1:-1])
        return self.fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "billing_contact":
            # Only the account's own contacts (the model refuses any other).
            account_id = parse_id(request.resolver_match.kwargs.get("object_id", ""))
            kwargs["queryset"] = billing_contact_choices(account_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- New Contact (highlights action) ------------------------------------------------------
    def has_new_contact_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.add_contact"):
            return False
        account = self.get_record(request, object_id)
        return object_id is None or (account is not None and account.is_active)

    @action(
        description="New Contact",
        url_path="new-contact",
        permissions=["new_contact"],
        icon="person_add",
        variant=ActionVariant.PRIMARY,
    )
    def new_contact(self, request, object_id):
        return HttpResponseRedirect(f"{reverse('admin:crm_contact_add')}?account={object_id}")

    # --- New Opportunity (highlights action) --------------------------------------------------
    def has_new_opportunity_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.add_opportunity"):
            return False
        account = self.get_record(request, object_id)
        return object_id is None or (account is not None and account.is_active)

    @action(
        description="New Opportunity",
        url_path="new-opportunity",
        permissions=["new_opportunity"],
        icon="add_chart",
    )
    def new_opportunity(self, request, object_id):
        url = reverse("admin:crm_opportunity_add")
        return HttpResponseRedirect(f"{url}?account={object_id}")
