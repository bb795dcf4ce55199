"""User.time_zone (SPEC §10a): an IANA name, validated by the model, defaulting to TIME_ZONE,
offered grouped by region; UserTimeZoneMiddleware activates it for each signed-in request."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.utils import timezone

from crm.middleware import UserTimeZoneMiddleware
from crm.models import User
from crm.tests.factories import UserFactory
from crm.time_zones import OTHER_REGION, UNKNOWN_TIME_ZONE, grouped_choices

pytestmark = pytest.mark.django_db


def test_a_new_user_starts_in_the_installation_zone():
    with override_settings(TIME_ZONE="Europe/Berlin"):
        assert UserFactory().time_zone == "Europe/Berlin"
    assert UserFactory().time_zone == "UTC"


def test_the_model_refuses_a_name_that_is_no_iana_zone(sales_user):
    sales_user.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as refused:
        sales_user.full_clean(exclude=["password"])
    assert refused.value.message_dict["time_zone"] == [UNKNOWN_TIME_ZONE]
    sales_user.time_zone = "America/New_York"
    sales_user.full_clean(exclude=["password"])


def test_choices_are_grouped_by_region_sorted_with_other_last():
    groups = dict(grouped_choices())
    regions = [region for region, _ in grouped_choices()]
    assert regions[-1] == OTHER_REGION and regions[:-1] == sorted(regions[:-1])
    assert ("Europe/Berlin", "Europe/Berlin") in groups["Europe"]
    assert ("America/New_York", "America/New York") in groups["America"]
    assert ("UTC", "UTC") in groups[OTHER_REGION]
    names = [name for name, _ in groups["Europe"]]
    assert names == sorted(names)


def _seen_zone(request) -> str:
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        seen["today"] = timezone.localdate()
        return "response"

    assert UserTimeZoneMiddleware(view)(request) == "response"
    return seen["zone"]


def _request(user, path="/crm/activity/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_middleware_activates_the_signed_in_users_zone_and_deactivates_after(sales_user):
    User.objects.filter(pk=sales_user.pk).update(time_zone="America/New_York")
    sales_user.refresh_from_db()
    assert _seen_zone(_request(sales_user)) == "America/New_York"
    assert timezone.get_current_timezone_name() == "UTC"  # nothing leaks to the next request
    berliner = UserFactory(time_zone="Europe/Berlin")
    assert _seen_zone(_request(berliner)) == "Europe/Berlin"


def test_middleware_leaves_anonymous_requests_and_the_api_in_the_installation_zone(sales_user):
    assert _seen_zone(_request(AnonymousUser())) == "UTC"
    berliner = UserFactory(time_zone="Europe/Berlin")
    assert _seen_zone(_request(berliner, "/api/v1/activities/")) == "UTC"


def test_a_stored_name_the_model_would_refuse_falls_back_instead_of_failing(sales_user):
    User.objects.filter(pk=sales_user.pk).update(time_zone="Nowhere/Land")
    sales_user.refresh_from_db()
    assert _seen_zone(_request(sales_user)) == "UTC"


def test_the_middleware_runs_after_authentication(settings):
    order = settings.MIDDLEWARE
    auth = order.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert order.index("crm.middleware.UserTimeZoneMiddleware") > auth
