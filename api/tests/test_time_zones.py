"""The API is not localised: whatever zone the user picked for the pages, date-times go out
as ISO 8601 with an offset (UTC) and come in with theirs, for tokens and sessions alike."""

from datetime import UTC, datetime

import pytest

from api.tests.conftest import token_client
from crm.tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_berlin_users_event_goes_out_in_utc_with_its_offset(client):
    berliner = UserFactory(time_zone="Europe/Berlin")
    event = EventFactory(
        owner=berliner,
        start_time=datetime(2027, 3, 29, 8, tzinfo=UTC),
        end_time=datetime(2027, 3, 29, 9, tzinfo=UTC),
    )
    by_token = token_client(berliner).get(f"/api/v1/activities/{event.pk}/").json()
    client.force_login(berliner)  # the app's own pages call the API with the session
    by_session = client.get(f"/api/v1/activities/{event.pk}/").json()
    for body in (by_token, by_session):
        assert datetime.fromisoformat(body["start_time"]) == event.start_time
        assert body["start_time"] in ("2027-03-29T08:00:00Z", "2027-03-29T08:00:00+00:00")
