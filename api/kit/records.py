"""Everything a resource is declared on, in one import: ``from api.kit.records import ...``."""

from api.kit.actions import ActionInput, record_action
from api.kit.children import DELETE, ChildRowViewSet, ChildSerializer
from api.kit.filters import OwnedFilterSet, RecordFilterSet, TimestampFilterSet
from api.kit.pagination import StableOrderingFilter
from api.kit.permissions import CHANGE, VIEW
from api.kit.serializers import (
    RECORD_READ_ONLY,
    CurrencyField,
    MoneyField,
    OwnerField,
    RecordSerializer,
    TotalField,
    record_fields,
)
from api.kit.viewsets import DeactivationActions, ReadRecordViewSet, RecordViewSet

__all__ = [
    "DELETE",
    "ChildRowViewSet",
    "ChildSerializer",
    "CHANGE",
    "RECORD_READ_ONLY",
    "VIEW",
    "ActionInput",
    "DeactivationActions",
    "CurrencyField",
    "MoneyField",
    "TotalField",
    "OwnedFilterSet",
    "StableOrderingFilter",
    "OwnerField",
    "ReadRecordViewSet",
    "RecordFilterSet",
    "RecordSerializer",
    "RecordViewSet",
    "TimestampFilterSet",
    "record_action",
    "record_fields",
]
