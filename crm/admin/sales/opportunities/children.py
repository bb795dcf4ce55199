"""The opportunity's Products and Contact Roles: related-list cards on its page, and the
small add / edit / remove pages they open. Every write goes through
``crm.services.opportunity_lines`` (opportunity row locked, Primary moved atomically); saving
returns to the opportunity, whose amount is recomputed from its lines."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from djmoney.money import Money
from unfold.decorators import action

from crm.admin.kit.confirm import Confirmation, confirm_record
from crm.admin.kit.record_admin import RecordAdmin
from crm.admin.kit.related import Column, RelatedList
from crm.admin.sales.opportunities.forms import ContactRoleForm, LineItemForm
from crm.models.opportunity_lines import OpportunityContactRole, OpportunityLineItem
from crm.selectors.opportunities import opportunity_contact_roles, opportunity_line_items
from crm.services import opportunity_lines as services


class OpportunityChildAdmin(RecordAdmin):
    """A line or a role lives on its opportunity's page; this admin serves its forms."""

    prefill_parent_fields = ("opportunity",)
    clone_enabled = False
    header_actions = ("remove_detail",)
    list_select_related = ("opportunity",)
    remove_question = "Remove {record} from this opportunity?"
    save_service = None
    remove_service = None

    def has_module_permission(self, request):
        return False  # reached from the opportunity's Related tab, not the sidebar

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.opportunity.is_closed)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "opportunity"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        type(self).save_service(obj, user=request.user)

    def back_to_opportunity(self, obj):
        url = reverse("admin:crm_opportunity_change", args=[obj.opportunity_id])
        return HttpResponseRedirect(f"{url}#related")

    def response_change(self, request, obj):
        super().response_change(request, obj)
        return self.back_to_opportunity(obj)

    # --- Remove (header action and the card's row link) ---------------------------------------
    def has_remove_permission(self, request, object_id=None):
        meta = self.model._meta
        if not request.user.has_perm(f"{meta.app_label}.delete_{meta.model_name}"):
            return False
        record = self.get_record(request, object_id) if object_id is not None else None
        return object_id is None or (record is not None and not record.opportunity.is_closed)

    @action(description="Remove", url_path="remove", permissions=["remove"], icon="delete")
    def remove_detail(self, request, object_id):
        record = self.get_record_or_404(object_id)
        confirmation = Confirmation(
            verb="Remove",
            question=self.remove_question,
            done="was removed",
            run=lambda request, rec, *, version, data: type(self).remove_service(
                rec, user=request.user
            ),
        )
        response = confirm_record(self, request, record, confirmation)
        return self.back_to_opportunity(record) if request.method == "POST" else response


@admin.register(OpportunityLineItem)
class OpportunityLineItemAdmin(OpportunityChildAdmin):
    form = LineItemForm
    save_service = services.save_line_item
    remove_service = services.remove_line_item
    autocomplete_fields = ["product"]
    fields = ["opportunity", "product", "quantity", "sale_price_amount", "description"]
    list_display = ("product", "opportunity", "quantity", "sale_price")

    def get_fields(self, request, obj=None):
        if obj is not None and (self.is_read_mode(request, obj) or obj.opportunity.is_closed):
            return ["opportunity", "product", "quantity", "sale_price", "description"]
        return self.fields

    remove_question = "Remove the product {record} from this opportunity?"

    class Media:
        js = ("crm/line_items.js",)


@admin.register(OpportunityContactRole)
class OpportunityContactRoleAdmin(OpportunityChildAdmin):
    form = ContactRoleForm
    save_service = services.save_contact_role
    remove_service = services.remove_contact_role
    fields = ["opportunity", "contact", "role", "is_primary"]
    list_display = ("contact", "opportunity", "role", "is_primary")
    list_select_related = ("opportunity", "contact")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "contact" and field is not None:
            prefill = self.prefilled_parent(request)
            if prefill is not None:
                # Active contacts of the opportunity's account only.
                account_id = prefill[1].account_id
                field.queryset = field.queryset.filter(account_id=account_id, is_active=True)
        return field


def _row_links(request, parent, row) -> list[tuple[str, str]]:
    if parent.is_closed or not request.user.has_perm("crm.change_opportunity"):
        return []
    meta = row._meta
    edit = reverse(f"admin:crm_{meta.model_name}_change", args=[row.pk]) + "?edit=1"
    remove = reverse(f"admin:crm_{meta.model_name}_remove_detail", args=[row.pk])
    return [("Edit", edit), ("Remove", remove)]


def products_related_list() -> RelatedList:
    return RelatedList(
        key="products",
        title="Products",
        icon="inventory_2",
        color="#3BA755",
        rows=opportunity_line_items,
        parent_field="opportunity",
        limit=50,
        new_label="New Product",
        columns=(
            Column("Product", "product.name"),
            Column("Quantity", "quantity"),
            Column("Sale price", "sale_price"),
            Column(
                "Total",
                lambda line: Money(
                    line.quantity * line.sale_price.amount, line.sale_price.currency
                ),
            ),
        ),
        row_actions=_row_links,
        is_inactive=lambda line: not line.product.is_active,
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
        row_actions=_row_links,
    )
