"""The lead status machine, its service and path, and the read-only rule for converted leads."""

import pytest
from django.core.exceptions import ValidationError

from crm.errors import STALE_RECORD_MESSAGE, BusinessRuleError, ConcurrencyError
from crm.models import Lead, LeadStatus
from crm.models.leads import CONVERTED_READ_ONLY
from crm.services.leads import change_status, convert_lead
from crm.tests.factories import LeadFactory
from crm.tests.leads.conftest import messages_of, set_status

pytestmark = pytest.mark.django_db
LEADS = "/crm/lead/"


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (LeadStatus.NEW, LeadStatus.CONTACTED),
        (LeadStatus.NEW, LeadStatus.QUALIFIED),
        (LeadStatus.CONTACTED, LeadStatus.QUALIFIED),
        (LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED),
        (LeadStatus.UNQUALIFIED, LeadStatus.NEW),
    ],
)
def test_allowed_moves(sales_user, start, target):
    lead = set_status(LeadFactory(owner=sales_user), start)
    change_status(lead, status=target, user=sales_user)
    assert Lead.objects.get(pk=lead.pk).status == target == lead.status
    assert lead.history.first().history_user == sales_user


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (LeadStatus.QUALIFIED, LeadStatus.CONTACTED),
        (LeadStatus.UNQUALIFIED, LeadStatus.QUALIFIED),
        (LeadStatus.CONTACTED, LeadStatus.NEW),
    ],
)
def test_refused_moves_explain_and_change_nothing(sales_user, start, target):
    lead = set_status(LeadFactory(owner=sales_user), start)
    with pytest.raises(BusinessRuleError) as excinfo:
        change_status(lead, status=target, user=sales_user)
    assert excinfo.value.messages == [
        f"'{lead}' cannot move from {LeadStatus(start).label} to {LeadStatus(target).label}."
    ]
    assert Lead.objects.get(pk=lead.pk).status == start


def test_converted_is_reached_only_through_convert(sales_user):
    lead = LeadFactory(owner=sales_user)
    with pytest.raises(BusinessRuleError) as excinfo:
        change_status(lead, status=LeadStatus.CONVERTED, user=sales_user)
    assert "Use Convert" in excinfo.value.messages[0]
    with pytest.raises(AttributeError):
        lead.status = LeadStatus.CONVERTED  # FSM-protected field


def test_stale_version_changes_nothing(sales_user):
    lead = LeadFactory(owner=sales_user)
    with pytest.raises(ConcurrencyError):
        change_status(lead, status=LeadStatus.CONTACTED, user=sales_user, version=7)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW


def test_converted_lead_cannot_be_edited_by_the_model_or_the_service(lead, sales_user):
    convert_lead(lead, user=sales_user, opportunity_name="Shop")
    stored = Lead.objects.get(pk=lead.pk)
    stored.company = "Renamed"
    with pytest.raises(BusinessRuleError) as excinfo:
        stored.save()
    assert excinfo.value.messages == [CONVERTED_READ_ONLY]
    with pytest.raises(ValidationError):
        stored.full_clean()
    with pytest.raises(BusinessRuleError):
        change_status(stored, status=LeadStatus.UNQUALIFIED, user=sales_user)
    assert Lead.objects.get(pk=lead.pk).company == "Brightside Bakery"


def test_converted_lead_page_is_view_only_with_links(sales_client, lead, sales_user):
    result = convert_lead(lead, user=sales_user, opportunity_name="Bakery shop")
    page = sales_client.get(f"{LEADS}{lead.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="company"' not in html  # no editable inputs
    assert "data-converted-banner" in html and "this lead is read-only." in html
    assert f'href="/crm/account/{result.account.pk}/change/"' in html
    assert f'href="/crm/contact/{result.contact.pk}/change/"' in html
    assert f'href="/crm/opportunity/{result.opportunity.pk}/change/"' in html
    assert "Convert</a>" not in html and "/qualify/" not in html
    assert "crm-path__stage--allowed" not in html  # no path clicks
    posted = sales_client.post(f"{LEADS}{lead.pk}/change/", {"company": "Renamed"})
    assert posted.status_code == 403
    assert Lead.objects.get(pk=lead.pk).company == "Brightside Bakery"


def test_path_shows_the_lead_stages_and_converted_opens_the_conversion_page(sales_client, lead):
    html = sales_client.get(f"{LEADS}{lead.pk}/change/").content.decode()
    for value in ("new", "contacted", "qualified", "closed"):
        assert f'data-stage="{value}"' in html
    assert "Mark Status as Complete" in html and "Mark Stage" not in html
    assert f'href="{LEADS}{lead.pk}/convert/" class="crm-button crm-button--brand"' in html
    assert f'href="{LEADS}{lead.pk}/disqualify/" class="crm-button crm-button--danger"' in html
    assert f"{LEADS}{lead.pk}/path/unqualified/" not in html  # asks first, never at once


def test_unqualified_lead_shows_it_on_the_path_and_may_reopen(sales_client, lead, sales_user):
    set_status(lead, LeadStatus.UNQUALIFIED)
    html = sales_client.get(f"{LEADS}{lead.pk}/change/").content.decode()
    assert 'data-stage="unqualified"' in html and 'data-stage="converted"' not in html
    assert "crm-path__stage--lost" in html
    assert f'formaction="{LEADS}{lead.pk}/path/new/"' in html  # New's "Mark as Current Status"
    assert "crm-badge--warning" in html
    response = sales_client.post(f"{LEADS}{lead.pk}/path/new/", {"version": 1}, follow=True)
    assert f"Lead '{lead}' moved to New." in messages_of(response)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW


def test_path_click_marks_contacted_and_stale_click_is_refused(sales_client, sales_user):
    lead = LeadFactory(owner=sales_user)
    response = sales_client.post(f"{LEADS}{lead.pk}/path/contacted/", {"version": 1}, follow=True)
    assert f"Lead '{lead}' moved to Contacted." in messages_of(response)
    response = sales_client.post(f"{LEADS}{lead.pk}/path/qualified/", {"version": 1}, follow=True)
    assert STALE_RECORD_MESSAGE in messages_of(response)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.CONTACTED


def test_status_actions_confirm_then_run(sales_client, sales_user):
    lead = LeadFactory(owner=sales_user)
    html = sales_client.get(f"{LEADS}{lead.pk}/change/").content.decode()
    assert f"{LEADS}{lead.pk}/mark-contacted/" in html and f"{LEADS}{lead.pk}/reopen/" not in html
    confirm = sales_client.get(f"{LEADS}{lead.pk}/qualify/")
    assert "ready to convert" in confirm.content.decode()
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW  # GET changes nothing
    response = sales_client.post(f"{LEADS}{lead.pk}/qualify/", {"version": 1}, follow=True)
    assert f"Lead '{lead}' was qualified." in messages_of(response)
    response = sales_client.post(f"{LEADS}{lead.pk}/disqualify/", {"version": 2}, follow=True)
    assert f"Lead '{lead}' was disqualified." in messages_of(response)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.UNQUALIFIED
    assert sales_client.get(f"{LEADS}{lead.pk}/qualify/").status_code == 403
