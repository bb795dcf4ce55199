"""Helpers for the import / export tests: build a file, preview it, confirm it."""

import csv
import io

import pytest
from django.urls import reverse

from crm.tests.factories import AccountFactory, CampaignFactory, ContactFactory, LeadFactory


def csv_file(rows, header, name="import.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    upload = io.BytesIO(buffer.getvalue().encode())
    upload.name = name
    return upload


def preview(client, model: str, upload, fmt: int = 0):
    return client.post(
        reverse(f"admin:crm_{model}_import"), {"import_file": upload, "format": str(fmt)}
    )


def confirm(client, model: str, response):
    form = response.context["confirm_form"]
    return client.post(reverse(f"admin:crm_{model}_process_import"), form.initial, follow=True)


def body(response) -> bytes:
    """The bytes of a plain or streamed response."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def errors_by_row(result) -> dict[int, dict[str, list[str]]]:
    """Row number → {column label: messages} of every invalid row of a result."""
    return {row.number: row.error_dict for row in result.invalid_rows}


@pytest.fixture
def account(sales_user):
    return AccountFactory(name="Brightside Bakery", owner=sales_user, website="brightside.example")


@pytest.fixture
def contact(account):
    return ContactFactory(
        first_name="Nia", last_name="Obi", email="nia@brightside.example", account=account
    )


@pytest.fixture
def campaign(sales_user):
    return CampaignFactory(name="Spring Webinar", owner=sales_user)


@pytest.fixture
def lead(sales_user, campaign):
    from crm.models import Lead, LeadStatus

    lead = LeadFactory(
        first_name="Nia",
        last_name="Obi",
        company="Brightside Bakery",
        email="nia@brightside.example",
        lead_source="referral",
        address_city="Denver",
        campaign=campaign,
        owner=sales_user,
    )
    Lead.objects.filter(pk=lead.pk).update(status=LeadStatus.QUALIFIED)
    lead.refresh_from_db()
    return lead
