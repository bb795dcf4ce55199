"""Portal pages; each appears in the sidebar automatically by its URL name (crm.navigation)."""

from django.urls import path

from portal.views import pipeline, retainers

app_name = "portal"
urlpatterns = [
    path("pipeline/", pipeline.board, name="pipeline"),
    path("pipeline/move/", pipeline.move, name="pipeline_move"),
    path("retainers/", retainers.report, name="retainers"),
]
