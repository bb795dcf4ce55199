"""Password reset / set-password pages and the lock-out page, in the Unfold sign-in look."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from crm.auth import PasswordResetForm, SetPasswordForm

LOCKED_OUT_MESSAGE = (
    "Too many failed sign-in attempts. For your security this sign-in is locked for "
    "15 minutes. Try again later or reset your password."
)


class ShellContextMixin:
    """Give stand-alone auth pages the admin site's branding and colours."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(admin.site.each_context(self.request))
        return context


class PasswordResetView(ShellContextMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "crm/auth/password_reset_form.html"
    email_template_name = "crm/email/password_reset.txt"
    subject_template_name = "crm/email/password_reset_subject.txt"


class PasswordResetDoneView(ShellContextMixin, auth_views.PasswordResetDoneView):
    template_name = "crm/auth/password_reset_done.html"


class PasswordResetConfirmView(ShellContextMixin, auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "crm/auth/password_reset_confirm.html"


class PasswordResetCompleteView(ShellContextMixin, auth_views.PasswordResetCompleteView):
    template_name = "crm/auth/password_reset_complete.html"


def locked_out(request, original_response=None, credentials=None):
    context = {
        **admin.site.each_context(request),
        "title": "Sign-in locked",
        "message": LOCKED_OUT_MESSAGE,
    }
    return render(request, "registration/locked_out.html", context, status=429)
