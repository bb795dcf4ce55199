"""The interactive API docs (Swagger UI from drf-spectacular-sidecar, served from our own
static files, no inline script). Signed-in users only: a browser that is not signed in is
sent to the sign-in page and comes back here, like every other page of the app."""

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated


@extend_schema(exclude=True)
class ApiDocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated) and "script" not in self.request.GET:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
