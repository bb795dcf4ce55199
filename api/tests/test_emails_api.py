"""/api/v1/emails/ (issue 26): admins read the outbox; anyone who may send email POSTs one
with the Send Email dialog's checks (a bad address or a line break in a header is a 400 and
nothing is stored); a contact, opportunity, case … supplies the default To, a template and
where the email is filed; admins retry a failed one."""

import pytest
from django.core import mail
from django.utils import timezone

from crm.models import Activity, EmailMessage, EmailStatus
from crm.tests.factories import AccountFactory, CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/emails/"


@pytest.fixture
def contact(sales_user):
    account = AccountFactory(owner=sales_user)
    return ContactFactory(account=account, first_name="Jane", email="jane@acme.example")


def test_sending_an_email_answers_201_with_the_message(
    sales_api, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sales_api.post(
            URL,
            {
                "contact": contact.pk,
                "subject": "Hello",
                "body": "Hi <b>Jane</b>",
                "cc": "b@x.example",
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["to"], body["cc"], body["status"]) == (
        "jane@acme.example",
        "b@x.example",
        "queued",  # the test runs the send once the request is over
    )
    assert EmailMessage.objects.get(pk=body["id"]).status == EmailStatus.SENT
    assert body["person"] == {"type": "contact", "id": contact.pk, "name": str(contact)}
    assert response["ETag"]
    assert "&lt;b&gt;Jane&lt;/b&gt;" in mail.outbox[0].alternatives[0][0]


def test_a_template_fills_subject_and_body(sales_api, contact):
    case = CaseFactory(account=contact.account, contact=contact, subject="Login broken")
    response = sales_api.post(URL, {"case": case.pk, "template": "case_update"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["subject"] == f"Update on your case {case.number}: Login broken"
    assert body["body"].startswith("Hi Jane,") and body["related"]["type"] == "case"


def test_an_unknown_template_is_a_400(sales_api, contact):
    response = sales_api.post(URL, {"contact": contact.pk, "template": "quote"}, format="json")
    assert response.status_code == 400 and "template" in response.json()["errors"]


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"to": "not-an-address"}, "is not a valid email address"),
        ({"subject": "Hi\r\nBcc: v@x.example"}, "cannot contain line breaks"),
        ({"to": "a@x.example\nBcc: v@x.example"}, "cannot contain line breaks"),
        ({"body": "  "}, "Enter the email's text."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(sales_api, fields, text):
    """The service's refusal: 422 with its message, as every business rule of the API."""
    data = {"to": "jane@acme.example", "subject": "Hello", "body": "Hi"} | fields
    response = sales_api.post(URL, data, format="json")
    assert response.status_code == 422 and text in response.content.decode()
    assert not EmailMessage.objects.exists() and not Activity.objects.exists()


def test_two_records_to_send_from_are_refused(sales_api, contact):
    case = CaseFactory(account=contact.account, contact=contact)
    response = sales_api.post(
        URL, {"contact": contact.pk, "case": case.pk, "subject": "x", "body": "y"}, format="json"
    )
    assert response.status_code == 400


def test_sales_users_cannot_read_the_outbox(sales_api, admin_api, contact):
    sales_api.post(URL, {"contact": contact.pk, "subject": "x", "body": "y"}, format="json")
    assert sales_api.get(URL).status_code == 403
    listed = admin_api.get(URL, {"status": "queued"}).json()["results"]
    assert [row["subject"] for row in listed] == ["x"]


def test_admins_retry_a_failed_email(admin_api, contact, django_capture_on_commit_callbacks):
    created = admin_api.post(
        URL, {"contact": contact.pk, "subject": "x", "body": "y"}, format="json"
    )
    message = EmailMessage.objects.get(pk=created.json()["id"])
    EmailMessage.objects.filter(pk=message.pk).update(status=EmailStatus.FAILED)
    etag = admin_api.get(f"{URL}{message.pk}/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post(
            f"{URL}{message.pk}/retry/", {}, format="json", HTTP_IF_MATCH=etag
        )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "queued"
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT and len(mail.outbox) == 1


def test_a_stale_etag_is_refused(admin_api, contact):
    created = admin_api.post(
        URL, {"contact": contact.pk, "subject": "x", "body": "y"}, format="json"
    )
    stale = created["ETag"]  # the worker wrote since (a failed attempt)
    EmailMessage.objects.filter(pk=created.json()["id"]).update(
        status=EmailStatus.FAILED, updated_at=timezone.now()
    )
    response = admin_api.post(
        f"{URL}{created.json()['id']}/retry/", {}, format="json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412


def test_retrying_an_email_that_did_not_fail_is_refused(admin_api, contact):
    created = admin_api.post(
        URL, {"contact": contact.pk, "subject": "x", "body": "y"}, format="json"
    )
    etag = created["ETag"]
    response = admin_api.post(
        f"{URL}{created.json()['id']}/retry/", {}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 422 and "this one is queued" in response.content.decode()
