"""Solutions: the answers the support team records once and links to many cases (the link
itself is a case action, ``cases/{id}/link-solution/``)."""

import django_filters

from api.kit.records import OwnedFilterSet, RecordSerializer, RecordViewSet, record_fields
from crm.models import Solution


class SolutionSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Solution
        fields = record_fields("title", "details", "status")


class SolutionFilter(OwnedFilterSet):
    case = django_filters.NumberFilter(field_name="cases", help_text="Id of a linked case.")

    class Meta:
        model = Solution
        fields = ("status",)


class SolutionViewSet(RecordViewSet):
    """Recorded answers to support cases (draft, reviewed or duplicate)."""

    queryset = Solution.objects.select_related("owner")
    serializer_class = SolutionSerializer
    filterset_class = SolutionFilter
    search_fields = ("title", "details")
    ordering_fields = ("id", "title", "status", "created_at", "updated_at")
