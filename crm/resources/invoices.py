"""Export (never import: invoices are issued by the services) of the invoice list: what the
filtered list shows, money as plain amounts with a Currency column, the status as its label."""

from import_export import resources
from import_export.fields import Field

from crm.models.invoices import Invoice
from crm.resources.billing import _amount


class InvoiceResource(resources.ModelResource):
    number = Field(column_name="Invoice Number")
    account = Field(column_name="Account Name")
    order = Field(column_name="Order Number")
    contract = Field(column_name="Contract Number")
    service_period_start = Field(
        attribute="service_period_start", column_name="Service Period Start"
    )
    service_period_end = Field(attribute="service_period_end", column_name="Service Period End")
    issue_date = Field(attribute="issue_date", column_name="Issue Date")
    due_date = Field(attribute="due_date", column_name="Due Date")
    status = Field(column_name="Status")
    total = Field(column_name="Total")
    amount_paid = Field(column_name="Paid")
    balance_due = Field(column_name="Balance Due")
    currency = Field(attribute="currency", column_name="Currency")

    class Meta:
        model = Invoice
        name = "Invoices"
        fields = (
            "number", "account", "order", "contract", "service_period_start",
            "service_period_end", "issue_date", "due_date", "status", "total", "amount_paid",
            "balance_due", "currency",
        )  # fmt: skip

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        if "balance_due" not in queryset.query.annotations:
            queryset = queryset.with_amounts()
        return queryset.select_related("account", "order", "contract")

    def dehydrate_number(self, invoice):
        return invoice.number

    def dehydrate_account(self, invoice):
        return invoice.account.name

    def dehydrate_order(self, invoice):
        return invoice.order.number if invoice.order_id else ""

    def dehydrate_contract(self, invoice):
        return invoice.contract.number if invoice.contract_id else ""

    def dehydrate_status(self, invoice):
        return invoice.get_status_display()

    def dehydrate_total(self, invoice):
        return _amount(invoice.total)

    def dehydrate_amount_paid(self, invoice):
        return _amount(invoice.amount_paid)

    def dehydrate_balance_due(self, invoice):
        return _amount(invoice.balance_due)
