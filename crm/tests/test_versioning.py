"""Optimistic locking (SPEC §4, §11): stale saves change nothing, history is still written."""

import threading

import pytest
from django.db import close_old_connections, connection

from crm.errors import STALE_RECORD_MESSAGE, ConcurrencyError
from crm.tests.pathapp.models import Ticket

pytestmark = pytest.mark.django_db
TICKETS = "/pathapp/ticket/"


def test_save_bumps_version_and_writes_history(ticket):
    ticket.title = "Logo refresh v2"
    ticket.save()
    assert ticket.version == 2
    assert ticket.history.count() == 2 and ticket.history.first().title == "Logo refresh v2"


def test_stale_instance_save_raises_and_changes_nothing(ticket):
    stale = Ticket.objects.get(pk=ticket.pk)
    ticket.title = "First"
    ticket.save()
    stale.title = "Second"
    with pytest.raises(ConcurrencyError) as excinfo:
        stale.save()
    assert excinfo.value.message == STALE_RECORD_MESSAGE
    assert stale.version == 1  # the failed claim does not advance the caller's copy
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.title, fresh.version) == ("First", 2)


def test_stale_admin_save_is_refused_and_first_save_kept(crm_admin_client, crm_admin, ticket):
    form = {"title": "", "owner": crm_admin.pk, "version": ticket.version}
    first = crm_admin_client.post(f"{TICKETS}{ticket.pk}/change/", {**form, "title": "Edited by A"})
    assert first.status_code == 302
    history_before = ticket.history.count()

    second = crm_admin_client.post(
        f"{TICKETS}{ticket.pk}/change/", {**form, "title": "Edited by B"}
    )
    assert second.status_code == 200
    assert STALE_RECORD_MESSAGE in second.content.decode()
    ticket.refresh_from_db()
    assert (ticket.title, ticket.version) == ("Edited by A", 2)
    assert ticket.history.count() == history_before == 2  # exactly one row for the one save


def test_race_between_form_check_and_save_shows_toast(
    crm_admin_client, crm_admin, ticket, monkeypatch
):
    """The form check passed, then someone saved before us: the model's claim refuses."""
    from crm.admin.kit.forms import VersionedAdminForm

    original_clean = VersionedAdminForm.clean

    def clean_then_someone_saves(self):
        cleaned = original_clean(self)
        other = Ticket.objects.get(pk=ticket.pk)
        other.title = "Sneaky"
        other.save()
        return cleaned

    monkeypatch.setattr(VersionedAdminForm, "clean", clean_then_someone_saves)
    response = crm_admin_client.post(
        f"{TICKETS}{ticket.pk}/change/",
        {"title": "Mine", "owner": crm_admin.pk, "version": 1},
        follow=True,
    )
    assert STALE_RECORD_MESSAGE in [str(m) for m in response.context["messages"]]
    # The whole admin transaction rolled back: our edit is not there (nor, in this
    # single-connection simulation, the interloper's).
    assert Ticket.objects.get(pk=ticket.pk).title != "Mine"


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_on_postgres_exactly_one_wins(postgres_only, crm_admin):
    ticket = Ticket.objects.create(title="Race", owner=crm_admin)
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(title):
        close_old_connections()
        copy = Ticket.objects.get(pk=ticket.pk)
        barrier.wait()
        copy.title = title
        try:
            copy.save()
            outcomes.append("saved")
        except ConcurrencyError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(f"T{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert Ticket.objects.get(pk=ticket.pk).version == 2
    assert ticket.history.count() == 2
