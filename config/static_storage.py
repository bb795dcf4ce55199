"""Static files in production: whitenoise's compressed, hashed-name storage, with each file's
URL worked out once per process.

Every page links some forty static files (Unfold's and ours: styles, scripts, icons); each
``{% static %}`` asks the storage, which looks the name up in its manifest and builds the URL
again. The manifest is read when the storage starts and does not change while the process
runs, so the answer for a name is the same every time. ``collectstatic`` (which rewrites the
manifest) starts from an empty memory."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

REMEMBERED_URLS = 4096  # far more than the files the templates name


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        key = (name, settings.DEBUG)  # with DEBUG on, Django links the unhashed name
        try:
            return self._urls[key]
        except KeyError:
            url = super().url(name)  # a name missing from the manifest raises, as before
            if len(self._urls) >= REMEMBERED_URLS:
                self._urls.clear()
            self._urls[key] = url
            return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
