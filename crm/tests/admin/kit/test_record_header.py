"""The shared record header: highlights panel and path (on the test-only Ticket model)."""

import pytest
from django.test import Client

from crm.errors import STALE_RECORD_MESSAGE
from crm.tests.pathapp.models import Ticket

pytestmark = pytest.mark.django_db
TICKETS = "/pathapp/ticket/"


def test_path_marks_current_stage_and_mark_complete_moves_to_the_next(
    crm_admin_client, crm_admin, ticket
):
    html = crm_admin_client.get(f"{TICKETS}{ticket.pk}/change/").content.decode()
    assert "crm-path__stage--current" in html
    complete = html.split("Mark Status as Complete")[0].rsplit("<button", 1)[-1]
    assert f'formaction="{TICKETS}{ticket.pk}/path/working/"' in complete  # not Done
    # A chevron only selects (a link); nothing moves without the second click.
    assert 'href="?path=working" data-stage="working"' in html
    assert 'href="?path=done" data-stage="done"' in html


def test_selecting_a_chevron_offers_mark_as_current(crm_admin_client, crm_admin, ticket):
    response = crm_admin_client.get(f"{TICKETS}{ticket.pk}/change/?path=done")
    path = response.context["record_path"]
    assert path["selected"]["value"] == "done"
    assert path["selected"]["choices"][0]["label"] == "Mark as Current Status"
    html = response.content.decode()
    assert "crm-path__stage--selected" in html
    panel = html.split('data-path-panel="done"')[1].split("</div>")[0]
    assert "hidden" not in panel.split(">")[0]
    assert f'formaction="{TICKETS}{ticket.pk}/path/done/"' in panel
    assert "Mark as Current Status" in panel
    assert Ticket.objects.get(pk=ticket.pk).status == "open"  # selecting changed nothing


def test_clicking_an_allowed_stage_runs_the_transition(crm_admin_client, crm_admin, ticket):
    response = crm_admin_client.post(
        f"{TICKETS}{ticket.pk}/path/working/", {"version": ticket.version}, follow=True
    )
    assert "Ticket 'Logo refresh' moved to Working." in [
        str(m) for m in response.context["messages"]
    ]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.version) == ("working", 2)
    html = response.content.decode()
    assert "crm-path__stage--complete" in html  # "Open" is now done
    assert ticket.history.first().status == "working"


def test_disallowed_move_is_refused_with_message(crm_admin_client, crm_admin, ticket):
    ticket.finish()
    ticket.save()
    response = crm_admin_client.post(
        f"{TICKETS}{ticket.pk}/path/working/", {"version": ticket.version}, follow=True
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "'Logo refresh' cannot move from Done to Working." in texts
    assert Ticket.objects.get(pk=ticket.pk).status == "done"


def test_stale_path_click_changes_nothing(crm_admin_client, crm_admin, ticket):
    response = crm_admin_client.post(
        f"{TICKETS}{ticket.pk}/path/working/", {"version": ticket.version + 5}, follow=True
    )
    assert STALE_RECORD_MESSAGE in [str(m) for m in response.context["messages"]]
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_path_requires_post_and_change_permission(crm_admin_client, sales_user, ticket):
    assert crm_admin_client.get(f"{TICKETS}{ticket.pk}/path/working/").status_code == 405
    sales = Client()
    sales.force_login(sales_user)
    assert sales.post(f"{TICKETS}{ticket.pk}/path/working/", {"version": 1}).status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_user_page_has_highlights_panel(crm_admin_client, sales_user):
    html = crm_admin_client.get(f"/crm/user/{sales_user.pk}/change/").content.decode()
    assert 'class="crm-highlights"' in html
    assert "Sam Seller" in html and "sam@agency.example" in html
    assert "Sales user" in html  # role shown with its label
    assert f"/crm/user/{sales_user.pk}/deactivate/" in html  # action in the panel
    assert f"/crm/user/{sales_user.pk}/reactivate/" not in html  # not allowed: already active
