"""factory-boy factories for the CRM models; every later area adds its own here."""

import factory

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
