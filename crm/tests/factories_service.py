"""Factories of cases, solutions, articles and activities (re-exported by
``crm.tests.factories``)."""

import datetime

import factory
from django.utils import timezone

from crm.tests.factories_sales import (
    AccountFactory,
    ContactFactory,
    UserFactory,
)


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


class EmailMessageFactory(factory.django.DjangoModelFactory):
    """An email in the outbox, as queue_email records it (queued, with its Email activity)."""

    class Meta:
        model = "crm.EmailMessage"

    to_addresses = "client@example.com"
    subject = factory.Sequence(lambda n: f"Hello {n}")
    body = "Hi,\n\nThanks for your time."
    activity = factory.SubFactory(
        TaskFactory,
        task_subtype="email",
        status="completed",
        subject=factory.LazyAttribute(lambda o: f"Email: {o.factory_parent.subject}"),
    )
