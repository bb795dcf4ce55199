"""The list's action bar is Unfold's, drawn once per set of choices (crm.admin.kit.action_form):
the same markup as Unfold's form, and another user's choices are never served from the
first user's drawing."""

from unfold.forms import ActionForm

from crm.admin.kit.action_form import ListActionForm


def drawn(form_class, choices) -> str:
    form = form_class(auto_id=None)
    form.fields["action"].choices = choices
    return "".join(str(field) for field in form)


def test_the_action_bar_is_unfolds_and_follows_the_choices():
    admins = [("", "---------"), ("delete_selected", "Delete selected"), ("export", "Export")]
    sales = [("", "---------"), ("export", "Export")]
    for choices in (admins, sales, admins):
        assert drawn(ListActionForm, choices) == drawn(ActionForm, choices)
    assert "Delete selected" not in drawn(ListActionForm, sales)
    assert drawn(ListActionForm, admins).count('class="select-across"') == 1
