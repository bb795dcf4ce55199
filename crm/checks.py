"""Start-up checks for serving with DEBUG off (SPEC §10a). With WhiteNoise's manifest storage
and no manifest (collectstatic never ran) every page is a 500 ("Missing staticfiles manifest
entry for 'crm/favicon.svg'"); refuse to start instead, naming the command that fixes it."""

from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

# Not the "staticfiles" tag: collectstatic runs those checks, and it is the cure.
SERVING = "crm_serving"
COLLECTSTATIC = "python manage.py collectstatic --noinput"
MISSING_MANIFEST = (
    "DEBUG is off and the static files have not been collected: {path} is missing, so every "
    "page would fail with a 500."
)


@checks.register(SERVING)
def static_manifest_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    storage = storages[STATICFILES_STORAGE_ALIAS]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin):
        return []
    if storage.manifest_storage.exists(storage.manifest_name):
        return []
    location = getattr(storage.manifest_storage, "location", settings.STATIC_ROOT)
    path = f"{location}/{storage.manifest_name}"
    return [
        checks.Error(
            MISSING_MANIFEST.format(path=path),
            hint=f"Run `{COLLECTSTATIC}` before starting the app (the Procfile's release step).",
            id="crm.E001",
        )
    ]


def refuse_to_serve_if_not_ready() -> None:
    """Run by config/wsgi.py and config/asgi.py: gunicorn runs no system checks, so without
    this a worker would boot and answer every page with a 500."""
    errors = [message for message in checks.run_checks(tags=[SERVING]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.msg} {e.hint}" for e in errors))
