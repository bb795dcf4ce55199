"""Two API clients PATCH one account at the same moment with the same ETag (PostgreSQL row
locks): exactly one wins (200), the other is told it is stale (412), and the loser's change
is nowhere in the database or the history."""

import threading

import pytest
from django.db import close_old_connections, connection

from api.tests.conftest import token_client
from crm.models import Account
from crm.tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(works) -> list:
    """Run each callable in its own thread, released at the same moment; their outcomes."""
    barrier = threading.Barrier(len(works))
    outcomes = [None] * len(works)

    def run(index):
        close_old_connections()
        try:
            barrier.wait()
            outcomes[index] = works[index]()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()  # each thread's own connection; none may outlive the test

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_patches_with_one_etag_one_wins_one_412(postgres_only, sales_user):
    account = AccountFactory(owner=sales_user, name="Before")
    teammate = UserFactory()
    url = f"/api/v1/accounts/{account.pk}/"
    mine, theirs = token_client(sales_user), token_client(teammate)
    tag = mine.get(url)["ETag"]

    def patch(client, name):
        return lambda: client.patch(url, {"name": name}, format="json", HTTP_IF_MATCH=tag)

    outcomes = run_together([patch(mine, "Mine"), patch(theirs, "Theirs")])
    statuses = sorted(getattr(outcome, "status_code", outcome) for outcome in outcomes)
    assert statuses == [200, 412], outcomes
    winner = next(o for o in outcomes if o.status_code == 200).json()["name"]
    loser = {"Mine", "Theirs"} - {winner}
    final = Account.objects.get(pk=account.pk)
    assert final.name == winner
    assert final.version == account.version + 1
    assert not final.history.filter(name__in=loser).exists()
    stale = next(o for o in outcomes if o.status_code == 412).json()
    assert stale["code"] == "stale_version"
