"""A record number in a list's search box finds that record, and the records of an account
whose name holds the text — as two index lookups, never an OR across the account join (which
made PostgreSQL read every row: 57 ms on the SPEC §10 invoices)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import Account
from crm.tests.factories_billing import ContractFactory, InvoiceFactory, OrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "factory"),
    [("invoice", InvoiceFactory), ("order", OrderFactory), ("contract", ContractFactory)],
)
def test_a_number_finds_its_record_and_accounts_named_like_it(crm_admin_client, model, factory):
    wanted, _other, named = factory(), factory(), factory()
    Account.objects.filter(pk=named.account_id).update(name=f"Studio {wanted.number} Ltd")
    url = reverse(f"admin:crm_{model}_changelist")
    for term in (wanted.number, wanted.number.lower(), f" {wanted.number} "):
        with CaptureQueriesContext(connection) as queries:
            found = crm_admin_client.get(url, {"view": "all", "q": term}).context["cl"]
        assert {r.pk for r in found.result_list} == {wanted.pk, named.pk}, term
        rows = [q["sql"] for q in queries if f'FROM "crm_{model}"' in q["sql"]]
        assert rows and not any("UPPER" in sql and " OR " in sql for sql in rows), rows


def test_a_plain_term_is_the_lists_own_search(crm_admin_client):
    invoice, _other = InvoiceFactory(), InvoiceFactory()
    Account.objects.filter(pk=invoice.account_id).update(name="Quillfeather Cafe")
    url = reverse("admin:crm_invoice_changelist")
    found = crm_admin_client.get(url, {"view": "all", "q": "Quillfeather"}).context["cl"]
    assert [r.pk for r in found.result_list] == [invoice.pk]
