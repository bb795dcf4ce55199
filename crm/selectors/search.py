"""Record search for the command palette and the /find/ results page: every kind of record by
what users type — a record number (``CS-000005``, ``ord-7``), words of a name, subject or
title, an email address, a phone number typed with or without punctuation.

On PostgreSQL every condition is served by an index: the trigram indexes of migrations 0006
and 0019 for ``icontains`` and the digits of phone numbers, the primary key for numbers;
elsewhere (SQLite in development) they are plain scans. A number looks up its own kind only;
words match when every word matches one of a kind's fields (as in the admin's lists), and at
least one word has three characters (fewer give a trigram index nothing to search with). One
query per kind searched, whatever the number of matches. Data only: callers build links and
labels."""

import re
from dataclasses import dataclass

from django.db.models import Count, F, Q, Value, Window
from django.db.models.functions import Replace

from crm.ids import parse_id
from crm.models import (
    Account,
    Activity,
    Asset,
    Campaign,
    Case,
    Contact,
    Contract,
    Invoice,
    KnowledgeArticle,
    Lead,
    Opportunity,
    Order,
    Payment,
    Product,
    Quote,
    Solution,
    User,
)
from crm.models.contracts import NUMBER_PREFIX as CONTRACT_PREFIX
from crm.models.invoices import NUMBER_PREFIX as INVOICE_PREFIX
from crm.models.orders import NUMBER_PREFIX as ORDER_PREFIX
from crm.models.payments import NUMBER_PREFIX as PAYMENT_PREFIX
from crm.models.quotes import NUMBER_PREFIX as QUOTE_PREFIX

PER_MODEL = 5
PALETTE_MATCHES = 100  # matches of a kind the palette picks its rows from
MAX_WORDS = 5
MIN_WORD = 3
MAX_TERM = 200
# Stripped from stored phone numbers before matching typed digits; migration 0019 indexes
# exactly this expression, so the characters and their order must not change without it.
PHONE_PUNCTUATION = (" ", "-", "(", ")", ".", "+", "/")
PHONE_TERM = re.compile(r"^[\d\s().+/-]+$")
MIN_PHONE_DIGITS = 3
CASE_PREFIX = "CS-"  # Case.number
# "CS-5", "cs - 000005" or, as shown without its dash, "CS000005"; a bare "Q4" stays words.
NUMBER_TERM = re.compile(r"^([a-z]+)(?:\s*-\s*(\d{1,19})|(\d{6,19}))$", re.IGNORECASE)


@dataclass(frozen=True)
class Searched:
    model: type
    fields: tuple[str, ...]  # matched with icontains (each has a trigram index on PostgreSQL)
    title: tuple[str, ...]  # values joined into the result's title
    detail: str  # value shown under the title
    phones: tuple[str, ...] = ()  # matched by their digits when the term is a phone number
    prefix: str = ""  # the record number's prefix ("CS-"); the number is the primary key


SEARCHED = (
    Searched(Account, ("name",), ("name",), "billing_city", phones=("phone",)),
    Searched(
        Contact,
        fields=("first_name", "last_name", "email"),
        title=("first_name", "last_name"),
        detail="account__name",
        phones=("phone", "mobile"),
    ),
    Searched(
        Lead,
        fields=("first_name", "last_name", "company", "email"),
        title=("first_name", "last_name"),
        detail="company",
        phones=("phone",),
    ),
    Searched(Opportunity, ("name",), ("name",), "account__name"),
    Searched(Case, ("subject",), ("subject",), "account__name", prefix=CASE_PREFIX),
    Searched(Quote, ("name",), ("name",), "account__name", prefix=QUOTE_PREFIX),
    Searched(Order, (), (), "account__name", prefix=ORDER_PREFIX),
    Searched(Contract, (), (), "account__name", prefix=CONTRACT_PREFIX),
    Searched(Invoice, (), (), "account__name", prefix=INVOICE_PREFIX),
    Searched(Payment, ("transaction_id",), (), "payment_method", prefix=PAYMENT_PREFIX),
    Searched(KnowledgeArticle, ("title",), ("title",), "status"),
    Searched(Solution, ("title",), ("title",), "status"),
    Searched(Product, ("name", "product_code"), ("name",), "product_code"),
    Searched(Campaign, ("name",), ("name",), "status"),
    Searched(Activity, ("subject",), ("subject",), "type"),
    Searched(Asset, ("name", "serial_number"), ("name",), "account__name"),
    Searched(User, ("first_name", "last_name", "email"), ("first_name", "last_name"), "email"),
)
SEARCHED_MODELS = tuple(spec.model for spec in SEARCHED)


@dataclass(frozen=True)
class Term:
    """What a typed term asks for: a record number, or words and perhaps phone digits."""

    text: str
    words: tuple[str, ...] = ()
    digits: str = ""
    number: tuple[type, int] | None = None

    @property
    def searchable(self) -> bool:
        return bool(self.number or self.digits or any(len(w) >= MIN_WORD for w in self.words))


@dataclass(frozen=True)
class Group:
    model: type
    total: int | None  # every match of the kind (None when not counted), at most match_cap
    rows: list[dict]  # {"id", "title", "detail", "number"}
    more_than: bool = False  # more than ``total`` match (the count stopped at its cap)


