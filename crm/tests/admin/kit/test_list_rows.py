"""Every list's rows, drawn once per page (crm.admin.kit.list_rows), show exactly what Unfold's
per-cell drawing shows: the same cells, tags, column classes, links and values — only the
cell box is one class instead of fourteen."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from crm.admin.kit import list_rows
from crm.tests import factories
from crm.tests.admin.test_admin_smoke import IDS, MODEL_ADMINS, url

pytestmark = pytest.mark.django_db
CELL = re.compile(r'^<(td|th) class="([^"]*)">(.*)</\1>$', re.S)
# The classes that say something about a column; the rest is the cell's box.
MEANINGFUL = re.compile(r"^(field-.*|nowrap|!text-end|action-checkbox)$")


@pytest.fixture
def superadmin_client(client, crm_admin):
    # The Admin group covers the crm app; test-only apps need their permissions granted.
    crm_admin.user_permissions.add(*Permission.objects.exclude(content_type__app_label="crm"))
    client.force_login(crm_admin)
    return client


def meaning(cell: str) -> tuple[str, frozenset, str]:
    tag, classes, inner = CELL.match(str(cell)).groups()
    kept = frozenset(name for name in classes.split() if MEANINGFUL.match(name))
    return tag, kept, re.sub(r'"\s+>', '">', inner)  # Unfold writes `class="…" >`


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_every_lists_rows_show_what_unfolds_rows_show(superadmin_client, model, model_admin):
    if getattr(model_admin, "single_record", False):
        pytest.skip("a single-record admin opens its record, not a list")
    for _ in range(2):
        factories.factory_for_model()[model]()
    response = superadmin_client.get(url(model, "changelist"), {"view": "all"}, follow=True)
    cl = response.context["cl"]
    assert cl.result_list, "the list shows the records made"
    for record in cl.result_list:
        ours = [meaning(c) for c in list_rows.items_for_result(cl, record, None)]
        unfolds = [meaning(c) for c in list_rows._unfold_items_for_result(cl, record, None)]
        assert ours == unfolds


def test_the_record_link_keeps_the_lists_filters(crm_admin_client, crm_admin):
    account = factories.AccountFactory(owner=crm_admin, name="Zephyr Labs")
    response = crm_admin_client.get(
        reverse("admin:crm_account_changelist"), {"view": "all", "q": "Zephyr"}
    )
    change = reverse("admin:crm_account_change", args=[account.pk])
    html = response.content.decode()
    assert f'href="{change}?_changelist_filters=view%3Dall%26q%3DZephyr"' in html


def test_a_popup_row_tells_the_opener_which_record_was_chosen(crm_admin_client, crm_admin):
    account = factories.AccountFactory(owner=crm_admin)
    response = crm_admin_client.get(
        reverse("admin:crm_account_changelist"), {"_popup": "1", "_to_field": "id"}
    )
    assert f'data-popup-opener="{account.pk}"' in response.content.decode()


def test_the_page_is_one_table_body_with_striped_rows(crm_admin_client, crm_admin):
    factories.AccountFactory.create_batch(3, owner=crm_admin)
    html = crm_admin_client.get(reverse("admin:crm_account_changelist")).content.decode()
    table = html.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tbody") == 1 and table.count('<tr class="data-row">') == 3
    assert "x-data" not in table  # no per-row Alpine component


def test_a_row_action_is_unfolds_button_drawn_as_one_string(crm_admin_client):
    """The product list's "Edit" on each row (crm/templatetags/crm_lists.py)."""
    from django.template.loader import render_to_string

    product = factories.ProductFactory()
    response = crm_admin_client.get(reverse("admin:crm_product_changelist"), {"view": "all"})
    html = response.content.decode()
    edit = reverse("admin:crm_product_edit_row", args=[product.pk])
    ours = re.search(rf'<a href="{edit}"[^>]*>.*?</a>', html, re.S).group(0)
    unfolds = render_to_string(
        "unfold/helpers/actions_row.html",
        {"actions": response.context["actions_row"], "instance_pk": product.pk},
    )
    theirs = re.search(rf'<a href="{edit}".*?</a>', unfolds, re.S).group(0)
    assert squeezed(ours) == squeezed(theirs)


def squeezed(html: str) -> str:
    """The markup without the layout whitespace between tags (a template's indentation)."""
    return re.sub(r"\s*([<>])\s*", r"\1", " ".join(html.split()))


def test_the_rows_are_drawn_in_one_go_with_a_forms_errors_first():
    """crm_lists.data_rows: the cells as they are (safe), anything else escaped; a row whose
    form has errors gets a row with them above it; the row's own actions at its end."""
    from django import forms
    from django.utils.safestring import SafeString

    from crm.templatetags.crm_lists import data_rows

    class Row(list):
        def __init__(self, cells, form, pk):
            super().__init__(cells)
            self.form, self.instance = form, type("Record", (), {"pk": pk})()

    class Broken(forms.Form):
        def clean(self):
            raise forms.ValidationError("Out of <stock>")

    broken = Broken(data={})
    broken.is_valid()
    rows = [
        Row([SafeString("<td>a</td>"), "<b>"], None, 1),
        Row([SafeString("<td>b</td>")], broken, 2),
    ]
    actions = [{"title": "Edit", "raw_path": "admin:crm_product_change"}]
    html = data_rows(rows, actions)
    assert html.startswith(
        '<tr class="data-row"><td>a</td>&lt;b&gt;<td class="field-actions_holder'
    )
    errors = '<tr><td class="text-start" colspan="1"><ul class="errorlist nonfield">'
    assert errors + "<li>Out of &lt;stock&gt;" in html
    assert html.endswith("</div></td></tr>") and html.count('<tr class="data-row">') == 2
    assert data_rows(rows[:1], None) == '<tr class="data-row"><td>a</td>&lt;b&gt;</tr>'
