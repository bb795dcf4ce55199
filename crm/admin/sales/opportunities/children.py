"""The opportunity's Products and Contact Roles: related-list cards on its page, and the
small add / edit / remove pages they open (crm.admin.kit.child_rows). Every write goes through
``crm.services.opportunity_lines`` (opportunity row locked, Primary moved atomically); saving
returns to the opportunity, whose amount is recomputed from its lines."""

from django.contrib import admin
from django.urls import reverse

from crm.admin.kit.child_rows import ChildRowAdmin, child_row_links
from crm.admin.kit.priced_lines import priced_line_fields, priced_lines_card
from crm.admin.kit.related import Column, RelatedList
from crm.admin.sales.opportunities.forms import ContactRoleForm, LineItemForm
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.selectors.opportunities import opportunity_contact_roles, opportunity_line_items
from crm.services import opportunity_lines as services


class OpportunityChildAdmin(ChildRowAdmin):
    """A line or a role lives on its opportunity's page; this admin serves its forms."""

    parent_field = "opportunity"
    prefill_parent_fields = ("opportunity",)
    list_select_related = ("opportunity",)
    remove_question = "Remove {record} from this opportunity?"


@admin.register(OpportunityLineItem)
class OpportunityLineItemAdmin(OpportunityChildAdmin):
    form = LineItemForm
    save_service = staticmethod(services.save_line_item)
    remove_service = staticmethod(services.remove_line_item)
    autocomplete_fields = ["product"]
    fields = edit_fields = priced_line_fields(OpportunityLineItem)
    read_fields = priced_line_fields(OpportunityLineItem, price_name="sale_price")
    list_display = ("product", "opportunity", "quantity", "sale_price")
    list_select_related = ("opportunity", "product")
    list_related_fields = {"opportunity": ("name",), "product": ("name",)}
    remove_question = "Remove the product {record} from this opportunity?"


@admin.register(OpportunityContactRole)
class OpportunityContactRoleAdmin(OpportunityChildAdmin):
    form = ContactRoleForm
    save_service = staticmethod(services.save_contact_role)
    remove_service = staticmethod(services.remove_contact_role)
    fields = edit_fields = read_fields = ["opportunity", "contact", "role", "is_primary"]
    list_display = ("contact", "opportunity", "role", "is_primary")
    list_select_related = ("opportunity", "contact")
    list_related_fields = {"opportunity": ("name",), "contact": ("first_name", "last_name")}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "contact" and field is not None:
            prefill = self.prefilled_parent(request)
            if prefill is not None:
                # Active contacts of the opportunity's account only.
                account_id = prefill[1].account_id
                field.queryset = field.queryset.filter(account_id=account_id, is_active=True)
        return field


def products_related_list() -> RelatedList:
    return priced_lines_card(
        key="products",
        title="Products",
        rows=opportunity_line_items,
        model=OpportunityLineItem,
        new_label="New Product",
    )


def contact_roles_related_list() -> RelatedList:
    return RelatedList(
        key="contact_roles",
        title="Contact Roles",
        icon="badge",
        color="#A094ED",
        rows=opportunity_contact_roles,
        parent_field="opportunity",
        limit=50,
        new_label="New Contact Role",
        columns=(
            Column(
                "Contact",
                "contact",
                link=lambda role: reverse("admin:crm_contact_change", args=[role.contact_id]),
            ),
            Column("Role", "get_role_display"),
            Column("Primary", "is_primary"),
        ),
        row_actions=child_row_links,
        # A deactivated contact keeps its role on the deal, greyed and marked Inactive.
        is_inactive=lambda role: not role.contact.is_active,
    )
