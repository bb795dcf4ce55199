"""The same Log Payment / Generate Order / Generate Contract page submitted twice records once
(crm.admin.kit.once): the second answer says "This was already done: …" and goes to the first
result; a page without its one-time token is refused with a clear message."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from crm.errors import BusinessRuleError
from crm.models import Contract, FormSubmission, Order, Payment
from crm.services.once import MISSING_TOKEN, AlreadyDone, Done, perform_once
from crm.tests.admin.billing.test_contract_admin import won_with_retainer
from crm.tests.billing.conftest import YESTERDAY, won_opportunity
from crm.tests.factories import ContractFactory
from crm.tests.once import with_once

pytestmark = pytest.mark.django_db
ALREADY = "This was already done: "


def toasts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def payment_data(**overrides) -> dict:
    data = {
        "amount": "2500.00",
        "payment_date": YESTERDAY.isoformat(),
        "payment_method": "bank_transfer",
        "status": "completed",
    }
    return {**data, **overrides}


def log_url(record) -> str:
    return reverse(f"admin:crm_{record._meta.model_name}_log_payment_detail", args=[record.pk])


def back_url(record) -> str:
    return reverse(f"admin:crm_{record._meta.model_name}_change", args=[record.pk]) + "#related"


@pytest.mark.parametrize("kind", ["order", "contract"])
def test_log_payment_posted_twice_records_one_payment(crm_admin_client, order, kind):
    record = order if kind == "order" else ContractFactory(price="750")
    data = with_once(crm_admin_client, log_url(record), payment_data(is_retainer=""))
    first = crm_admin_client.post(log_url(record), data)
    assert first.url == back_url(record)
    again = crm_admin_client.post(log_url(record), data)
    assert Payment.objects.count() == 1
    assert (again.status_code, again.url) == (302, back_url(record))
    message = toasts(again)[-1]
    assert message.startswith(f"{ALREADY}Payment of $2,500.00 was logged for {record} (")
    assert "Nothing was recorded twice." in message


def test_log_payment_without_its_token_is_refused_on_the_form(crm_admin_client, order):
    response = crm_admin_client.post(log_url(order), payment_data())
    assert response.status_code == 200
    assert MISSING_TOKEN in response.content.decode()
    assert not Payment.objects.exists()


def test_a_refusal_frees_the_token_so_the_corrected_form_goes_through(crm_admin, order):
    """A refusal writes nothing, the claim included."""

    def refused():
        raise BusinessRuleError("No.")

    with pytest.raises(BusinessRuleError):
        perform_once(key="k1", user=crm_admin, run=refused)
    assert not FormSubmission.objects.exists()
    done = perform_once(key="k1", user=crm_admin, run=lambda: Done(what="Logged", url="/x/"))
    assert done.url == "/x/" and FormSubmission.objects.get().what == "Logged"
    with pytest.raises(AlreadyDone):
        perform_once(key="k1", user=crm_admin, run=refused)


def test_generate_order_posted_twice_makes_one_order(sales_client, sales_user):
    opportunity = won_opportunity(sales_user)
    url = reverse("admin:crm_opportunity_generate_order_detail", args=[opportunity.pk])
    data = with_once(sales_client, url, {"version": opportunity.version})
    sales_client.post(url, data)
    again = sales_client.post(url, data)
    order = Order.objects.get()
    assert again.url == reverse("admin:crm_order_change", args=[order.pk])
    assert toasts(again)[-1].startswith(f"{ALREADY}Opportunity '{opportunity}' has a new order (")


def test_generate_order_without_its_token_is_refused(sales_client, sales_user):
    opportunity = won_opportunity(sales_user)
    url = reverse("admin:crm_opportunity_generate_order_detail", args=[opportunity.pk])
    response = sales_client.post(url, {"version": opportunity.version})
    assert response.status_code == 400 and MISSING_TOKEN in toasts(response)
    assert not Order.objects.exists()


def test_generate_contract_posted_twice_makes_one_contract(sales_client, sales_user):
    opportunity = won_with_retainer(sales_user)
    url = reverse("admin:crm_opportunity_generate_contract_detail", args=[opportunity.pk])
    form = {"start_date": "2027-01-01", "term_months": 12, "billing_cycle": "monthly"}
    data = with_once(sales_client, url, {"version": opportunity.version, **form})
    sales_client.post(url, data)
    again = sales_client.post(url, data)
    contract = Contract.objects.get()
    assert again.url == reverse("admin:crm_contract_change", args=[contract.pk])
    assert toasts(again)[-1].startswith(
        f"{ALREADY}Opportunity '{opportunity}' has a new contract ("
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_posting_the_same_payment_at_once_record_one(
    postgres_only, client, crm_admin, order
):
    from django.test import Client

    client.force_login(crm_admin)
    data = with_once(client, log_url(order), payment_data())
    barrier, answers = threading.Barrier(2), []

    def post():
        try:
            browser = Client()
            # Each thread signs in its own copy of the user: a model instance shared between
            # threads races in User.save (its skip-history flag), as no two requests ever do.
            browser.force_login(type(crm_admin).objects.get(pk=crm_admin.pk))
            barrier.wait(timeout=30)
            answers.append(browser.post(log_url(order), data))
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    assert Payment.objects.count() == 1
    assert sorted(response.status_code for response in answers) == [302, 302]
    said = [toasts(response)[0] for response in answers]
    assert sum(message.startswith(ALREADY) for message in said) == 1
