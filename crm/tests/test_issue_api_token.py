"""`manage.py issue_api_token`: prints only a working token; the service's rules refuse."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from knox.auth import TokenAuthentication

from crm.models import ApiToken
from crm.services.api_tokens import BAD_DAYS

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out)
    return out.getvalue()


def test_prints_only_the_token_and_it_authenticates(sales_user):
    printed = issue("--email", "SAM@agency.example", "--name", "Fuzzing", "--days", "2")
    token = printed.strip()
    assert printed == token + "\n" and token.startswith("crm_")
    user, row = TokenAuthentication().authenticate_credentials(token.encode())
    assert user == sales_user and row.name == "Fuzzing"
    assert ApiToken.objects.filter(user=sales_user).count() == 1


def test_unknown_email_is_an_error(db):
    with pytest.raises(CommandError, match="No user with email nobody@x.example"):
        issue("--email", "nobody@x.example", "--name", "X")


def test_service_rules_refuse(sales_user):
    with pytest.raises(CommandError, match=BAD_DAYS):
        issue("--email", sales_user.email, "--name", "X", "--days", "400")
    assert not ApiToken.objects.exists()
