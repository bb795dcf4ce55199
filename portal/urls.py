"""Portal pages; each appears in the sidebar automatically by its URL name (crm.navigation)."""

from django.urls import path

from portal.views import pipeline

app_name = "portal"
urlpatterns = [
    path("pipeline/", pipeline.board, name="pipeline"),
    path("pipeline/column/", pipeline.column, name="pipeline_column"),
    path("pipeline/move/", pipeline.move, name="pipeline_move"),
]
