"""Removing a file is an edit of its record (issue 22): one who may only read an order, a
product or a payment is refused in the app's shell and the file stays; an admin removes it
and the record's history keeps who removed which file."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from crm.models import Attachment
from crm.services.attachments import NOT_ALLOWED_TO_REMOVE
from crm.tests.factories import AttachmentFactory, OrderFactory, PaymentFactory, ProductFactory

pytestmark = pytest.mark.django_db
READ_ONLY = {"order": OrderFactory, "product": ProductFactory, "payment": PaymentFactory}


def remove_url(record, attachment) -> str:
    name = record._meta.model_name
    return reverse(f"admin:crm_{name}_attachment_remove", args=[record.pk, attachment.pk])


@pytest.mark.parametrize("model_name", sorted(READ_ONLY))
def test_a_sales_user_cannot_remove_files_from_a_record_they_may_only_read(
    sales_client, sales_user, model_name
):
    record = READ_ONLY[model_name]()
    attachment = AttachmentFactory(record=record)
    url = remove_url(record, attachment)
    page = sales_client.get(reverse(f"admin:crm_{model_name}_change", args=[record.pk]))
    assert url not in page.content.decode()  # no Remove link on the card
    for response in (sales_client.get(url), sales_client.post(url)):
        html = response.content.decode()
        assert response.status_code == 403
        assert escape(NOT_ALLOWED_TO_REMOVE) in html and "Request refused" in html
        assert "Sales" in html  # the sidebar: a page of the app, not a bare error
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_an_admin_removes_the_file_and_the_record_history_keeps_the_trace(
    crm_admin_client, crm_admin
):
    order = OrderFactory()
    attachment = AttachmentFactory(record=order)
    response = crm_admin_client.post(remove_url(order, attachment), follow=True)
    assert "File 'brief.pdf' was removed." in [str(m) for m in response.context["messages"]]
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    trace = order.history.order_by("-history_id").first()
    assert (trace.history_type, trace.history_user, trace.history_change_reason) == (
        "~",
        crm_admin,
        "File 'brief.pdf' was removed.",
    )
    history = crm_admin_client.get(reverse("admin:crm_order_history", args=[order.pk]))
    assert "File &#x27;brief.pdf&#x27; was removed." in history.content.decode()