def parse_term(term: str) -> Term:
    text = " ".join((term or "").split())[:MAX_TERM]
    if match := NUMBER_TERM.match(text):
        prefix, digits = match[1].upper() + "-", match[2] or match[3]
        for spec in SEARCHED:
            if spec.prefix == prefix and (pk := parse_id(digits)):
                return Term(text, number=(spec.model, pk))
    digits = re.sub(r"\D", "", text) if PHONE_TERM.match(text) else ""
    return Term(
        text,
        words=tuple(text.split()[:MAX_WORDS]),
        digits=digits if len(digits) >= MIN_PHONE_DIGITS else "",
    )


def phone_digits(field: str):
    """The stored number without its punctuation (the expression migration 0019 indexes)."""
    expression = F(field)
    for character in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(character), Value(""))
    return expression


def _words_match(fields: tuple[str, ...], words: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _matching(spec: Searched, term: Term):
    """The kind's records matching ``term``, or None when the kind cannot match it."""
    manager = spec.model.objects
    if term.number:
        model, pk = term.number
        return manager.filter(pk=pk) if model is spec.model else None
    condition = None
    # A kind with phone numbers matches a phone-shaped term by its digits alone: the term's
    # pieces ("(555)", "000-1234") ORed in as words turned the digits' index lookup into a
    # scan of every name (200 ms at the SPEC §10 size). Kinds without phones still match the
    # words (a case subject that quotes the number).
    words_apply = not (term.digits and spec.phones)
    if words_apply and spec.fields and any(len(word) >= MIN_WORD for word in term.words):
        condition = _words_match(spec.fields, term.words)
    if term.digits and spec.phones:
        aliases = {f"{name}_digits": phone_digits(name) for name in spec.phones}
        manager = manager.alias(**aliases)
        by_phone = Q()
        for alias in aliases:
            by_phone |= Q(**{f"{alias}__contains": term.digits})
        condition = by_phone if condition is None else condition | by_phone
    return None if condition is None else manager.filter(condition)


def _row(spec: Searched, values: dict, labels: dict) -> dict:
    number = f"{spec.prefix}{values['id']:06d}" if spec.prefix else ""
    words = [number, *(str(values[name]) for name in spec.title if values[name])]
    detail = values[spec.detail]
    return {
        "id": values["id"],
        "title": " ".join(word for word in words if word),
        "detail": str(labels.get(detail, detail) or ""),
        "number": number,
    }


def _labels(spec: Searched) -> dict:
    if "__" in spec.detail:
        return {}
    return dict(spec.model._meta.get_field(spec.detail).flatchoices)


def search_groups(
    term: str,
    *,
    models=None,
    limit: int = PER_MODEL,
    offset: int = 0,
    counted: bool = True,
    match_cap: int | None = None,
    active_only: bool = False,
) -> list[Group]:
    """The kinds with matches, in ``SEARCHED`` order: rows ``offset`` to ``offset + limit`` of
    each (its default order) and, when ``counted``, how many match in all — one query per kind
    searched (the count rides along as a window), for the kinds in ``models`` (default all);
    ``active_only`` leaves deactivated records out, as lookups do (SPEC §3).

    ``match_cap`` (first page only) looks at no more than ``match_cap + 1`` matches of a kind:
    its count stops there ("more than", as Lightning's "50+") and its rows are the first in
    the kind's order among them — all of them when fewer match. Counting and ordering every
    match made PostgreSQL read all 3,939 contacts like "Nova" to show five (70 ms at the
    SPEC §10 size). The kind's own pages (``offset``, /find/?type=) count and order every
    match."""
    parsed = parse_term(term)
    if not parsed.searchable:
        return []
    found = []
    for spec in SEARCHED:
        if models is not None and spec.model not in models:
            continue
        queryset = _matching(spec, parsed)
        if queryset is None:
            continue
        if active_only and any(f.name == "is_active" for f in spec.model._meta.fields):
            queryset = queryset.filter(is_active=True)
        if not queryset.ordered:
            queryset = queryset.order_by("-pk")
        capped = match_cap is not None and not offset
        if capped:
            # Any match_cap + 1 matches, in no order: PostgreSQL stops at them, through the
            # trigram index or a scan. Ordering them first let it walk the name index instead,
            # and the 3,939 contacts like "Nova" come after 36,000 others by name (35 ms).
            first = queryset.order_by().values("pk")[: match_cap + 1]
            queryset = spec.model.objects.filter(pk__in=first).order_by(*_ordering(queryset))
        shown = queryset.annotate(total_matches=Window(Count("pk"))) if counted else queryset
        fields = ["id", *spec.title, spec.detail] + (["total_matches"] if counted else [])
        page = list(shown.values(*dict.fromkeys(fields))[offset : offset + limit])
        if not page and not (counted and offset):
            continue
        total = None
        if counted:
            # Past the last page the window has no row to ride on: count on its own.
            total = page[0]["total_matches"] if page else queryset.count()
        more_than = capped and counted and total > match_cap
        if more_than:
            total = match_cap
        labels = _labels(spec)
        rows = [_row(spec, row, labels) for row in page]
        found.append(Group(spec.model, total, rows, more_than=more_than))
    return found


def _ordering(queryset) -> list:
    """The order an ordered queryset's rows come in (its own, or its model's default)."""
    return list(queryset.query.order_by or queryset.model._meta.ordering)


def search_records(term: str, *, models=None, limit: int = PER_MODEL):
    """The palette's results: ``[(model, [{"id", "title", "detail", "number"}, …]), …]`` — at
    most ``limit`` rows per kind, uncounted, from the first ``PALETTE_MATCHES`` matches."""
    groups = search_groups(
        term, models=models, limit=limit, counted=False, match_cap=PALETTE_MATCHES
    )
    return [(group.model, group.rows) for group in groups]
