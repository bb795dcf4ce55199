"""The admin site: Unfold's, with Django's list of installed apps built only when shown.

Django's ``AdminSite.each_context`` builds ``available_apps`` on every admin and portal page:
every registered model checked against the user's permissions (some 80 checks, ~1 ms). Only
Django's stock sidebar and index page draw that list; ours draw crm.navigation's sidebar and
the Home dashboard. Here the list is built when something first reads it — never, on our
pages; as before wherever a page does.

``AdminSiteConfig`` replaces Unfold's app config ("unfold" in INSTALLED_APPS): it installs this
site as ``admin.site`` the way Unfold installs its own, before the admin modules register.

The sidebar's entries come from ``crm.navigation.sidebar`` as they are: fresh dictionaries with
their active mark, where Unfold deep-copies the configured navigation and parses every entry's
URL and the request's query on every page.

Unfold merges its defaults with ``settings.UNFOLD`` for each of the ~30 settings it reads on a
page; here the merge is made once per ``UNFOLD`` value (a new value, e.g. a test's
``override_settings``, is merged anew). Values are still resolved per request as Unfold
resolves them (a callable is called with the request)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import sites
from django.utils.functional import SimpleLazyObject
from unfold.apps import DefaultAppConfig
from unfold.settings import get_config
from unfold.sites import UnfoldAdminSite

_merged: dict[str, tuple[object, dict]] = {}


def merged_config(settings_name: str) -> dict:
    """Unfold's ``get_config``, merged once per value of the setting."""
    source = getattr(settings, settings_name, {})
    kept = _merged.get(settings_name)
    if kept is None or kept[0] is not source:
        kept = _merged[settings_name] = (source, get_config(settings_name))
    return kept[1]


class CrmAdminSite(UnfoldAdminSite):
    def get_app_list(self, request, app_label=None):
        build = super().get_app_list
        return SimpleLazyObject(lambda: build(request, app_label))

    def _get_config(self, key, *args):
        value = merged_config(self.settings_name).get(key)
        if not value:
            return None
        if key == "COLORS":  # Unfold converts the weights in place: a copy of its own
            value = {name: dict(weights) for name, weights in value.items()}
        return self._get_value(value, *args)

    def get_sidebar_list(self, request):
        from crm.navigation import sidebar  # reads models: this module loads before they do

        return sidebar(request)


class AdminSiteConfig(DefaultAppConfig):
    name = "unfold"
    default = False

    def ready(self):
        site = CrmAdminSite()
        admin.site = site
        sites.site = site
