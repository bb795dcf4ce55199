"""The filter drawer is drawn when opened (issue 23 item 8): the list page carries the empty
drawer and its address; ``?_filters=1`` on the same list URL answers the drawer's form alone,
for the list as shown (its view, search and filters kept)."""

import pytest
from django.urls import reverse

from crm.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db
LEADS = reverse("admin:crm_lead_changelist")


def test_the_list_page_carries_the_empty_drawer_and_where_to_fetch_it(crm_admin_client):
    LeadFactory()
    html = crm_admin_client.get(LEADS, {"view": "all", "q": "Ada"}).content.decode()
    assert 'id="filter-form"' not in html and "Loading filters…" in html
    assert 'data-crm-filters="/crm/lead/?view=all&amp;q=Ada&amp;_filters=1"' in html
    assert "crm/list_filters.js" in html
    assert "filter-open-button" in html  # the "Filters" button at every width


def test_the_drawer_alone_keeps_the_lists_view_search_and_filters(crm_admin_client):
    LeadFactory()
    response = crm_admin_client.get(
        LEADS, {"view": "all", "q": "Ada", "status": "working", "_filters": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="filter-form" method="get" action="/crm/lead/"')
    assert "<html" not in html and "nav-sidebar" not in html
    assert 'name="view" value="all"' in html and 'name="q" value="Ada"' in html
    assert 'name="_filters"' not in html  # applying the drawer opens the list, not the drawer
    assert "By lead source" in html or "Lead source" in html


def test_a_list_opened_with_the_drawer_parameter_is_not_refused(crm_admin_client, crm_admin):
    """``_filters`` is not a field lookup: Django would answer an unknown one with ?e=1."""
    LeadFactory(owner=crm_admin)
    response = crm_admin_client.get(LEADS, {"_filters": "1", "view": "mine"})
    assert response.status_code == 200  # not Django's redirect to ?e=1
    assert 'id="filter-form"' in response.content.decode()
