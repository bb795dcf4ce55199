"""The activity export writes start and end in the exporting user's own zone (the one the
request activated), like the list it was exported from; not in UTC."""

import datetime

import pytest
from django.utils import timezone

from crm.models import Activity
from crm.resources.activities import ActivityResource
from crm.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "start", "end"),
    [
        ("Europe/Berlin", "2027-03-29 10:00:00", "2027-03-29 11:00:00"),
        ("America/New_York", "2027-03-29 04:00:00", "2027-03-29 05:00:00"),
    ],
)
def test_start_and_end_in_the_users_zone(sales_user, zone, start, end):
    moment = datetime.datetime(2027, 3, 29, 8, tzinfo=datetime.UTC)
    EventFactory(owner=sales_user, start_time=moment, end_time=moment + datetime.timedelta(hours=1))
    with timezone.override(zone):
        dataset = ActivityResource().export(queryset=Activity.objects.all())
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["Start"], row["End"]) == (start, end)
