"""Portal pages; each appears in the sidebar automatically by its URL name (crm.navigation)."""

from django.urls import path

from portal.views import calendar, knowledge, my_settings, pipeline, retainers

app_name = "portal"
urlpatterns = [
    path("pipeline/", pipeline.board, name="pipeline"),
    path("pipeline/column/", pipeline.column, name="pipeline_column"),
    path("pipeline/move/", pipeline.move, name="pipeline_move"),
    path("kb/", knowledge.article_list, name="kb"),
    path("kb/<slug:url_name>/", knowledge.article_detail, name="kb_article"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/feed/", calendar.feed, name="calendar_feed"),
    path("calendar/reschedule/", calendar.reschedule, name="calendar_reschedule"),
    path("tasks/", calendar.my_tasks, name="my_tasks"),
    path("retainers/", retainers.report, name="retainers"),
    path("settings/", my_settings.my_settings, name="my_settings"),
]
