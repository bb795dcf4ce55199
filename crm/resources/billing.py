"""Export (never import) of the order and payment lists (SPEC §7): what the filtered list
shows, money as plain amounts with a Currency column, picklists as labels."""

from import_export import resources
from import_export.fields import Field

from crm.models import Order, Payment


def _amount(value) -> str:
    amount = getattr(value, "amount", value)
    return "" if amount is None else f"{amount:.2f}"


def _email(user) -> str:
    return user.email if user is not None else ""


class OrderResource(resources.ModelResource):
    number = Field(column_name="Order Number")
    account = Field(column_name="Account Name")
    order_date = Field(attribute="order_date", column_name="Order Date")
    status = Field(column_name="Status")
    total = Field(column_name="Total")
    amount_paid = Field(column_name="Paid")
    balance_due = Field(column_name="Balance Due")
    currency = Field(attribute="currency", column_name="Currency")
    owner = Field(column_name="Owner Email")

    class Meta:
        model = Order
        name = "Orders"
        fields = (
            "number", "account", "order_date", "status", "total", "amount_paid",
            "balance_due", "currency", "owner",
        )  # fmt: skip

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        if "total" not in queryset.query.annotations:
            queryset = queryset.with_totals()
        return queryset.select_related("account", "owner")

    def dehydrate_number(self, order):
        return order.number

    def dehydrate_account(self, order):
        return order.account.name

    def dehydrate_status(self, order):
        return order.get_status_display()

    def dehydrate_total(self, order):
        return _amount(order.total)

    def dehydrate_amount_paid(self, order):
        return _amount(order.amount_paid)

    def dehydrate_balance_due(self, order):
        return _amount(order.balance_due)

    def dehydrate_owner(self, order):
        return _email(order.owner)


class PaymentResource(resources.ModelResource):
    payment_date = Field(attribute="payment_date", column_name="Payment Date")
    amount = Field(column_name="Amount")
    currency = Field(attribute="amount_currency", column_name="Currency")
    payment_method = Field(column_name="Payment Method")
    status = Field(column_name="Status")
    order = Field(column_name="Order Number")
    contract = Field(column_name="Contract Number")
    account = Field(column_name="Account Name")
    transaction_id = Field(attribute="transaction_id", column_name="Transaction ID")
    service_period_start = Field(
        attribute="service_period_start", column_name="Service Period Start"
    )
    service_period_end = Field(attribute="service_period_end", column_name="Service Period End")
    notes = Field(attribute="notes", column_name="Notes")

    class Meta:
        model = Payment
        name = "Payments"
        fields = (
            "payment_date", "amount", "currency", "payment_method", "status", "order",
            "contract", "account", "transaction_id", "service_period_start",
            "service_period_end", "notes",
        )  # fmt: skip

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("order__account", "contract__account")
        )

    def dehydrate_amount(self, payment):
        return _amount(payment.amount)

    def dehydrate_payment_method(self, payment):
        return payment.get_payment_method_display()

    def dehydrate_status(self, payment):
        return payment.get_status_display()

    def dehydrate_order(self, payment):
        return payment.order.number if payment.order_id else ""

    def dehydrate_contract(self, payment):
        return payment.contract.number if payment.contract_id else ""

    def dehydrate_account(self, payment):
        account = payment.account
        return account.name if account is not None else ""
