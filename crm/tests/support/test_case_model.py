"""Case fields and rules: number, priority default, contact of the case's account."""

import pytest
from django.core.exceptions import ValidationError

from crm.errors import BusinessRuleError
from crm.models.support import Case, CasePriority
from crm.services.records import save_record
from crm.tests.factories import AccountFactory, CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db


def test_number_is_the_padded_id(case):
    assert case.number == f"CS-{case.pk:06d}"
    assert str(case) == case.number
    assert str(Case(subject="x")) == "New case"


def test_priority_defaults_to_medium(account, sales_user):
    case = Case(subject="Site slow", account=account)
    save_record(case, user=sales_user)
    assert case.priority == CasePriority.MEDIUM and case.owner == sales_user


def test_contact_of_another_account_is_refused(account, sales_user):
    stranger = ContactFactory(account=AccountFactory(name="Quillfeather"))
    case = Case(subject="Site down", account=account, contact=stranger)
    with pytest.raises(BusinessRuleError) as refused:
        save_record(case, user=sales_user)
    assert "must belong to the case's account" in str(refused.value)
    assert not Case.objects.exists()


def test_moving_the_case_to_another_account_keeps_the_rule(case, sales_user):
    case.account = AccountFactory(name="Other")
    with pytest.raises(BusinessRuleError, match="must belong"):
        save_record(case, user=sales_user, version=case.version)


def test_inactive_account_or_contact_cannot_be_linked(account, contact, sales_user):
    contact.is_active = False
    contact.save()
    case = Case(subject="Broken form", account=account, contact=contact)
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert "inactive" in str(refused.value)


def test_subject_is_required_and_trimmed(account, sales_user):
    with pytest.raises(BusinessRuleError):
        save_record(Case(subject="   ", account=account), user=sales_user)
    case = CaseFactory.build(subject="  Email bounces ", account=account, contact=None)
    save_record(case, user=sales_user)
    assert case.subject == "Email bounces"
