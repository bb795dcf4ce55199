"""The list cells' escaping (crm.admin.kit.escaping): exactly what format_html gives, for
text a user typed (markup, quotes, ampersands) and for safe strings."""

import pytest
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from crm.admin.kit.columns import email_link, in_red, phone_link, truncated
from crm.admin.kit.escaping import escaped

TYPED = ['Tom & "Jerry" <b>Ltd</b>', "O'Brien", "plain", 42]


@pytest.mark.parametrize("value", TYPED)
def test_escaped_is_what_format_html_puts_in(value):
    assert escaped(value) == format_html("{}", value)


def test_a_safe_string_goes_in_as_it_is():
    assert escaped(mark_safe("<em>kept</em>")) == "<em>kept</em>"


@pytest.mark.parametrize("value", TYPED[:3])
def test_cells_escape_what_users_typed(value):
    assert truncated(value) == format_html(
        '<span class="crm-truncate" title="{}">{}</span>', value, value
    )
    assert email_link(value) == format_html(
        '<a class="crm-link crm-truncate" href="mailto:{}" title="{}">{}</a>', value, value, value
    )
    assert in_red(value, label=value) == format_html(
        '<span class="crm-overdue" data-overdue title="{}">{}<span class="crm-sr-only"> ({})'
        "</span></span>",
        value,
        value,
        value,
    )


def test_a_phone_number_dials_its_digits_and_shows_what_was_typed():
    typed = '+1 (555) <b>"12"</b> & 3'
    assert phone_link(typed) == format_html(
        '<a class="crm-link crm-truncate" href="tel:{}" title="{}">{}</a>', "+1555123", typed, typed
    )
