"""List filters every CRM list reuses (SPEC §7: "owner incl. Mine")."""

from unfold.contrib.filters.admin import DropdownFilter

from crm.admin.kit.owner import owner_choices
from crm.ids import parse_id

MINE = "me"


class OwnerFilter(DropdownFilter):
    """Offers "My <records>" first, then every active user; works on any model with ``owner``."""

    title = "owner"
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        mine = f"My {model_admin.model._meta.verbose_name_plural}"
        return [(MINE, mine), *owner_choices(request)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == MINE:
            return queryset.filter(owner=request.user)
        if (owner_id := parse_id(value)) is not None:
            return queryset.filter(owner_id=owner_id)
        return queryset
