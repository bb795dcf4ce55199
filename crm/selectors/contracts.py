"""Read queries for contracts: the list and record page (cycle amount annotated), the related
lists, and one contract's service periods — what each expects, what was paid for it, which
is the next unpaid one (Log Payment pre-fills it) and how much is overdue."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone

from crm.models import Account, Opportunity
from crm.models.contracts import BILLED_STATES, Contract, ContractLineItem, ContractStatus
from crm.models.money import ZERO
from crm.models.payments import Payment, PaymentStatus


def grace_days() -> int:
    return int(getattr(settings, "CRM_RETAINER_GRACE_DAYS", 15))


def contract_list() -> QuerySet[Contract]:
    return Contract.objects.with_cycle_amount().select_related("account", "owner")


def contract_with_cycle_amount(contract_id: int) -> Contract | None:
    return contract_list().select_related("opportunity").filter(pk=contract_id).first()


def contract_line_items(contract: Contract) -> QuerySet[ContractLineItem]:
    return ContractLineItem.objects.filter(contract=contract).select_related("product")


def contract_payments(contract: Contract) -> QuerySet[Payment]:
    """The contract's payments, newest first; void ones stay listed (struck through)."""
    return Payment.objects.filter(contract=contract).order_by("-payment_date", "-pk")


def account_contracts(account: Account) -> QuerySet[Contract]:
    return contract_list().filter(account=account).order_by("-start_date", "-pk")


def opportunity_contracts(opportunity: Opportunity) -> QuerySet[Contract]:
    return contract_list().filter(opportunity=opportunity).order_by("-start_date", "-pk")


@dataclass(frozen=True)
class ServicePeriod:
    start: date
    end: date
    expected: Decimal
    paid: Decimal
    due_date: date  # the period's first day (or the contract's start) + the grace days

    @property
    def outstanding(self) -> Decimal:
        return max(self.expected - self.paid, ZERO)

    def is_overdue(self, today: date) -> bool:
        return self.outstanding > 0 and today >= self.due_date


def service_periods(contract: Contract, *, cycle_amount: Decimal) -> list[ServicePeriod]:
    """Every period the contract bills (drafts: their planned periods), each with the
    completed payments whose service period starts inside it. One query."""
    paid_by_start = dict(
        Payment.objects.filter(
            contract=contract,
            status=PaymentStatus.COMPLETED,
            service_period_start__isnull=False,
        )
        .order_by()
        .values_list("service_period_start")
        .annotate(total=Sum("amount"))
    )
    grace = timedelta(days=grace_days())
    periods = []
    for start, end in contract.cycle_periods():
        paid = sum((v for k, v in paid_by_start.items() if start <= k <= end), ZERO)
        due = max(start, contract.start_date) + grace
        periods.append(ServicePeriod(start, end, cycle_amount, paid, due))
    return periods


def next_unpaid_period(contract: Contract, *, cycle_amount: Decimal) -> ServicePeriod | None:
    """The first period not fully paid (None when every period is paid)."""
    for period in service_periods(contract, cycle_amount=cycle_amount):
        if period.outstanding > 0:
            return period
    return None


@dataclass(frozen=True)
class ContractFigures:
    paid_this_year: Decimal
    overdue: Decimal


def contract_figures(contract: Contract, *, cycle_amount: Decimal, today: date | None = None):
    """Paid this year (completed payments dated this year) and the overdue amount (periods
    past their grace, not fully paid). Drafts owe nothing."""
    today = today or timezone.localdate()
    paid = Payment.objects.filter(
        contract=contract, status=PaymentStatus.COMPLETED, payment_date__year=today.year
    ).aggregate(total=Sum("amount"))["total"]
    overdue = ZERO
    if contract.status != ContractStatus.DRAFT:
        periods = service_periods(contract, cycle_amount=cycle_amount)
        overdue = sum((p.outstanding for p in periods if p.is_overdue(today)), ZERO)
    return ContractFigures(paid_this_year=paid or ZERO, overdue=overdue)


@dataclass(frozen=True)
class OverdueContract:
    contract: Contract
    periods: list[ServicePeriod]

    @property
    def outstanding(self) -> Decimal:
        return sum((period.outstanding for period in self.periods), ZERO)


def overdue_periods(contract: Contract, *, today: date | None = None) -> list[ServicePeriod]:
    """The contract's periods past their grace and not fully paid (a draft owes nothing).
    Two queries: the cycle amount and the payments."""
    today = today or timezone.localdate()
    if contract.status == ContractStatus.DRAFT:
        return []
    cycle_amount = Contract.objects.with_cycle_amount().get(pk=contract.pk).cycle_amount
    periods = service_periods(contract, cycle_amount=cycle_amount)
    return [period for period in periods if period.is_overdue(today)]


def account_overdue_contracts(
    account_id: int, currency: str, *, today: date | None = None
) -> list[OverdueContract]:
    """One account's billed contracts in ``currency`` with overdue periods (the retainer
    report's Overdue row), oldest contract first."""
    contracts = Contract.objects.filter(
        account_id=account_id, currency=currency, status__in=BILLED_STATES
    ).order_by("start_date", "pk")
    found = [OverdueContract(c, overdue_periods(c, today=today)) for c in contracts]
    return [item for item in found if item.periods]
