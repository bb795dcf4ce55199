from django.apps import AppConfig


class PathAppConfig(AppConfig):
    """Test-only app: a tiny FSM model that exercises the shared path / version mechanics."""

    name = "crm.tests.pathapp"
    label = "pathapp"
