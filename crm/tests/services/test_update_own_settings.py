"""crm.services.users.update_own_settings: a user's own time zone, version-checked."""

import pytest
from django.core.exceptions import ValidationError

from crm.errors import ConcurrencyError
from crm.models import User
from crm.services.users import update_own_settings

pytestmark = pytest.mark.django_db


def test_saves_the_zone_bumps_the_version_and_records_history(sales_user):
    version = sales_user.version
    update_own_settings(sales_user, version=version, time_zone="Europe/Berlin")
    stored = User.objects.get(pk=sales_user.pk)
    assert (stored.time_zone, stored.version) == ("Europe/Berlin", version + 1)
    last = stored.history.first()
    assert last.time_zone == "Europe/Berlin" and last.history_user_id == sales_user.pk


def test_an_unknown_zone_changes_nothing(sales_user):
    version = sales_user.version
    with pytest.raises(ValidationError):
        update_own_settings(sales_user, version=version, time_zone="Europe/Atlantis")
    assert sales_user.time_zone == "UTC"  # the request's user object is left as it was
    stored = User.objects.get(pk=sales_user.pk)
    assert (stored.time_zone, stored.version) == ("UTC", version)


def test_a_stale_version_changes_nothing(sales_user):
    version = sales_user.version
    User.objects.get(pk=sales_user.pk).save()  # someone (an admin) saved the user meanwhile
    with pytest.raises(ConcurrencyError):
        update_own_settings(sales_user, version=version, time_zone="Asia/Tokyo")
    assert User.objects.get(pk=sales_user.pk).time_zone == "UTC"
