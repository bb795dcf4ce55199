"""Users (SPEC §5): admins list, create (the user sets a password from the welcome email),
edit names, email and role, and deactivate — never delete — through crm.services.users,
which keeps at least one active admin. Sales users may only list their active colleagues'
names (for owner pickers), nothing else."""

import django_filters
from rest_framework import serializers
from rest_framework.filters import SearchFilter

from api.kit.pagination import StableOrderingFilter
from api.kit.permissions import CrmModelPermissions
from api.kit.records import RecordSerializer, RecordViewSet, TimestampFilterSet, record_action
from crm.models import Role, User
from crm.selectors.users import team_names, user_list
from crm.services import users as services


def is_admin(user) -> bool:
    return getattr(user, "is_admin_role", False)


class UserSerializer(RecordSerializer):
    owner = None  # users own no one
    owner_name = None
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, required=False)

    class Meta(RecordSerializer.Meta):
        model = User
        fields = (
            "id",
            "version",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "role",
            "is_active",
            "last_login",
            "created_at",
            "updated_at",
        )
        read_only_fields = (*RecordSerializer.Meta.read_only_fields, "last_login")
        # The service's message for a taken email (case-insensitive), not the unique index's.
        extra_kwargs = {"email": {"validators": []}}


class UserNameSerializer(serializers.ModelSerializer):
    """What a sales user sees of a colleague: the name."""

    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ("id", "first_name", "last_name", "full_name")
        read_only_fields = fields


class UserFilter(TimestampFilterSet):
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = User
        fields = ("role",)


class UserPermissions(CrmModelPermissions):
    """Admins: the crm ``*_user`` permissions. Everyone signed in: the list of names."""

    def has_permission(self, request, view):
        names_only = request.method in ("GET", "HEAD") and getattr(view, "action", "") == "list"
        if names_only and request.user and request.user.is_authenticated:
            return request.user.is_active and request.user.is_staff
        return super().has_permission(request, view)


class UserViewSet(RecordViewSet):
    """The team. Admins: every user with email, role and state; create one (a welcome email
    asks them to set a password), PATCH names, email or role, and ``deactivate/`` (tokens
    and sessions stop working; users are never deleted). Sales users: the active users'
    names only."""

    queryset = user_list()
    serializer_class = UserSerializer
    permission_classes = [UserPermissions]
    filterset_class = UserFilter
    search_fields = ("first_name", "last_name")  # names only: what everyone may see
    state_actions = {"is_active": ("deactivate",)}
    ordering_fields = ("id", "first_name", "last_name", "created_at", "updated_at")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or is_admin(self.request.user):
            return super().get_queryset()
        return team_names()

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or is_admin(self.request.user):
            return UserSerializer
        return UserNameSerializer

    def filter_queryset(self, queryset):
        """Sales users search and sort names; the filters (role, active, email's…) are the
        admins', since they would reveal what the names-only list hides."""
        if is_admin(self.request.user):
            return super().filter_queryset(queryset)
        for backend in (SearchFilter(), StableOrderingFilter()):
            queryset = backend.filter_queryset(self.request, queryset, self)
        return queryset

    def create_record(self, data: dict, *, user):
        data.setdefault("role", Role.USER)
        return services.create_user(actor=user, **data)

    def update_record(self, record, changes: dict, *, user, version: int):
        return services.update_user(record, actor=user, version=version, **changes)

    @record_action("deactivate", summary="Deactivate the user (admins; never deleted)")
    def deactivate(self, record, *, user, version):
        services.deactivate_user(record, actor=user, version=version)
