"""factory-boy factories for the CRM models; every later area adds its own here."""

import datetime
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from djmoney.money import Money

from crm.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@agency.example")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.USER
    password = factory.django.Password("Correct-Horse-42")


class AdminUserFactory(UserFactory):
    role = Role.ADMIN


class TicketFactory(factory.django.DjangoModelFactory):
    """Test-only FSM model (crm.tests.pathapp) used to exercise the shared mechanics."""

    class Meta:
        model = "pathapp.Ticket"

    title = factory.Sequence(lambda n: f"Ticket {n}")
    owner = factory.SubFactory(UserFactory)


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Account"

    name = factory.Sequence(lambda n: f"Client Company {n}")
    type = "customer"
    industry = "technology"
    phone = factory.Sequence(lambda n: f"(555) 010-{n:04d}")
    website = factory.Sequence(lambda n: f"client{n}.example")
    billing_city = "Denver"
    owner = factory.SubFactory(UserFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Contact"

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"contact{n}@client.example")
    title = "Marketing Lead"
    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Attachment"
        exclude = ["record"]

    record = factory.SubFactory(AccountFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.record))
    object_id = factory.SelfAttribute("record.pk")
    file = factory.django.FileField(filename="brief.pdf", data=b"%PDF-1.4 brief")
    original_filename = "brief.pdf"
    mime_type = "application/pdf"
    size = 14
    uploaded_by = factory.SelfAttribute("record.owner")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Product"

    name = factory.Sequence(lambda n: f"Service {n}")
    product_code = factory.Sequence(lambda n: f"SVC-{n:04d}")
    family = "website"
    standard_list_price = Money("1000.00", "USD")
    owner = factory.SubFactory(UserFactory)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Opportunity"

    name = factory.Sequence(lambda n: f"Website deal {n}")
    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")
    close_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    currency = "USD"


class LineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.OpportunityLineItem"

    opportunity = factory.SubFactory(OpportunityFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = Decimal("1")
    sale_price = Money("1000.00", "USD")


class ContactRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.OpportunityContactRole"

    opportunity = factory.SubFactory(OpportunityFactory)
    contact = factory.SubFactory(
        ContactFactory, account=factory.SelfAttribute("..opportunity.account")
    )
    role = "decision_maker"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Campaign"

    name = factory.Sequence(lambda n: f"Spring Webinar {n}")
    type = "webinar"
    start_date = factory.LazyFunction(timezone.localdate)
    budgeted_cost = Money("2000.00", "USD")
    actual_cost = Money("1000.00", "USD")
    expected_revenue = Money("5000.00", "USD")
    owner = factory.SubFactory(UserFactory)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Lead"

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    company = factory.Sequence(lambda n: f"Prospect Company {n}")
    title = "Owner"
    email = factory.Sequence(lambda n: f"lead{n}@prospect.example")
    phone = factory.Sequence(lambda n: f"(555) 020-{n:04d}")
    lead_source = "web"
    industry = "retail"
    address_city = "Boulder"
    owner = factory.SubFactory(UserFactory)


class CampaignMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.CampaignMember"

    campaign = factory.SubFactory(CampaignFactory)
    lead = factory.SubFactory(LeadFactory)
    status = "sent"


class QuoteFactory(factory.django.DjangoModelFactory):
    """A draft quote of an opportunity with one line (so it can be presented)."""

    class Meta:
        model = "crm.Quote"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Website quote {n}")
    opportunity = factory.SubFactory(OpportunityFactory)
    account = factory.SelfAttribute("opportunity.account")
    owner = factory.SelfAttribute("opportunity.owner")
    currency = "USD"
    expiration_date = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )
    line = factory.RelatedFactory("crm.tests.factories.QuoteLineItemFactory", "quote")


class QuoteLineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.QuoteLineItem"

    quote = factory.SubFactory(QuoteFactory, line=None)
    product = factory.SubFactory(ProductFactory)
    quantity = Decimal("1")
    sale_price = Money("1000.00", "USD")


class OrderFactory(factory.django.DjangoModelFactory):
    """An order made the only way orders are made: ``generate_order`` on a won deal with
    ``lines`` product lines (1 000.00 each), generated by its owner."""

    class Meta:
        model = "crm.Order"

    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, owner=None, lines=1, **kwargs):
        from crm.models import Opportunity, Stage
        from crm.services.opportunities import generate_order

        opportunity = OpportunityFactory(owner=owner, account__owner=owner)
        LineItemFactory.create_batch(lines, opportunity=opportunity)
        Opportunity.objects.filter(pk=opportunity.pk).update(
            stage=Stage.CLOSED_WON, probability=100
        )
        return generate_order(Opportunity.objects.get(pk=opportunity.pk), user=owner)


