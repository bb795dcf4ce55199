"""Sign-in by email: one backend, one login form, one message for every failure."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from unfold.forms import AuthenticationForm
from unfold.widgets import BASE_INPUT_CLASSES, UnfoldAdminEmailInputWidget

from crm.site import configured_origin

INVALID_LOGIN_MESSAGE = "Invalid email or password."


class EmailBackend(ModelBackend):
    """ModelBackend with the email matched case-insensitively (the manager does the iexact),
    and a user's permissions read in one query instead of two."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = username.strip()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        """ModelBackend's answer — the user's own permissions and their groups', every one
        for a superuser, nothing for an inactive user or an object — kept on the user for
        the request as ModelBackend keeps it, from one query (the two sets' UNION): every
        admin page checks permissions."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            names = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rows = Permission.objects.order_by().values_list(*names)
            else:
                own = Permission.objects.filter(user=user_obj).order_by().values_list(*names)
                grouped = Permission.objects.filter(group__user=user_obj).order_by()
                grouped = grouped.values_list(*names)
                rows = own.union(grouped)
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache


def axes_username(request, credentials) -> str | None:
    """Count failures per lower-cased email, so Jane@X.com and jane@x.com share a counter."""
    # The login page sends ``username``; authenticate(email=...) (the API's login) ``email``.
    credentials = credentials or {}
    username = credentials.get("username") or credentials.get("email")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.strip().lower() if username else None


class LoginForm(AuthenticationForm):
    # Never reveal whether the email exists or the account is inactive.
    error_messages = {"invalid_login": INVALID_LOGIN_MESSAGE, "inactive": INVALID_LOGIN_MESSAGE}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})

    def confirm_login_allowed(self, user):
        if not user.is_active or not user.is_staff:
            raise forms.ValidationError(INVALID_LOGIN_MESSAGE, code="invalid_login")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's set-password form with Unfold-styled inputs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.PasswordInput(
                attrs={"autocomplete": "new-password", "class": " ".join(BASE_INPUT_CLASSES)}
            )


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(label="Email", max_length=254, widget=UnfoldAdminEmailInputWidget())

    def save(self, *args, **kwargs):
        # Django links to the request's host; an operator's CRM_SITE_URL wins (crm.site).
        origin = configured_origin()
        if origin is not None:
            kwargs["domain_override"], kwargs["use_https"] = origin
        return super().save(*args, **kwargs)
