"""/api/v1/: the resources (api.routes), token endpoints, web-to-lead, and the OpenAPI schema
and docs (signed-in users only)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import auth_login, tokens, web_to_lead
from api.docs import ApiDocsView
from api.kit.errors import unknown_url
from api.routes import ROUTES


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router(trailing_slash=True)
for prefix, viewset in ROUTES:
    router.register(prefix, viewset, basename=prefix)

app_name = "api"
urlpatterns = [
    path("auth/login/", auth_login.LoginView.as_view(), name="auth-login"),
    path("tokens/", tokens.TokenListCreate.as_view(), name="tokens"),
    path("tokens/current/revoke/", tokens.RevokeCurrentToken.as_view(), name="token-revoke"),
    path("web-to-lead/", web_to_lead.WebToLeadView.as_view(), name="web-to-lead"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("", include(router.urls)),
    re_path(r"", unknown_url),  # last: what no route above matched
]
