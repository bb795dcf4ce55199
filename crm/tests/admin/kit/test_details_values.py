"""The Details tab reads like Lightning: people link to their user card (never the admin-only
user form), email / phone / website are links, one empty mark ("—"), and System information
says who created and last modified the record — from its history, in one query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.admin.kit.system_info import authors
from crm.models import Account
from crm.services.records import save_record
from crm.tests.factories import AccountFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def _details(client, record) -> str:
    response = client.get(f"/crm/{record._meta.model_name}/{record.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    return body[body.index('id="content-main"') :]


def test_people_link_to_their_card_and_contact_values_are_links(sales_client, sales_user):
    contact = ContactFactory(account__owner=sales_user, phone="(555) 010-2000")
    body = _details(sales_client, contact)
    assert f'href="/crm/user/{sales_user.pk}/card/"' in body
    assert "/crm/user/" not in body.replace(f"/crm/user/{sales_user.pk}/card/", "")
    assert f'href="mailto:{contact.email}"' in body
    assert 'href="tel:5550102000"' in body


def test_website_opens_the_site_and_empty_values_show_one_mark(sales_client, sales_user):
    account = AccountFactory(owner=sales_user, website="brightside.example", billing_street="")
    body = _details(sales_client, account)
    assert 'href="https://brightside.example" target="_blank"' in body
    assert re.search(r'class="readonly[^"]*"[^>]*>\s*—\s*</div>', body)
    assert not re.search(r'class="readonly[^"]*"[^>]*>\s*-\s*</div>', body)


def test_system_information_names_who_created_and_last_modified(sales_client, crm_admin):
    maker, editor = UserFactory(first_name="Ana", last_name="Ruiz"), crm_admin
    account = save_record(Account(name="Brightside Bakery", owner=maker), user=maker)
    account.phone = "(555) 010-9999"
    save_record(account, user=editor)
    body = _details(sales_client, Account.objects.get(pk=account.pk))
    created = body[body.index("Created by") :]
    assert re.search(rf'href="/crm/user/{maker.pk}/card/">Ana Ruiz</a>, ', created)
    modified = body[body.index("Last modified by") :]
    assert re.search(rf'href="/crm/user/{editor.pk}/card/">Ada Admin</a>, ', modified)
    assert "Created by" not in _add_form(sales_client)


def _add_form(client) -> str:
    return client.get("/crm/account/add/").content.decode()


def test_both_authors_cost_one_query_however_long_the_history(crm_admin):
    account = save_record(Account(name="Long history", owner=crm_admin), user=crm_admin)
    for number in range(12):
        account.phone = f"(555) 010-{number:04d}"
        save_record(account, user=UserFactory())
    record = Account.objects.get(pk=account.pk)
    with CaptureQueriesContext(connection) as queries:
        found = authors(record)
        assert authors(record) is found  # kept on the record for the second field
    assert len(queries) == 1
    assert found.created_by.history_user == crm_admin
    assert found.last_modified_by.history_user != crm_admin


def test_the_record_page_reads_the_history_a_fixed_number_of_times(sales_client, sales_user):
    def history_queries(record) -> int:
        with CaptureQueriesContext(connection) as queries:
            _details(sales_client, record)
        return sum("historicalaccount" in q["sql"].lower() for q in queries.captured_queries)

    short = save_record(Account(name="Short", owner=sales_user), user=sales_user)
    long = save_record(Account(name="Long", owner=sales_user), user=sales_user)
    for number in range(10):
        long.phone = f"(555) 020-{number:04d}"
        save_record(long, user=sales_user)
    assert history_queries(short) == history_queries(long) <= 2
