"""Record search for the command palette: a few matches per kind of record, found through
the trigram indexes (migration 0006) on PostgreSQL, plain ``icontains`` elsewhere.

Every word of the term must match one of the searched fields (as in the admin's lists). Data
only: the caller builds links and labels."""

from dataclasses import dataclass

from django.db.models import Q

from crm.models import Account, Contact, Lead, Opportunity, User
from crm.models.catalog import Product
from crm.models.marketing import Campaign

PER_MODEL = 5
MAX_WORDS = 5


@dataclass(frozen=True)
class Searched:
    model: type
    fields: tuple[str, ...]  # matched with icontains (each has a trigram index on PostgreSQL)
    title: tuple[str, ...]  # values joined into the result's title
    detail: str  # value shown under the title


SEARCHED = (
    Searched(Account, ("name",), ("name",), "billing_city"),
    Searched(Contact, ("first_name", "last_name", "email"), ("first_name", "last_name"), "email"),
    Searched(
        Lead,
        fields=("first_name", "last_name", "company", "email"),
        title=("first_name", "last_name"),
        detail="company",
    ),
    Searched(Opportunity, ("name",), ("name",), "account__name"),
    Searched(Product, ("name", "product_code"), ("name",), "product_code"),
    Searched(Campaign, ("name",), ("name",), "status"),
    Searched(User, ("first_name", "last_name", "email"), ("first_name", "last_name"), "email"),
)


def _matches(fields: tuple[str, ...], words: list[str]) -> Q:
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def search_records(term: str, *, models: set[type] | None = None, limit: int = PER_MODEL):
    """``[(model, [{"id", "title", "detail"}, …]), …]`` — at most ``limit`` rows per model
    (one query each), for the models in ``models`` (default: all searched)."""
    words = (term or "").split()[:MAX_WORDS]
    if not words:
        return []
    found = []
    for spec in SEARCHED:
        if models is not None and spec.model not in models:
            continue
        rows = spec.model.objects.filter(_matches(spec.fields, words)).values(
            "id", *spec.title, spec.detail
        )[:limit]
        results = [
            {
                "id": row["id"],
                "title": " ".join(str(row[name]) for name in spec.title if row[name]),
                "detail": str(row[spec.detail] or ""),
            }
            for row in rows
        ]
        if results:
            found.append((spec.model, results))
    return found
