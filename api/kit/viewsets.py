"""``RecordViewSet``: list, retrieve, create and PATCH for one record type, every write through
crm.services (``save_record`` by default, or the resource's own service), every answer with the
record's ``version`` and ``ETag``. No PUT, no DELETE: records are deactivated (an action)."""

from django.db import transaction
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from api.kit.actions import record_action
from api.kit.strict import refuse_unwritable
from api.kit.versions import current_version, read_version, with_etag
from crm.errors import ConcurrencyError
from crm.services import records


class ReadRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve (plus any ``@record_action``): for records the API never edits."""

    http_method_names = ["get", "post", "head", "options"]
    ordering = ("-id",)
    ordering_fields = ("id", "created_at", "updated_at")
    search_fields: tuple[str, ...] = ()
    # Serializer for one record (GET /{id}/) when it shows more than a list row.
    detail_serializer_class = None
    # Unversioned child rows (line items): the parent FK whose row is locked before the
    # child's ETag is compared, in the same order the services lock (parent, then child).
    version_parent: str | None = None
    # The actions that answer with one record in full, and the related rows they prefetch.
    detail_actions: tuple[str, ...] = ("retrieve",)

    def detail_prefetches(self) -> list:
        """``Prefetch`` objects for a detail answer (nested lines, payments, related lists)."""
        return []

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in self.detail_actions:
            return queryset.prefetch_related(*self.detail_prefetches())
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return with_etag(Response(self.get_serializer(record).data), record)

    def check_precondition(self, record, version: int) -> None:
        """Versioned records are checked by the service (and claimed by the model's save);
        an unversioned child is compared here, under its parent's row lock. Call inside the
        write's transaction."""
        if hasattr(record, "version"):
            return
        parent_field = record._meta.get_field(self.version_parent)
        parent_id = getattr(record, parent_field.attname)
        parent_field.related_model._base_manager.select_for_update().filter(pk=parent_id).first()
        current = type(record)._base_manager.filter(pk=record.pk).first()
        if current is None or current_version(current) != version:
            raise ConcurrencyError()

    def record_response(self, record, *, status=status.HTTP_200_OK, serializer_class=None):
        """The record as the API shows it (re-read, so computed fields are current)."""
        fresh = self.get_queryset().get(pk=record.pk)
        serializer_class = serializer_class or super().get_serializer_class()
        data = serializer_class(fresh, context=self.get_serializer_context()).data
        return with_etag(Response(data, status=status), fresh)


class RecordViewSet(ReadRecordViewSet):
    """Also create and PATCH, through crm.services."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        refuse_unwritable(serializer, request.data)  # child serializers too (api.kit.strict)
        serializer.is_valid(raise_exception=True)
        record = self.create_record(dict(serializer.validated_data), user=request.user)
        return self.record_response(record, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        version = read_version(request)
        serializer = self.get_serializer(record, data=request.data, partial=True)
        refuse_unwritable(serializer, request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        with transaction.atomic():
            self.check_precondition(record, version)
            record = self.update_record(record, changes, user=request.user, version=version)
        return self.record_response(record)

    # The write path: override in a resource that has its own service.
    def create_record(self, data: dict, *, user):
        record = self.get_queryset().model(**data)
        if records.has_owner(record):
            records.check_owner_choice(user=user, record=record, owner=data.get("owner"))
        return records.save_record(record, user=user)

    def update_record(self, record, changes: dict, *, user, version: int):
        if "owner" in changes:
            records.check_owner_choice(user=user, record=record, owner=changes["owner"])
        for name, value in changes.items():
            setattr(record, name, value)
        if not hasattr(record, "version"):
            return records.save_record(record, user=user)
        return records.save_record(record, user=user, version=version)


class DeactivationActions:
    """``POST {id}/deactivate/`` and ``{id}/reactivate/`` for records with ``is_active``
    (owners and admins deactivate; only admins reactivate — crm.services.records)."""

    state_actions = {"is_active": ("deactivate", "reactivate")}

    @record_action("deactivate", summary="Deactivate the record (it is never deleted)")
    def deactivate(self, record, *, user, version):
        records.deactivate(record, user=user, version=version)

    @record_action("reactivate", summary="Reactivate a deactivated record (admins)")
    def reactivate(self, record, *, user, version):
        records.reactivate(record, user=user, version=version)
