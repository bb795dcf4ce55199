"""Shared record mechanics (SPEC §4), written once and inherited by every business model."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from simple_history.models import HistoricalRecords

from crm.errors import ConcurrencyError


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def change_marker(self) -> int:
        """The row's last change in microseconds. Rows without a ``version`` column (line
        items, contact roles) are version-checked with it: what a form or an API client saw
        is compared under the parent's row lock when they save (crm.services.child_rows)."""
        return int(self.updated_at.timestamp() * 1_000_000) if self.updated_at else 0


class VersionedModel(models.Model):
    """Optimistic locking: an update only succeeds if nobody saved since it was read.

    The version is claimed with a conditional ``UPDATE … WHERE version = v`` inside the same
    transaction as the real ``save()``. On PostgreSQL the UPDATE row-locks the record, so a
    concurrent writer waits, then finds the version moved and fails. The real save still goes
    through ``Model.save()`` so simple-history records it (a bare ``update()`` would not).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    # Fields whose lone update is bookkeeping, not an edit (e.g. ``last_login``).
    unversioned_fields: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._state.adding or (update_fields and set(update_fields) <= self.unversioned_fields):
            return super().save(*args, **kwargs)
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        using = kwargs.get("using") or self._state.db or "default"
        read_version = self.version
        with transaction.atomic(using=using):
            claimed = (
                type(self)
                ._base_manager.using(using)
                .filter(pk=self.pk, version=read_version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise ConcurrencyError()
            self.version = read_version + 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version = read_version
                raise


class OwnedModel(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="owner",
    )

    class Meta:
        abstract = True


class RecordQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class SoftDeleteModel(models.Model):
    """Business records are deactivated, never deleted (SPEC §4)."""

    is_active = models.BooleanField("active", default=True, db_index=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


class BusinessRecord(TimeStampedModel, OwnedModel, VersionedModel):
    """Owner, timestamps, optimistic version and audit history."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class DeactivatableRecord(BusinessRecord, SoftDeleteModel):
    """A business record that is soft-deleted with ``is_active`` (accounts, contacts, …)."""

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
