"""CSV / XLSX import-export resources (SPEC §7).

Files speak the user's language: headers are field labels ("Account Name", "Billing City"),
picklists are exported as labels and imported as label or code in any case, and links are
natural keys — account by name, contact by email, owner by email — so an exported file
re-imports cleanly. Rows are matched case-insensitively on the natural key and updated, never
duplicated. Business rules are the models' own (``clean_model_instances``)."""

import re

from django.core.exceptions import ValidationError
from import_export import resources, widgets
from import_export.fields import Field

from crm.models import Account, AccountType, Contact, Industry, LeadSource, Salutation, User

UNKNOWN_ACCOUNT = "Account '{name}' does not exist."
AMBIGUOUS_ACCOUNT = "Several accounts are named '{name}'; rename them so the name is unique."
UNKNOWN_CONTACT = "Contact '{email}' does not exist."
UNKNOWN_OWNER = "No active user has the email address '{email}'."
INVALID_CHOICE = "'{value}' is not a valid {noun}. Use one of: {labels}."


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheet cells turn phone numbers into floats
    return str(value).strip()


def _header_key(header) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").casefold())


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(TextWidget):
    """Exports the label ("Customer"); imports the label or the code, in any case."""

    def __init__(self, choices, noun: str):
        super().__init__()
        self.choices = [(code, str(label)) for code, label in choices]
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return ""
        key = text.casefold()
        for code, label in self.choices:
            if key in (code.casefold(), label.casefold()):
                return code
        labels = ", ".join(label for _, label in self.choices)
        raise ValueError(INVALID_CHOICE.format(value=text, noun=self.noun, labels=labels))

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class YesNoWidget(TextWidget):
    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


class AccountNameWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        if not name:
            return None
        matches = list(Account.objects.named(name).order_by("pk")[:2])
        if not matches:
            raise ValueError(UNKNOWN_ACCOUNT.format(name=name))
        if len(matches) > 1:
            raise ValueError(AMBIGUOUS_ACCOUNT.format(name=name))
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class ContactEmailWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        email = _text(value)
        if not email:
            return None
        contact = Contact.objects.with_email(email).first()
        if contact is None:
            raise ValueError(UNKNOWN_CONTACT.format(email=email))
        return contact

    def render(self, value, obj=None, **kwargs):
        return value.email if value is not None else ""


class OwnerWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        email = _text(value).lower()
        owner = User.objects.filter(email=email, is_active=True).first()
        if owner is None:
            raise ValueError(UNKNOWN_OWNER.format(email=email))
        return owner

    def render(self, value, obj=None, **kwargs):
        return value.email if value is not None else ""


def column(model, name: str, widget=None, **kwargs) -> Field:
    """A resource field headed by the model field's label, e.g. "Billing Zip/Postal Code"."""
    header = str(model._meta.get_field(name).verbose_name).title()
    return Field(attribute=name, column_name=header, widget=widget or TextWidget(), **kwargs)


def hierarchy_first(records: list, field: str) -> list:
    """Records sorted so that a parent (manager) comes before the rows that point at it, so
    an exported file re-imports into an empty database in one pass."""
    by_id = {record.pk: record for record in records}

    def depth(record) -> int:
        level, seen = 0, {record.pk}
        while (parent_id := getattr(record, f"{field}_id")) in by_id and parent_id not in seen:
            seen.add(parent_id)
            record, level = by_id[parent_id], level + 1
        return level

    return sorted(records, key=depth)


class CRMResource(resources.ModelResource):
    """Owner by email (blank → unchanged, or the importing user for new rows), an export-only
    Active column, forgiving headers, history attributed to the importing user."""

    hierarchy_field: str | None = None
    export_related: tuple[str, ...] = ()

    def before_import(self, dataset, **kwargs):
        aliases = {}
        for name, field in self.fields.items():
            for alias in (name, field.attribute, field.column_name):
                aliases[_header_key(alias)] = field.column_name
        dataset.headers = [aliases.get(_header_key(h), h) for h in dataset.headers]
        while len(dataset) and not any(_text(cell) for cell in dataset[-1]):
            del dataset[-1]  # spreadsheets often carry empty trailing rows

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "owner" and not _text(row.get(field.column_name)):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if instance.owner_id is None and kwargs.get("user") is not None:
                instance.owner = kwargs["user"]

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = kwargs.get("user")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.export_related)

    def iter_queryset(self, queryset):
        records = list(super().iter_queryset(queryset))
        if self.hierarchy_field:
            records = hierarchy_first(records, self.hierarchy_field)
        yield from records


class AccountResource(CRMResource):
    name = column(Account, "name")
    type = column(Account, "type", ChoiceWidget(AccountType.choices, "account type"))
    industry = column(Account, "industry", ChoiceWidget(Industry.choices, "industry"))
    phone = column(Account, "phone")
    website = column(Account, "website")
    parent = column(Account, "parent", AccountNameWidget())
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
    owner = Field(attribute="owner", column_name="Owner Email", widget=OwnerWidget())
    is_active = Field(
        attribute="is_active", column_name="Active", widget=YesNoWidget(), readonly=True
    )

    hierarchy_field = "parent"
    export_related = ("parent", "owner")

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

    def get_instance(self, instance_loader, row):
        name = _text(row.get(self.fields["name"].column_name))
        if not name:
            return None
        matches = list(Account.objects.named(name).order_by("pk")[:2])
        if len(matches) > 1:
            raise ValidationError(AMBIGUOUS_ACCOUNT.format(name=name))
        return matches[0] if matches else None


class ContactResource(CRMResource):
    salutation = column(Contact, "salutation", ChoiceWidget(Salutation.choices, "salutation"))
    first_name = column(Contact, "first_name")
    last_name = column(Contact, "last_name")
    account = Field(attribute="account", column_name="Account Name", widget=AccountNameWidget())
    title = column(Contact, "title")
    department = column(Contact, "department")
    email = column(Contact, "email")
    phone = column(Contact, "phone")
    mobile = column(Contact, "mobile")
    reports_to = Field(
        attribute="reports_to", column_name="Reports To Email", widget=ContactEmailWidget()
    )
    lead_source = column(Contact, "lead_source", ChoiceWidget(LeadSource.choices, "lead source"))
    description = column(Contact, "description")
    mailing_street = column(Contact, "mailing_street")
    mailing_city = column(Contact, "mailing_city")
    mailing_state = column(Contact, "mailing_state")
    mailing_postal_code = column(Contact, "mailing_postal_code")
    mailing_country = column(Contact, "mailing_country")
    owner = Field(attribute="owner", column_name="Owner Email", widget=OwnerWidget())
    is_active = Field(
        attribute="is_active", column_name="Active", widget=YesNoWidget(), readonly=True
    )

    hierarchy_field = "reports_to"
    export_related = ("account", "reports_to", "owner")

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

    def get_instance(self, instance_loader, row):
        """By email; a contact without one is matched by name within its account."""
        email = _text(row.get(self.fields["email"].column_name))
        if email:
            return Contact.objects.with_email(email).first()
        last_name = _text(row.get(self.fields["last_name"].column_name))
        account = _text(row.get(self.fields["account"].column_name))
        if not (last_name and account):
            return None
        matches = list(
            Contact.objects.filter(
                first_name__iexact=_text(row.get(self.fields["first_name"].column_name)),
                last_name__iexact=last_name,
                account__name__iexact=account,
                email="",
            )[:2]
        )
        return matches[0] if len(matches) == 1 else None
