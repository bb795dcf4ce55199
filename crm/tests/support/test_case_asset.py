"""A case may name the client's asset it is about — only an asset of the case's account."""

import pytest
from django.core.exceptions import ValidationError

from crm.models.support import ASSET_OF_OTHER_ACCOUNT
from crm.tests.factories import AssetFactory, CaseFactory

pytestmark = pytest.mark.django_db


def test_asset_of_the_same_account_is_accepted():
    case = CaseFactory()
    case.asset = AssetFactory(account=case.account)
    case.full_clean()
    case.save()
    assert case.asset.cases.get() == case


def test_asset_of_another_account_is_refused():
    case = CaseFactory()
    case.asset = AssetFactory()
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert refused.value.message_dict["asset"] == [ASSET_OF_OTHER_ACCOUNT]


def test_case_form_offers_the_asset_and_shows_it(sales_client, sales_user):
    case = CaseFactory(owner=sales_user, account__owner=sales_user)
    case.asset = AssetFactory(account=case.account, name="Hosting plan")
    case.save()
    page = sales_client.get(f"/crm/case/{case.pk}/change/").content.decode()
    assert "Hosting plan" in page
    form = sales_client.get(f"/crm/case/{case.pk}/change/?edit=1")
    assert "asset" in form.context["adminform"].form.fields
