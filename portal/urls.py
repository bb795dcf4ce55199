"""Portal pages (pipeline, calendar, retainer report) live here as they are built; each is
added to the sidebar automatically by its URL name (crm.navigation)."""

app_name = "portal"
urlpatterns: list = []
