from django.contrib import admin

from crm.admin.kit.record_admin import RecordAdmin
from crm.tests.pathapp.models import Ticket


@admin.register(Ticket)
class TicketAdmin(RecordAdmin):
    list_display = ("title", "status", "owner")
    fields = ("title", "owner")
    highlight_fields = ("status", "owner")
    path_field = "status"