class PaymentFactory(factory.django.DjangoModelFactory):
    """A completed payment logged by an admin through ``log_payment`` (owner set after)."""

    class Meta:
        model = "crm.Payment"

    owner = factory.SubFactory(UserFactory)
    order = factory.SubFactory(OrderFactory, owner=factory.SelfAttribute("..owner"))

    @classmethod
    def _create(cls, model_class, *args, owner=None, order=None, amount="400.00", **kwargs):
        from crm.services.payments import log_payment

        payment = log_payment(
            user=AdminUserFactory(),
            order=order,
            amount=amount,
            payment_date=kwargs.pop("payment_date", timezone.localdate()),
            payment_method=kwargs.pop("payment_method", "bank_transfer"),
            **kwargs,
        )
        model_class.objects.filter(pk=payment.pk).update(owner=owner)
        return model_class.objects.get(pk=payment.pk)


class ContractFactory(factory.django.DjangoModelFactory):
    """A retainer contract made through ``create_contract`` with ``lines`` retainer lines at
    ``price`` per cycle each, activated unless ``status="draft"``."""

    class Meta:
        model = "crm.Contract"

    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, owner=None, account=None, lines=1, **kwargs):
        from crm.services.contracts import NewLine, activate_contract, create_contract

        account = account or AccountFactory(owner=owner)
        currency = kwargs.pop("currency", "USD")
        price = Money(kwargs.pop("price", "1000.00"), currency)
        status = kwargs.pop("status", "activated")
        products = [ProductFactory(is_retainer_product=True) for _ in range(lines)]
        contract = create_contract(
            user=AdminUserFactory(),
            account=account,
            start_date=kwargs.pop("start_date", timezone.localdate().replace(day=1)),
            currency=currency,
            lines=[NewLine(product, Decimal("1"), price) for product in products],
            owner=owner,
            **kwargs,
        )
        if status != "draft":
            activate_contract(contract, user=contract.owner)
        return model_class.objects.get(pk=contract.pk)


class ContractLineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.ContractLineItem"

    contract = factory.SubFactory(ContractFactory, status="draft")
    product = factory.SubFactory(ProductFactory, is_retainer_product=True)
    quantity = Decimal("1")
    price_per_cycle = Money("500.00", "USD")


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Asset"

    name = factory.Sequence(lambda n: f"Website build {n}")
    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")
    quantity = Decimal("1")
    status = "purchased"
    purchase_date = factory.LazyFunction(timezone.localdate)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Case"

    subject = factory.Sequence(lambda n: f"Contact form stopped sending email {n}")
    account = factory.SubFactory(AccountFactory)
    contact = factory.SubFactory(ContactFactory, account=factory.SelfAttribute("..account"))
    owner = factory.SelfAttribute("account.owner")
    priority = "medium"
    origin = "email"
    type = "problem"


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Solution"

    title = factory.Sequence(lambda n: f"Re-authorise the SMTP plugin {n}")
    details = "Generate a new app password and paste it into the SMTP plugin settings."
    owner = factory.SubFactory(UserFactory)


class KnowledgeArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.KnowledgeArticle"

    title = factory.Sequence(lambda n: f"How to point your domain at our servers {n}")
    summary = "The DNS records to change at your registrar, and how long it takes."
    body = "## Steps\n\n1. Sign in to your registrar.\n2. Change the **A record**."
    owner = factory.SubFactory(UserFactory)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Activity"

    type = "task"
    subject = factory.Sequence(lambda n: f"Follow up {n}")
    status = "not_started"
    priority = "normal"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))
    owner = factory.SubFactory(UserFactory)
    assigned_to = factory.SelfAttribute("owner")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Activity"

    type = "event"
    subject = factory.Sequence(lambda n: f"Meeting {n}")
    start_time = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    end_time = factory.LazyAttribute(lambda o: o.start_time + datetime.timedelta(hours=1))
    owner = factory.SubFactory(UserFactory)
    assigned_to = factory.SelfAttribute("owner")


def factory_for_model() -> dict:
    """Model class → the first factory in this module that builds it (for smoke tests)."""
    found = {}
    for candidate in list(globals().values()):
        if (
            isinstance(candidate, type)
            and issubclass(candidate, factory.django.DjangoModelFactory)
            and candidate._meta.model is not None
        ):
            found.setdefault(candidate._meta.get_model_class(), candidate)
    return found
