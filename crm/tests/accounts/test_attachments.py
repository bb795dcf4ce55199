"""Attachments: private storage, authenticated download, size limit with a clear message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from crm.errors import BusinessRuleError
from crm.models import Attachment
from crm.services import attachments as services
from crm.tests.accounts.conftest import messages_of
from crm.tests.factories import AttachmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def upload_url(record):
    return reverse("admin:crm_account_attachment_upload", args=[record.pk])


def test_upload_from_the_account_page_keeps_name_type_and_size(sales_client, sales_user, account):
    brief = SimpleUploadedFile("Brief v2.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    response = sales_client.post(upload_url(account), {"file": brief}, follow=True)
    assert "File 'Brief v2.pdf' was attached." in messages_of(response)
    attachment = Attachment.objects.for_record(account).get()
    assert (attachment.original_filename, attachment.mime_type, attachment.size) == (
        "Brief v2.pdf", "application/pdf", 14,
    )  # fmt: skip
    assert attachment.uploaded_by == sales_user
    assert "Brief v2.pdf" not in attachment.file.name  # stored under a random name
    assert response.redirect_chain[-1][0].endswith(f"/crm/account/{account.pk}/change/#related")


@override_settings(CRM_MAX_UPLOAD_MB=1)
def test_a_too_large_upload_is_refused_with_the_limit(sales_client, account):
    big = SimpleUploadedFile("video.mp4", b"x" * (1024 * 1024 + 1), content_type="video/mp4")
    response = sales_client.post(upload_url(account), {"file": big}, follow=True)
    assert "The file is too large. The maximum size is 1 MB." in messages_of(response)
    assert not Attachment.objects.exists()


def test_empty_or_missing_files_are_refused(sales_client, account):
    response = sales_client.post(upload_url(account), {}, follow=True)
    assert services.NO_FILE in messages_of(response)
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    response = sales_client.post(upload_url(account), {"file": empty}, follow=True)
    assert services.EMPTY_FILE in messages_of(response)
    assert not Attachment.objects.exists()


def test_download_streams_the_original_file_to_a_permitted_user(sales_client, account):
    attachment = AttachmentFactory(record=account)
    response = sales_client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 brief"
    assert response["Content-Disposition"].startswith('attachment; filename="brief.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_anonymous_download_is_sent_to_login(client, account):
    attachment = AttachmentFactory(record=account)
    response = client.get(attachment.get_download_url())
    assert response.status_code == 302
    assert response.url.startswith("/login/?next=/attachments/")


def test_a_user_who_may_not_view_the_record_cannot_download(client, account):
    attachment = AttachmentFactory(record=account)
    outsider = UserFactory()
    outsider.groups.clear()
    client.force_login(outsider)
    assert client.get(attachment.get_download_url()).status_code == 403


def test_remove_asks_for_confirmation_then_deletes(sales_client, account):
    attachment = AttachmentFactory(record=account)
    url = reverse("admin:crm_account_attachment_remove", args=[account.pk, attachment.pk])
    page = sales_client.get(url)
    assert "Remove the file &#x27;brief.pdf&#x27;" in page.content.decode()
    response = sales_client.post(url, follow=True)
    assert "File 'brief.pdf' was removed." in messages_of(response)
    assert not Attachment.objects.exists()


def test_service_refuses_users_without_permission(account):
    outsider = UserFactory()
    outsider.groups.clear()
    upload = SimpleUploadedFile("a.txt", b"abc")
    with pytest.raises(BusinessRuleError, match="permission"):
        services.add_attachment(record=account, uploaded_file=upload, user=outsider)


def test_windows_paths_keep_only_the_file_name(sales_user, account):
    upload = SimpleUploadedFile("C:\\Users\\ana\\Proposal.docx", b"abc")
    attachment = services.add_attachment(record=account, uploaded_file=upload, user=sales_user)
    assert attachment.original_filename == "Proposal.docx"


def test_view_all_lists_only_this_records_files(sales_client, account):
    mine = AttachmentFactory(record=account)
    AttachmentFactory()  # another account's file
    card = sales_client.get(
        reverse("admin:crm_account_change", args=[account.pk]) + "?tab=related"
    ).context["related_cards"][-1]
    listed = sales_client.get(card["view_all_url"]).context["cl"].result_list
    assert list(listed) == [mine]
