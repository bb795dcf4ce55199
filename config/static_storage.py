"""Static files in production: whitenoise's compressed, hashed-name storage, with each file's
URL worked out once per process. With ``DEBUG`` on (``manage.py`` commands: the demo, the
benchmark), Django's plain storage, its URLs remembered the same way (``DevStaticStorage``).

Every page links some forty static files (Unfold's and ours: styles, scripts, icons); each
``{% static %}`` asks the storage, which looks the name up in its manifest and builds the URL
again. The manifest is read when the storage starts and does not change while the process
runs, so the answer for a name is the same every time. ``collectstatic`` (which rewrites the
manifest) starts from an empty memory."""

from django.conf import settings
from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

REMEMBERED_URLS = 4096  # far more than the files the templates name


class RememberedUrls:
    """A storage's URL for each key, worked out once (``build(name)`` the first time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple, str] = {}

    def _remembered(self, key: tuple, build, name: str) -> str:
        try:
            return self._urls[key]
        except KeyError:
            url = build(name)
            if len(self._urls) >= REMEMBERED_URLS:
                self._urls.clear()
            self._urls[key] = url
            return url


class StaticStorage(RememberedUrls, CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        # With DEBUG on, Django links the unhashed name; a name missing from the manifest
        # raises, as before.
        return self._remembered((name, settings.DEBUG), super().url, name)

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)


class DevStaticStorage(RememberedUrls, StaticFilesStorage):
    """The unhashed name under ``STATIC_URL``: the same answer for a name every time (Django
    makes a new storage when ``STATIC_URL`` changes)."""

    def url(self, name):
        return self._remembered((name, self.base_url), super().url, name)
