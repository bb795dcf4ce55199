"""The token service on its own: issued for the request's (lazy) user, limits, who revokes."""

import pytest
from django.utils.functional import SimpleLazyObject

from crm.errors import BusinessRuleError
from crm.models import ApiToken
from crm.services.api_tokens import issue_token, revoke_token

pytestmark = pytest.mark.django_db


def test_issues_for_the_requests_lazy_user(sales_user):
    lazy = SimpleLazyObject(lambda: sales_user)
    token, plain = issue_token(user=lazy, name="Phone")
    assert token.user_id == sales_user.pk and plain.startswith("crm_")
    assert ApiToken.objects.get(pk=token.pk).digest != plain


def test_a_name_is_required_and_days_are_bounded(sales_user):
    with pytest.raises(BusinessRuleError):
        issue_token(user=sales_user, name="  ")
    with pytest.raises(BusinessRuleError):
        issue_token(user=sales_user, name="x", days=0)
    with pytest.raises(BusinessRuleError):
        issue_token(user=sales_user, name="x", days=366)


def test_only_the_user_or_an_admin_revokes(sales_user, crm_admin):
    from crm.tests.factories import UserFactory

    other = UserFactory()
    token, _ = issue_token(user=sales_user, name="Script")
    with pytest.raises(BusinessRuleError, match="your own tokens"):
        revoke_token(token, by=other)
    revoke_token(token, by=crm_admin)
    assert not ApiToken.objects.filter(pk=token.pk).exists()
