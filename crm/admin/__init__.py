"""Admin registrations, one module per area. Importing a module registers its admin."""

from django.contrib import admin

from crm.admin import users  # noqa: F401

admin.site.index_template = "crm/home.html"
admin.site.index_title = "Home"
