"""Settings → API tokens: a sales user issues a token in the admin (shown once) and it works
on the API; lists hold only one's own tokens (admins see all); Revoke goes through the service
and the token then gets 401; expired tokens get 401; the list's query count is pinned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from crm.models import ApiToken
from crm.tests.factories import AdminUserFactory, ApiTokenFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("admin:crm_apitoken_changelist")
ADD = reverse("admin:crm_apitoken_add")
ACCOUNTS = "/api/v1/accounts/"


def revoke_url(token) -> str:
    return reverse("admin:crm_apitoken_revoke_detail", args=[token.pk])


def api_status(plain: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return client.get(ACCOUNTS).status_code


def issue_in_admin(client, **data) -> str:
    response = client.post(ADD, {"name": "Accounting sync", "days": 30, **data})
    # Shown on the answer itself, once: never in a message cookie or the session.
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Copy it now: it will not be shown again." in response.content.decode()
    assert not list(response.context["messages"])
    plain = response.context["plain"]
    assert f'value="{plain}"' in response.content.decode()
    return plain


def test_sales_user_issues_a_token_that_works_on_the_api(sales_client, sales_user):
    add_page = sales_client.get(ADD)
    assert add_page.status_code == 200
    assert list(add_page.context["adminform"].form.fields) == ["name", "days"]
    plain = issue_in_admin(sales_client)
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (sales_user, "Accounting sync")
    assert plain.startswith("crm_") and token.token_key == plain[: len(token.token_key)]
    assert timedelta(days=29) < token.expiry - timezone.now() <= timedelta(days=30)
    assert api_status(plain) == 200
    listed = sales_client.get(LIST).content.decode()  # the token was shown once
    assert f"{token.token_key}…" in listed and plain not in listed
    detail = sales_client.get(reverse("admin:crm_apitoken_change", args=[token.pk]))
    assert detail.status_code == 200 and not detail.context["has_change_permission"]
    assert plain not in detail.content.decode()


def test_a_refused_issue_is_a_toast_not_a_500(sales_client, sales_user, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 1}
    ApiTokenFactory(user=sales_user)
    response = sales_client.post(ADD, {"name": "One too many", "days": 30}, follow=True)
    toasts = [str(message) for message in response.context["messages"]]
    assert toasts == ["Sam Seller already has 1 active tokens; revoke one first."]
    assert ApiToken.objects.count() == 1


def test_sales_users_list_only_their_own_tokens(sales_client, sales_user):
    mine = ApiTokenFactory(user=sales_user, name="My phone")
    theirs = ApiTokenFactory(user=UserFactory(), name="Colleague's script")
    response = sales_client.get(LIST)
    assert [token.pk for token in response.context["cl"].result_list] == [mine.pk]
    assert sales_client.get(revoke_url(theirs)).status_code == 403
    assert sales_client.post(revoke_url(theirs)).status_code == 403
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_admin_sees_every_token_filters_by_user_and_issues_for_others(crm_admin_client, sales_user):
    colleague = UserFactory()
    ApiTokenFactory(user=sales_user)
    ApiTokenFactory(user=colleague)
    response = crm_admin_client.get(LIST)
    assert len(response.context["cl"].result_list) == 2
    filtered = crm_admin_client.get(LIST, {"user": str(colleague.pk)})
    assert [token.user for token in filtered.context["cl"].result_list] == [colleague]
    plain = issue_in_admin(crm_admin_client, user=sales_user.pk, name="Sam's export")
    assert ApiToken.objects.get(name="Sam's export").user == sales_user
    assert api_status(plain) == 200


def test_revoke_asks_then_the_token_gets_401(sales_client, sales_user):
    token, plain = ApiToken.objects.create(user=sales_user, name="Old", expiry=timedelta(days=5))
    asked = sales_client.get(revoke_url(token))
    assert asked.status_code == 200 and "Scripts and integrations" in asked.content.decode()
    assert ApiToken.objects.exists()
    response = sales_client.post(revoke_url(token), follow=True)
    toasts = [str(message) for message in response.context["messages"]]
    assert toasts == [f"API token '{token}' was revoked."]
    assert not ApiToken.objects.exists()
    assert api_status(plain) == 401


def test_bulk_revoke_runs_the_service_per_token(crm_admin_client, sales_user):
    tokens = [ApiTokenFactory(user=sales_user) for _ in range(2)]
    data = {"action": "revoke_selected", "_selected_action": [t.pk for t in tokens]}
    asked = crm_admin_client.post(LIST, data)
    assert asked.status_code == 200 and ApiToken.objects.count() == 2
    crm_admin_client.post(LIST, {**data, "post": "yes"})
    assert not ApiToken.objects.exists()


def test_expired_token_gets_401_and_is_badged(sales_client, sales_user):
    token, plain = ApiToken.objects.create(user=sales_user, name="Old", expiry=timedelta(days=1))
    assert api_status(plain) == 200
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(minutes=1))
    listed = sales_client.get(LIST).content.decode()
    assert "Expired" in listed
    assert api_status(plain) == 401


def test_sidebar_offers_api_tokens_to_both_roles(sales_client, crm_admin_client):
    for client in (sales_client, crm_admin_client):
        titles = {
            item["title"]
            for group in client.get(LIST).context["sidebar_navigation"]
            for item in group["items"]
        }
        assert "API tokens" in titles


def test_list_query_count_is_pinned(client, django_assert_num_queries):
    """One query for the rows (users joined), none per row: 3 or 6 tokens cost the same."""
    admin = AdminUserFactory()
    client.force_login(admin)
    client.get(LIST)  # warm caches (content types, permissions)
    for rows in (3, 6):
        while ApiToken.objects.count() < rows:
            ApiTokenFactory(user=UserFactory())
        with django_assert_num_queries(7):
            response = client.get(LIST)
        assert len(response.context["cl"].result_list) == rows
