"""What an activity is about ("what") and who it is with ("who"), declared ONCE here, in
``WHAT_LINKS`` / ``WHO_LINKS``. Everything else is built from that declaration: the foreign
keys themselves (``ActivityLinks``), the database constraint "at most one", the ``what`` /
``who`` properties, the forms' "Related To" field, the services' rules and the account
timeline's roll-up (``Link.account_path``). To relate activities to a new kind of record, add
one ``Link`` here and run makemigrations, e.g.::

    Link("related_case", "crm.Case", "Case", account_path="account"),
"""

from dataclasses import dataclass
from itertools import combinations

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Link:
    field: str  # the Activity foreign key, e.g. "related_opportunity"
    model: str  # "crm.Opportunity"
    label: str  # how the form's "Related To" / "Name" choice calls it
    # How a linked record reaches its account ("account", "opportunity__account"), so the
    # account's timeline rolls its activities up; None: it belongs to no account.
    account_path: str | None = None


# "What": the record an activity is about. The lead appends Case, Order, Contract, Quote.
WHAT_LINKS: tuple[Link, ...] = (
    Link("related_account", "crm.Account", "Account"),
    Link("related_opportunity", "crm.Opportunity", "Opportunity", account_path="account"),
    Link("related_campaign", "crm.Campaign", "Campaign"),
    Link("related_case", "crm.Case", "Case", account_path="account"),
    Link("related_order", "crm.Order", "Order", account_path="account"),
    Link("related_quote", "crm.Quote", "Quote", account_path="account"),
    Link("related_contract", "crm.Contract", "Contract", account_path="account"),
)
# "Who": the person an activity is with.
WHO_LINKS: tuple[Link, ...] = (
    Link("contact", "crm.Contact", "Contact", account_path="account"),
    Link("lead", "crm.Lead", "Lead"),
)
WHAT_FIELDS = tuple(link.field for link in WHAT_LINKS)
WHO_FIELDS = tuple(link.field for link in WHO_LINKS)


def at_most_one(fields: tuple[str, ...]) -> Q:
    """True when no two of ``fields`` are set (the database form of "at most one")."""
    condition = Q()
    for first, second in combinations(fields, 2):
        condition &= ~Q(**{f"{first}__isnull": False, f"{second}__isnull": False})
    return condition


def _link_fields() -> dict:
    fields = {}
    for link in (*WHAT_LINKS, *WHO_LINKS):
        fields[link.field] = models.ForeignKey(
            link.model,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name="activities",
            verbose_name=link.label.lower(),
        )
    return fields


# The link foreign keys, generated from the declaration above (an abstract base, so
# simple-history's historical model and migrations see them as ordinary fields).
ActivityLinks = type(
    "ActivityLinks",
    (models.Model,),
    {
        "__module__": __name__,
        "Meta": type("Meta", (), {"abstract": True}),
        **_link_fields(),
    },
)
