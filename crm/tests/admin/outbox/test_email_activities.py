"""Email activities (issue 26) on timelines and in the activity list: the envelope, To and the
send status (failed in red, with Retry for admins), their own Type filter, read-only, never
offered to create by hand, and no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.models import EmailMessage, EmailStatus
from crm.services.outbox import queue_email
from crm.tests.factories import AccountFactory, ContactFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(sales_user):
    return AccountFactory(owner=sales_user)


def email_about(account, user, *, status=EmailStatus.SENT, subject="Hello"):
    message = queue_email(
        user=user, to="jane@acme.example", subject=subject, body="Hi", related=account
    )
    EmailMessage.objects.filter(pk=message.pk).update(
        status=status, sent_at=message.created_at if status == EmailStatus.SENT else None
    )
    return message


def tab(client, account):
    url = reverse("admin:crm_account_change", args=[account.pk]) + "?tab=activity"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.content.decode(), len(queries)


def test_the_timeline_shows_to_and_status_and_no_query_per_email(
    crm_admin_client, crm_admin, account
):
    email_about(account, crm_admin)
    tab(crm_admin_client, account)  # warm the caches
    _, few = tab(crm_admin_client, account)
    for number in range(5):
        email_about(account, crm_admin, status=EmailStatus.FAILED, subject=f"Reminder {number}")
    page, many = tab(crm_admin_client, account)
    assert few == many
    assert "Email: Hello" in page and "To: jane@acme.example" in page
    assert page.count("crm-badge--danger") == 5 and ">Failed<" in page
    failed = EmailMessage.objects.filter(status=EmailStatus.FAILED).first()
    assert reverse("admin:crm_emailmessage_change", args=[failed.pk]) in page  # Retry link


def test_sales_users_see_the_status_but_no_retry(sales_client, sales_user, account):
    message = email_about(account, sales_user, status=EmailStatus.FAILED)
    page, _ = tab(sales_client, account)
    assert ">Failed<" in page
    assert reverse("admin:crm_emailmessage_change", args=[message.pk]) not in page


def test_the_type_filter_has_email(crm_admin_client, crm_admin, account):
    email_about(account, crm_admin)
    TaskFactory(related_account=account, subject="Plain task")
    response = crm_admin_client.get(
        reverse("admin:crm_activity_changelist"), {"type__exact": "email"}
    )
    subjects = [a.subject for a in response.context["cl"].result_list]
    assert subjects == ["Email: Hello"]
    assert (
        '<option value="?type__exact=email"' in response.content.decode()
        or "Email" in response.content.decode()
    )


def test_an_email_activity_is_read_only(crm_admin_client, crm_admin, account):
    activity = email_about(account, crm_admin).activity
    url = reverse("admin:crm_activity_change", args=[activity.pk])
    page = crm_admin_client.get(url)
    assert page.status_code == 200 and 'name="subject"' not in page.content.decode()
    assert crm_admin_client.post(url, {"subject": "Changed"}).status_code == 403
    compose = reverse("admin:crm_activity_recompose", args=[activity.pk])
    assert crm_admin_client.get(compose).status_code == 403


def test_email_is_not_a_kind_to_create_by_hand(sales_client, account):
    page = sales_client.get(
        reverse("admin:crm_account_change", args=[account.pk]) + "?tab=activity"
    ).content.decode()
    assert "type=email" not in page
    composer = sales_client.get(reverse("admin:crm_activity_compose"), {"type": "email"})
    assert composer.status_code == 200 and "New Task" in composer.content.decode()


def test_a_contacts_email_shows_on_the_account_timeline(sales_client, sales_user, account):
    contact = ContactFactory(account=account)
    queue_email(user=sales_user, to="jane@acme.example", subject="Intro", body="Hi", person=contact)
    page, _ = tab(sales_client, account)
    assert "Email: Intro" in page
