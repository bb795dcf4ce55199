"""Fixtures and form-data builders for the account / contact tests."""

import pytest

from crm.tests.factories import AccountFactory, ContactFactory

ADDRESS = ("street", "city", "state", "postal_code", "country")


def account_form(account=None, **overrides) -> dict:
    """POST data of the account admin form (for ``account`` when editing)."""
    data = {
        "name": "",
        "owner": "",
        "parent": "",
        "type": "",
        "industry": "",
        "phone": "",
        "website": "",
        "description": "",
        **{f"{prefix}_{part}": "" for prefix in ("billing", "shipping") for part in ADDRESS},
    }
    if account is not None:
        for name in list(data):
            value = getattr(account, f"{name}_id" if name in ("owner", "parent") else name)
            data[name] = "" if value is None else value
        data["version"] = account.version
    data.update(overrides)
    return data


def contact_form(contact=None, **overrides) -> dict:
    data = {
        "salutation": "",
        "first_name": "",
        "last_name": "",
        "account": "",
        "title": "",
        "department": "",
        "reports_to": "",
        "lead_source": "",
        "owner": "",
        "email": "",
        "phone": "",
        "mobile": "",
        "description": "",
        **{f"mailing_{part}": "" for part in ADDRESS},
    }
    if contact is not None:
        for name in list(data):
            fk = name in ("owner", "account", "reports_to")
            value = getattr(contact, f"{name}_id" if fk else name)
            data[name] = "" if value is None else value
        data["version"] = contact.version
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def account(sales_user):
    return AccountFactory(name="Brightside Bakery", owner=sales_user, website="brightside.example")


@pytest.fixture
def contact(account):
    return ContactFactory(
        first_name="Nia", last_name="Obi", email="nia@brightside.example", account=account
    )
