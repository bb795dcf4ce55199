"""Read queries for the account and contact pages: each returns a queryset with its joins
done, so a related list costs one COUNT and one SELECT whatever the number of rows."""

from django.db.models import QuerySet

from crm.models import Account, Attachment, Contact


def account_contacts(account: Account) -> QuerySet[Contact]:
    """The account's active contacts (its Contacts card): a deactivated contact leaves the
    card (issue 24); "View all" still lists every contact, inactive ones badged."""
    return (
        Contact.objects.filter(account=account, is_active=True)
        .select_related("owner")
        .order_by("last_name", "first_name", "pk")
    )


def child_accounts(account: Account) -> QuerySet[Account]:
    return (
        Account.objects.filter(parent=account)
        .select_related("owner")
        .order_by("-is_active", "name", "pk")
    )


def direct_reports(contact: Contact) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(reports_to=contact)
        .select_related("owner")
        .order_by("-is_active", "last_name", "first_name", "pk")
    )


def record_attachments(record) -> QuerySet[Attachment]:
    return Attachment.objects.for_record(record).select_related("uploaded_by")


def billing_contact_choices(account_id: int | None) -> QuerySet[Contact]:
    """The contacts the account's billing contact may be chosen from: its own, by name (the
    form offers the active ones plus the current choice)."""
    return Contact.objects.filter(account_id=account_id).order_by("last_name", "first_name", "pk")
