"""Lists: a False boolean is a dash (True keeps its check); money columns right-aligned."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from unfold.utils import display_for_value


def test_false_is_a_dash_and_true_a_check():
    false = display_for_value(False, "-", boolean=True)
    assert "—" in false and "close_small" not in false and "bg-red" not in false
    assert 'title="No"' in false
    true = render_to_string("unfold/helpers/boolean.html", {"value": True})
    assert "check_small" in true
    unknown = render_to_string("unfold/helpers/boolean.html", {"value": None})
    assert "check_indeterminate_small" in unknown


def test_money_columns_are_right_aligned_by_a_generic_rule():
    css = (Path(settings.BASE_DIR) / "crm/static/crm/lightning.css").read_text()
    rule = css.split('td[class*="field-amount"]', 1)[1].split("}", 1)[0]
    assert 'th[class*="column-amount"]' in rule and "text-align: right" in rule
