from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_GET

from crm.views import attachments, auth, company
from crm.views.health import health, live
from portal.views import find

# The app's own sign-in page (Unfold's otherwise wins the template lookup); signing out goes
# straight back to it (auth.SignOutView).
admin.site.login_template = "crm/auth/login.html"


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on their own; the pages link the SVG (SITE_FAVICONS)."""
    return redirect(static("crm/favicon.svg"), permanent=True)


urlpatterns = [
    path("api/health", health, name="health"),
    path("api/health/live", live, name="health_live"),
    path("api/v1/", include("api.urls")),
    path("favicon.ico", favicon, name="favicon"),
    path("logout/", auth.SignOutView.as_view(), name="sign_out"),
    path("accounts/password-reset/", auth.PasswordResetView.as_view(), name="admin_password_reset"),
    path(
        "accounts/password-reset/done/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("portal/", include("portal.urls")),
    path("find/", find.results, name="find"),
    path("find/recent/", find.recent, name="find_recent"),
    path("attachments/<int:pk>/download/", attachments.download, name="attachment_download"),
    path("company/logo/", company.logo, name="company_logo"),
    path("", admin.site.urls),
]

handler404 = "crm.views.errors.not_found"
handler403 = "crm.views.refusals.permission_denied"
