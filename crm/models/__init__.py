from crm.models.base import (
    BusinessRecord,
    DeactivatableRecord,
    OwnedModel,
    RecordQuerySet,
    SoftDeleteModel,
    TimeStampedModel,
    VersionedModel,
)
from crm.models.users import Role, User

__all__ = [
    "BusinessRecord",
    "DeactivatableRecord",
    "OwnedModel",
    "RecordQuerySet",
    "Role",
    "SoftDeleteModel",
    "TimeStampedModel",
    "User",
    "VersionedModel",
]
