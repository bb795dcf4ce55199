from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "CRM"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from crm import checks, signals, tasks  # noqa: F401 (checks, receivers, tasks)
        from crm.events import log_lockout

        user_locked_out.connect(log_lockout, dispatch_uid="crm.events.log_lockout")
