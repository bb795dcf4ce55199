"""Everything a resource is declared on, in one import: ``from api.kit.records import ...``."""

from api.kit.actions import ActionInput, record_action
from api.kit.filters import OwnedFilterSet, RecordFilterSet, TimestampFilterSet
from api.kit.permissions import CHANGE, VIEW
from api.kit.serializers import (
    RECORD_READ_ONLY,
    MoneyField,
    OwnerField,
    RecordSerializer,
    record_fields,
)
from api.kit.viewsets import DeactivationActions, ReadRecordViewSet, RecordViewSet

__all__ = [
    "CHANGE",
    "RECORD_READ_ONLY",
    "VIEW",
    "ActionInput",
    "DeactivationActions",
    "MoneyField",
    "OwnedFilterSet",
    "OwnerField",
    "ReadRecordViewSet",
    "RecordFilterSet",
    "RecordSerializer",
    "RecordViewSet",
    "TimestampFilterSet",
    "record_action",
    "record_fields",
]
