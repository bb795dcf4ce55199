"""The create button says what it creates (issue 23): "New Account" on the accounts list,
"New Task" and "New Event" on the activities list, on every changelist the role may add to;
record pages (read and edit) and add forms show none, since the record header has its own
New… actions. The label is read from the rendered HTML, as a user sees it.

Data-driven like the smoke matrix: every registered admin is visited as an admin and as a
sales user; a new admin that can be added to needs its expected label in ``LABELS``."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from crm.tests import factories
from crm.tests.admin.access_matrix import ACCESS, FULL, IDS, ISSUED, MODEL_ADMINS, NONE, admin_url
from crm.tests.admin.matrix_records import records_for

pytestmark = pytest.mark.django_db

ADDABLE = (FULL, ISSUED)  # the roles' access that includes the add page (access_matrix)
# The visible label of each list's create button(s), in Salesforce's casing.
LABELS: dict[str, list[str]] = {
    "crm.Account": ["New Account"],
    "crm.Activity": ["New Task", "New Event"],
    "crm.ApiToken": ["New API Token"],
    "crm.Campaign": ["New Campaign"],
    "crm.CampaignMember": ["New Campaign Member"],
    "crm.Case": ["New Case"],
    "crm.Contact": ["New Contact"],
    "crm.Contract": ["New Contract"],
    "crm.ContractLineItem": ["New Contract Line Item"],
    "crm.KnowledgeArticle": ["New Knowledge Article"],
    "crm.Lead": ["New Lead"],
    "crm.Opportunity": ["New Opportunity"],
    "crm.OpportunityContactRole": ["New Opportunity Contact Role"],
    "crm.OpportunityLineItem": ["New Opportunity Line Item"],
    "crm.Product": ["New Product"],
    "crm.Quote": ["New Quote"],
    "crm.QuoteLineItem": ["New Quote Line Item"],
    "crm.Solution": ["New Solution"],
    "crm.User": ["New User"],
}
# Where each activities button leads: the add form of its type.
ACTIVITY_QUERIES = {"New Task": "type=task", "New Event": "type=event"}


class CreateButtons(HTMLParser):
    """The header's create links (``a.addlink``): their visible text (the icon ligature,
    ``aria-hidden``, is not read out) and their href."""

    def __init__(self):
        super().__init__()
        self.links: list[dict[str, str]] = []
        self._in_link = False
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "addlink" in (attributes.get("class") or "").split():
            self._in_link = True
            self.links.append({"href": attributes.get("href") or "", "label": ""})
        elif self._in_link and (self._hidden_depth or attributes.get("aria-hidden") == "true"):
            self._hidden_depth += 1

    def handle_endtag(self, tag):
        if self._hidden_depth:
            self._hidden_depth -= 1
        elif tag == "a" and self._in_link:
            self._in_link = False
            self.links[-1]["label"] = " ".join(self.links[-1]["label"].split())

    def handle_data(self, data):
        if self._in_link and not self._hidden_depth:
            self.links[-1]["label"] += data


def create_buttons(client: Client, url: str) -> list[dict[str, str]] | None:
    """The create links on ``url``, or None when the page does not open for this role."""
    response = client.get(url)
    if response.status_code != 200:
        return None
    parser = CreateButtons()
    parser.feed(response.content.decode())
    return parser.links


@pytest.fixture
def clients(crm_admin, sales_user) -> dict[str, Client]:
    signed_in = {}
    for role, user in (("admin", crm_admin), ("sales", sales_user)):
        signed_in[role] = Client()
        signed_in[role].force_login(user)
    return signed_in


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_lists_say_new_object_and_record_and_add_pages_show_no_create_button(
    clients, crm_admin, sales_user, model, model_admin
):
    label = model._meta.label
    access = ACCESS.get(label)
    if access is None:
        pytest.fail(f"declare each role's access (SPEC §5) in ACCESS for {label}")
    if all(access[role] == NONE for role in clients):
        pytest.skip(f"no role opens {label}'s pages")
    if any(access[role] in ADDABLE for role in clients) and label not in LABELS:
        pytest.fail(f"add the label of {label}'s create button to LABELS")
    other_user = factories.UserFactory()
    _, record = records_for(
        model, sales_user=sales_user, other_user=other_user, crm_admin=crm_admin
    )[0]
    add_url = admin_url(model, "add")
    failures = []
    for role, client in clients.items():
        links = create_buttons(client, admin_url(model, "changelist"))
        if links is None:
            continue  # this role may not open the list (the smoke matrix checks the status)
        expected = LABELS[label] if access[role] in ADDABLE else []
        shown = [link["label"] for link in links]
        if shown != expected:
            failures.append(f"{role} list: {shown}, expected {expected}")
        for link in links:
            query = ACTIVITY_QUERIES.get(link["label"]) if label == "crm.Activity" else None
            if not link["href"].startswith(add_url) or (query and query not in link["href"]):
                failures.append(f"{role} list: {link['label']} leads to {link['href']}")
        record_pages = [admin_url(model, "change", record.pk)]
        record_pages.append(record_pages[0] + "?edit=1")
        add_pages = [add_url, f"{add_url}?type=event"] if label == "crm.Activity" else [add_url]
        for page in record_pages + (add_pages if access[role] in ADDABLE else []):
            links = create_buttons(client, page)
            if links:
                failures.append(f"{role} {page}: shows {[link['label'] for link in links]}")
    assert not failures, "\n".join(failures)


class EmptyStateButtons(HTMLParser):
    """The create links of the empty list (``[data-crm-empty] a[data-crm-create]``)."""

    def __init__(self):
        super().__init__()
        self.labels: list[str] = []
        self._depth = 0  # open elements inside the empty state
        self._in_link = self._in_icon = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._depth:
            self._depth += 1
        elif "data-crm-empty" in attributes:
            self._depth = 1
        if self._depth and tag == "a" and "data-crm-create" in attributes:
            self._in_link = True
            self.labels.append("")
        self._in_icon = self._in_link and attributes.get("aria-hidden") == "true"

    def handle_endtag(self, tag):
        self._depth = max(self._depth - 1, 0)
        self._in_icon = False
        if tag == "a" and self._in_link:
            self._in_link = False
            self.labels[-1] = " ".join(self.labels[-1].split())

    def handle_data(self, data):
        if self._in_link and not self._in_icon:
            self.labels[-1] += data


@pytest.mark.parametrize(
    ("changelist", "labels"),
    [
        ("admin:crm_account_changelist", ["New Account"]),
        ("admin:crm_activity_changelist", ["New Task", "New Event"]),
    ],
)
def test_an_empty_list_offers_the_same_create_buttons(crm_admin_client, changelist, labels):
    response = crm_admin_client.get(reverse(changelist))
    parser = EmptyStateButtons()
    parser.feed(response.content.decode())
    assert parser.labels == labels
