"""Factories of users, accounts, contacts, products, opportunities, leads and campaigns
(re-exported, with the other areas', by ``crm.tests.factories``)."""

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


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A personal API token, issued by the service (knox makes the digest and key)."""

    class Meta:
        model = "crm.ApiToken"

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Script {n}")

    @classmethod
    def _create(cls, model_class, *, user, name, days=None, **kwargs):
        from crm.services.api_tokens import issue_token

        token, _ = issue_token(user=user, name=name, days=days)
        return token


class CompanyInformationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.CompanyInformation"

    legal_name = "Northwind Digital Studio Ltd"
    address = "12 Canal Street\nManchester M1 3HE"
