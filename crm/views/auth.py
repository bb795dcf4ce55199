"""Password reset / set-password pages and the lock-out page, in the Unfold sign-in look."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpResponseRedirect
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


SIGNED_OUT_MESSAGE = "You have been signed out."


class SignOutView(auth_views.LogoutView):
    """Log out lands straight on the sign-in page, which says so — no signed-out page in
    between (config/urls.py routes the admin's /logout/ here)."""

    next_page = settings.LOGIN_URL

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # After the logout: the message rides in the new (anonymous) request's storage.
        messages.info(request, SIGNED_OUT_MESSAGE)
        return response


RESET_THROTTLED_MESSAGE = (
    "Too many password-reset requests from your network. Try again in an hour."
)


def _count_request(kind: str, key: str) -> int:
    """Count one reset request for ``key`` in the current window; returns the new count."""
    cache_key = f"password-reset:{kind}:{key}"
    cache.add(cache_key, 0, timeout=settings.CRM_PASSWORD_RESET_WINDOW)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=settings.CRM_PASSWORD_RESET_WINDOW)
        return 1


class PasswordResetView(ShellContextMixin, auth_views.PasswordResetView):
    """Throttled per client IP (too many: a 429 with the form and a clear message) and per
    address (too many: no further email, but the same "check your email" page, so the answer
    never tells whether the address exists or was throttled)."""

    form_class = PasswordResetForm
    template_name = "crm/auth/password_reset_form.html"
    email_template_name = "crm/email/password_reset.txt"
    subject_template_name = "crm/email/password_reset_subject.txt"

    def form_valid(self, form):
        ip_address = get_client_ip_address(self.request) or "unknown"
        if _count_request("ip", ip_address) > settings.CRM_PASSWORD_RESET_PER_IP:
            form.add_error(None, RESET_THROTTLED_MESSAGE)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        email = form.cleaned_data["email"].strip().lower()
        if _count_request("email", email) > settings.CRM_PASSWORD_RESET_PER_EMAIL:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


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
