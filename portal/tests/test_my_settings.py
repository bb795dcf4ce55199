"""My settings (portal:my_settings): every signed-in user sets their own time zone, reached
from the user menu; bad input is a form error and a stale page changes nothing."""

import pytest
from django.urls import reverse

from crm.errors import STALE_RECORD_MESSAGE
from crm.models import User
from crm.time_zones import UNKNOWN_TIME_ZONE
from portal.views.my_settings import SAVED

pytestmark = pytest.mark.django_db
URL = "/portal/settings/"


def test_the_url_name_and_the_user_menu_link(sales_client):
    assert reverse("portal:my_settings") == URL
    home = sales_client.get("/").content.decode()
    assert f'href="{URL}"' in home and "My settings" in home


def test_anonymous_visitors_go_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_offers_every_zone_grouped_with_the_users_own_selected(sales_client, sales_user):
    User.objects.filter(pk=sales_user.pk).update(time_zone="America/New_York")
    html = sales_client.get(URL).content.decode()
    assert '<optgroup label="Europe">' in html
    assert '<option value="America/New_York" selected>America/New York</option>' in html
    assert f'name="version" value="{sales_user.version}"' in html
    assert "unfold-admin-autocomplete" in html  # the searchable select
    assert "Now in America/New_York" in html
    assert "<script>" not in html


def test_saving_a_zone(sales_client, sales_user):
    response = sales_client.post(
        URL, {"time_zone": "Europe/Berlin", "version": sales_user.version}, follow=True
    )
    assert response.redirect_chain == [(URL, 302)]
    assert SAVED.format(zone="Europe/Berlin") in response.content.decode()
    stored = User.objects.get(pk=sales_user.pk)
    assert (stored.time_zone, stored.version) == ("Europe/Berlin", sales_user.version + 1)
    assert "Now in Europe/Berlin" in response.content.decode()  # the next page is in it


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Europe/Berlin' OR 1=1"])
def test_an_unknown_zone_is_a_form_error_and_nothing_changes(sales_client, sales_user, zone):
    response = sales_client.post(URL, {"time_zone": zone, "version": sales_user.version})
    assert response.status_code == 200
    errors = response.context["form"].errors["time_zone"]
    assert errors == ([UNKNOWN_TIME_ZONE] if zone else ["This field is required."])
    stored = User.objects.get(pk=sales_user.pk)
    assert (stored.time_zone, stored.version) == ("UTC", sales_user.version)


def test_a_stale_page_is_refused_and_nothing_changes(sales_client, sales_user):
    opened = sales_user.version
    User.objects.get(pk=sales_user.pk).save()  # changed elsewhere since the page was opened
    response = sales_client.post(URL, {"time_zone": "Asia/Tokyo", "version": opened})
    assert response.status_code == 200
    assert STALE_RECORD_MESSAGE in response.content.decode()
    assert User.objects.get(pk=sales_user.pk).time_zone == "UTC"


def test_admins_edit_a_users_zone_on_the_user_form(crm_admin_client, sales_user):
    page = crm_admin_client.get(f"/crm/user/{sales_user.pk}/change/").content.decode()
    assert 'name="time_zone"' in page
    fields = {
        "first_name": "Sam",
        "last_name": "Seller",
        "email": sales_user.email,
        "role": "user",
        "version": sales_user.version,
    }
    refused = crm_admin_client.post(
        f"/crm/user/{sales_user.pk}/change/", {**fields, "time_zone": "Nowhere"}
    )
    assert refused.status_code == 200 and UNKNOWN_TIME_ZONE in refused.content.decode()
    saved = crm_admin_client.post(
        f"/crm/user/{sales_user.pk}/change/", {**fields, "time_zone": "Asia/Tokyo"}
    )
    assert saved.status_code == 302
    assert User.objects.get(pk=sales_user.pk).time_zone == "Asia/Tokyo"
