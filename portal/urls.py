"""Portal pages; each appears in the sidebar automatically by its URL name (crm.navigation)."""

from django.urls import path

from portal.views import (
    calendar,
    knowledge,
    my_settings,
    pipeline,
    retainer_payments,
    retainer_reminders,
    retainers,
    tasks,
)

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
    path("tasks/", tasks.my_tasks, name="my_tasks"),
    path("tasks/<str:task_id>/complete/", tasks.complete, name="task_complete"),
    path("tasks/<str:task_id>/reopen/", tasks.reopen, name="task_reopen"),
    path("retainers/", retainers.report, name="retainers"),
    path(
        "retainers/overdue/<int:account_id>/<str:currency>/",
        retainer_payments.log_overdue,
        name="retainers_log_overdue",
    ),
    path(
        "retainers/remind/<int:invoice_id>/",
        retainer_reminders.send_now,
        name="retainers_remind",
    ),
    path("settings/", my_settings.my_settings, name="my_settings"),
]
