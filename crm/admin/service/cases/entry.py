"""Where cases start: the "New Case" button and the Cases card on the account and contact
pages (the client's "Clicks 'New Case' from an Account's or Contact's related list")."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from unfold.decorators import action

from crm.admin.kit.related import Column, RelatedList
from crm.objects import style_of
from crm.selectors.cases import ALL_CASES, account_cases, contact_cases


class NewCaseActionMixin:
    """Mix into the account / contact admin; the case form opens with it pre-filled."""

    new_case_param = "account"  # "contact" pre-fills the contact and its account

    def has_new_case_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.add_case"):
            return False
        parent = self.get_record(request, object_id) if object_id is not None else None
        return object_id is None or (parent is not None and parent.is_active)

    @action(
        description="New Case",
        url_path="new-case",
        permissions=["new_case"],
        icon="support_agent",
    )
    def new_case(self, request, object_id):
        url = reverse("admin:crm_case_add")
        return HttpResponseRedirect(f"{url}?{self.new_case_param}={object_id}")


def _cases_card(rows, *, parent_field: str, columns: tuple[Column, ...]) -> RelatedList:
    return RelatedList(
        key="cases",
        title="Cases",
        icon=style_of("case").icon,
        color=style_of("case").color,
        rows=rows,
        parent_field=parent_field,
        new_label="New Case",
        columns=columns,
        # The queue shows open cases by default; the card lists closed ones too.
        view_all_params=lambda parent: {parent_field: parent.pk, "view": ALL_CASES},
    )


def _contact_inactive(case) -> bool:
    return case.contact_id is not None and not case.contact.is_active


def account_cases_related_list() -> RelatedList:
    return _cases_card(
        account_cases,
        parent_field="account",
        columns=(
            Column("Case number", "number", link=True),
            Column("Subject", "subject"),
            Column("Contact", "contact.full_name", inactive=_contact_inactive),
            Column("Priority", "get_priority_display"),
            Column("Status", "get_status_display"),
            Column("Owner", "owner"),
        ),
    )


def contact_cases_related_list() -> RelatedList:
    return _cases_card(
        contact_cases,
        parent_field="contact",
        columns=(
            Column("Case number", "number", link=True),
            Column("Subject", "subject"),
            Column("Priority", "get_priority_display"),
            Column("Status", "get_status_display"),
            Column("Owner", "owner"),
        ),
    )
