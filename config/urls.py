from django.contrib import admin
from django.urls import include, path

from crm.views import attachments, auth
from crm.views.health import health

urlpatterns = [
    path("api/health", health, name="health"),
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
    path("attachments/<int:pk>/download/", attachments.download, name="attachment_download"),
    path("", admin.site.urls),
]
