"""Every line is version-checked (issue 22): two people editing the same opportunity, quote or
contract line from pages they opened earlier — the second save, removal or edit after a stage
change changes nothing and shows the standard concurrency message."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections
from django.test import Client

from crm.errors import STALE_RECORD_MESSAGE, ConcurrencyError
from crm.models import Stage
from crm.models.contracts import ContractLineItem
from crm.models.opportunity_lines import OpportunityLineItem
from crm.models.quotes import QuoteLineItem
from crm.services import contracts, opportunity_lines, quotes
from crm.services.opportunities import change_stage
from crm.tests.factories import (
    ContractLineItemFactory,
    LineItemFactory,
    OpportunityFactory,
    QuoteFactory,
    UserFactory,
)

LINES = {
    "opportunitylineitem": lambda owner: LineItemFactory(
        opportunity=OpportunityFactory(owner=owner), quantity=2
    ),
    "quotelineitem": lambda owner: QuoteFactory(owner=owner).line_items.get(),
    "contractlineitem": lambda owner: ContractLineItemFactory(contract__owner=owner),
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _edit_form(line, quantity: str) -> dict:
    """What the edit page posts: the fields as shown, plus the marker it was rendered with."""
    return {
        "product": line.product_id,
        "quantity": quantity,
        "price_amount": str(line.price.amount),
        "description": line.description,
        "version": line.change_marker,
    }


def _page_marker(client, line) -> int:
    """The marker the edit page carries (what the browser will post back)."""
    page = client.get(f"/crm/{line._meta.model_name}/{line.pk}/change/?edit=1")
    assert page.status_code == 200
    return page.context["adminform"].form["version"].value()


@pytest.fixture
def two_sellers(sales_user):
    colleague = UserFactory(first_name="Cy", last_name="Colleague", email="cy@agency.example")
    return sales_user, colleague


@pytest.mark.parametrize("model_name", LINES)
def test_the_second_of_two_edits_from_old_pages_saves_nothing(two_sellers, model_name):
    owner, colleague = two_sellers
    line = LINES[model_name](owner)
    first, second = _client(owner), _client(colleague)
    seen_by_first, seen_by_second = _page_marker(first, line), _page_marker(second, line)
    assert seen_by_first == seen_by_second == line.change_marker

    url = f"/crm/{model_name}/{line.pk}/change/"
    saved = first.post(url, {**_edit_form(line, "10"), "version": seen_by_first})
    assert saved.status_code == 302
    stale = second.post(url, {**_edit_form(line, "11"), "version": seen_by_second}, follow=True)

    assert STALE_RECORD_MESSAGE in stale.content.decode()
    line.refresh_from_db()
    assert line.quantity == Decimal("10")
    assert line.history.filter(quantity=Decimal("11")).count() == 0


@pytest.mark.parametrize("model_name", LINES)
def test_an_edit_without_the_marker_is_refused(sales_user, sales_client, model_name):
    line = LINES[model_name](sales_user)
    form = _edit_form(line, "7")
    del form["version"]
    response = sales_client.post(f"/crm/{model_name}/{line.pk}/change/", form)
    assert STALE_RECORD_MESSAGE in response.content.decode()
    line.refresh_from_db()
    assert line.quantity != Decimal("7")


@pytest.mark.parametrize("model_name", LINES)
def test_removing_a_line_a_colleague_just_edited_removes_nothing(two_sellers, model_name):
    owner, colleague = two_sellers
    line = LINES[model_name](owner)
    remover = _client(colleague)
    confirm = remover.get(f"/crm/{model_name}/{line.pk}/remove/")
    assert f'name="version" value="{line.change_marker}"' in confirm.content.decode()

    saved = _client(owner).post(f"/crm/{model_name}/{line.pk}/change/", _edit_form(line, "4"))
    assert saved.status_code == 302
    response = remover.post(
        f"/crm/{model_name}/{line.pk}/remove/", {"version": line.change_marker}, follow=True
    )

    assert STALE_RECORD_MESSAGE in response.content.decode()
    assert type(line).objects.filter(pk=line.pk, quantity=Decimal("4")).exists()


def test_editing_a_line_removed_meanwhile_is_refused(two_sellers):
    owner, colleague = two_sellers
    line = LINES["opportunitylineitem"](owner)
    editor = _client(colleague)
    seen = _page_marker(editor, line)
    opportunity_lines.remove_line_item(line, user=owner, seen=line.change_marker)
    response = editor.post(
        f"/crm/opportunitylineitem/{line.pk}/change/",
        {**_edit_form(line, "9"), "version": seen},
        follow=True,
    )
    assert response.status_code in (200, 404)
    assert not OpportunityLineItem.objects.filter(pk=line.pk).exists()


def test_an_edit_after_the_deal_was_closed_meanwhile_changes_nothing(two_sellers):
    owner, colleague = two_sellers
    line = LINES["opportunitylineitem"](owner)
    editor = _client(colleague)
    seen = _page_marker(editor, line)
    change_stage(line.opportunity, stage=Stage.CLOSED_WON, user=owner, version=None)
    response = editor.post(
        f"/crm/opportunitylineitem/{line.pk}/change/",
        {**_edit_form(line, "9"), "version": seen},
    )
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.quantity == Decimal("2")


SERVICES = {
    "opportunitylineitem": (OpportunityLineItem, opportunity_lines.save_line_item),
    "quotelineitem": (QuoteLineItem, quotes.save_quote_line),
    "contractlineitem": (ContractLineItem, contracts.save_contract_line),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model_name", SERVICES)
def test_two_saves_at_once_from_one_marker_one_wins(postgres_only, model_name):
    """Both read marker M; under the parent's row lock only the first save still sees M."""
    owner = UserFactory()
    line = LINES[model_name](owner)
    model, save = SERVICES[model_name]
    seen, barrier, outcomes = line.change_marker, threading.Barrier(2), []
    history_before = line.history.count()

    def edit(quantity):
        close_old_connections()
        try:
            row = model.objects.get(pk=line.pk)
            row.quantity = Decimal(quantity)
            barrier.wait(timeout=30)
            save(row, user=owner, seen=seen)
            outcomes.append("saved")
        except ConcurrencyError:
            outcomes.append("stale")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=edit, args=(q,)) for q in ("10", "11")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    assert sorted(outcomes) == ["saved", "stale"]
    assert model.objects.get(pk=line.pk).history.count() == history_before + 1
