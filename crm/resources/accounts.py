"""Accounts (keyed on name) and contacts (keyed on email; without one, on name within the
account)."""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from crm.models import Account, AccountType, Contact, Industry, LeadSource, Salutation
from crm.resources.base import CRMResource
from crm.resources.bulk import BULK_BATCH
from crm.resources.widgets import (
    ChoiceWidget,
    NaturalKeyWidget,
    active_column,
    column,
    owner_column,
    text,
)


def account_by_name() -> NaturalKeyWidget:
    return NaturalKeyWidget(Account, "name", "Account")


def contact_by_email() -> NaturalKeyWidget:
    return NaturalKeyWidget(Contact, "email", "Contact", unique=False)


class AccountResource(CRMResource):
    name = column(Account, "name")
    type = column(Account, "type", ChoiceWidget(AccountType.choices, "account type"))
    industry = column(Account, "industry", ChoiceWidget(Industry.choices, "industry"))
    phone = column(Account, "phone")
    website = column(Account, "website")
    parent = column(Account, "parent", account_by_name())
    description = column(Account, "description")
    billing_street = column(Account, "billing_street")
    billing_city = column(Account, "billing_city")
    billing_state = column(Account, "billing_state")
    billing_postal_code = column(Account, "billing_postal_code")
    billing_country = column(Account, "billing_country")
    shipping_street = column(Account, "shipping_street")
    shipping_city = column(Account, "shipping_city")
    shipping_state = column(Account, "shipping_state")
    shipping_postal_code = column(Account, "shipping_postal_code")
    shipping_country = column(Account, "shipping_country")
    owner = owner_column()
    is_active = active_column()

    hierarchy_field = "parent"
    export_related = ("parent", "owner")
    natural_key = ("name",)
    natural_key_noun = "account name"

    class Meta:
        model = Account
        name = "Accounts"
        fields = (
            "name", "type", "industry", "phone", "website", "parent", "description",
            "billing_street", "billing_city", "billing_state", "billing_postal_code",
            "billing_country", "shipping_street", "shipping_city", "shipping_state",
            "shipping_postal_code", "shipping_country", "owner", "is_active",
        )  # fmt: skip
        import_id_fields = ("name",)
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_bulk = True  # see crm.resources.bulk
        batch_size = BULK_BATCH

    def get_instance(self, instance_loader, row):
        name = text(row.get(self.fields["name"].column_name))
        if not name:
            return None
        try:
            return account_by_name().find(name)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class ContactResource(CRMResource):
    salutation = column(Contact, "salutation", ChoiceWidget(Salutation.choices, "salutation"))
    first_name = column(Contact, "first_name")
    last_name = column(Contact, "last_name")
    account = Field(attribute="account", column_name="Account Name", widget=account_by_name())
    title = column(Contact, "title")
    department = column(Contact, "department")
    email = column(Contact, "email")
    phone = column(Contact, "phone")
    mobile = column(Contact, "mobile")
    reports_to = Field(
        attribute="reports_to", column_name="Reports To Email", widget=contact_by_email()
    )
    lead_source = column(Contact, "lead_source", ChoiceWidget(LeadSource.choices, "lead source"))
    description = column(Contact, "description")
    mailing_street = column(Contact, "mailing_street")
    mailing_city = column(Contact, "mailing_city")
    mailing_state = column(Contact, "mailing_state")
    mailing_postal_code = column(Contact, "mailing_postal_code")
    mailing_country = column(Contact, "mailing_country")
    owner = owner_column()
    is_active = active_column()

    hierarchy_field = "reports_to"
    export_related = ("account", "reports_to", "owner")
    natural_key = ("email",)
    natural_key_noun = "email"

    class Meta:
        model = Contact
        name = "Contacts"
        fields = (
            "salutation", "first_name", "last_name", "account", "title", "department", "email",
            "phone", "mobile", "reports_to", "lead_source", "description", "mailing_street",
            "mailing_city", "mailing_state", "mailing_postal_code", "mailing_country", "owner",
            "is_active",
        )  # fmt: skip
        import_id_fields = ("email",)
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_bulk = True  # see crm.resources.bulk
        batch_size = BULK_BATCH

    def row_key(self, row):
        """The email; without one, the name within the account (what ``get_instance``
        matches on)."""
        key = super().row_key(row)
        if key is not None:
            return key
        parts = [
            " ".join(text(row.get(self.fields[name].column_name)).casefold().split())
            for name in ("first_name", "last_name", "account")
        ]
        return ("name", *parts) if parts[1] and parts[2] else None

    def key_noun(self, key: tuple) -> str:
        return "name and account" if key[0] == "name" else self.natural_key_noun

    def shown_key(self, row) -> str:
        email = text(row.get(self.fields["email"].column_name))
        if email:
            return email
        names = ("first_name", "last_name", "account")
        first, last, account = (text(row.get(self.fields[name].column_name)) for name in names)
        return f"{first} {last}".strip() + f" / {account}"

    def get_instance(self, instance_loader, row):
        """By email; a contact without one is matched by name within its account."""
        email = text(row.get(self.fields["email"].column_name))
        if email:
            return Contact.objects.with_email(email).first()
        last_name = text(row.get(self.fields["last_name"].column_name))
        account = text(row.get(self.fields["account"].column_name))
        if not (last_name and account):
            return None
        matches = list(
            Contact.objects.filter(
                first_name__iexact=text(row.get(self.fields["first_name"].column_name)),
                last_name__iexact=last_name,
                account__name__iexact=account,
                email="",
            )[:2]
        )
        return matches[0] if len(matches) == 1 else None
