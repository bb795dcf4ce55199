"""One history view: the History tab's "View full history" opens the record's changes paged
under its header and tabs (not simple-history's bare table), and the record header has no
separate History button."""

import pytest

from crm.models import Account
from crm.services.records import save_record
from crm.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(sales_user):
    account = save_record(Account(name="Brightside Bakery", owner=sales_user), user=sales_user)
    for number in range(30):  # 31 versions: two pages of 25
        account.phone = f"(555) 010-{number:04d}"
        save_record(account, user=sales_user)
    return account


def test_full_history_keeps_the_record_header_and_pages(sales_client, account):
    url = f"/crm/account/{account.pk}/history/"
    first = sales_client.get(url)
    assert first.status_code == 200
    body = first.content.decode()
    assert 'class="crm-highlights"' in body and "Brightside Bakery" in body
    assert f'href="/crm/account/{account.pk}/change/"' in body  # breadcrumbs / Details tab
    assert 'aria-current="page">History</a>' in body
    assert body.count("(555) 010-00") >= 20  # field-by-field changes, not versions
    assert "Page 1 of 2" in body and 'href="?page=2"' in body
    assert "Changed by" not in body  # simple-history's table is gone
    older = sales_client.get(f"{url}?page=2").content.decode()
    assert "Page 2 of 2" in older and "Account created" in older and 'href="?page=1"' in older


@pytest.mark.parametrize("page", ["0", "abc", "999"])
def test_a_page_out_of_range_shows_the_nearest_page(sales_client, account, page):
    response = sales_client.get(f"/crm/account/{account.pk}/history/?page={page}")
    assert response.status_code == 200
    assert "Page " in response.content.decode()


def test_the_tab_links_to_it_and_the_header_has_no_history_button(sales_client, account):
    body = sales_client.get(f"/crm/account/{account.pk}/change/?tab=history").content.decode()
    assert f'href="/crm/account/{account.pk}/history/">View full history</a>' in body
    header = body[body.index('class="crm-highlights"') : body.index("crm-highlights__fields")]
    assert "/history/" not in header and ">History<" not in header


def test_history_of_a_missing_record_is_the_apps_404(sales_client):
    response = sales_client.get("/crm/account/999999/history/")
    assert response.status_code == 404


def test_history_needs_the_right_to_see_the_record(client, account):
    user = UserFactory()
    user.groups.clear()
    client.force_login(user)
    response = client.get(f"/crm/account/{account.pk}/history/")
    assert response.status_code == 403
    assert "You cannot do this:" in response.content.decode()
