"""Demo activities: ~300 over the last and next 60 days for both users, some overdue; a second
run adds nothing."""

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from crm.demo import SEEDERS
from crm.models import Activity
from crm.tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_activities_are_varied_and_idempotent():
    admin, sales = AdminUserFactory(), UserFactory()
    for dotted in SEEDERS:
        import_string(dotted)(admin=admin, sales=sales, scale=1)
    activities = Activity.objects.all()
    assert 250 <= activities.count() <= 350
    assert {a.assigned_to_id for a in activities} == {admin.pk, sales.pk}
    assert activities.tasks().exists() and activities.events().exists()
    today = timezone.localdate()
    assert activities.open_tasks().filter(due_date__lt=today).exists()  # some overdue
    assert activities.filter(status="completed").exists()
    calls = activities.filter(task_subtype="call")  # past "Call …" tasks were logged as calls
    assert calls.exists() and not calls.exclude(status="completed").exists()
    assert all(call.subject.startswith("Call ") for call in calls)
    assert activities.exclude(related_opportunity=None).exists()
    assert activities.exclude(contact=None).exists() and activities.exclude(lead=None).exists()
    count = activities.count()
    import_string("crm.demo.activities.seed")(admin=admin, sales=sales, scale=1)
    assert Activity.objects.count() == count
