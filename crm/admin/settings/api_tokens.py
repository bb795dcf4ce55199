"""Personal API tokens (Settings → API tokens): every user lists, issues and revokes their own
tokens; admins see everyone's, may issue for any active user and revoke any token. Issuing
and revoking go through crm.services.api_tokens; the plain token is shown once, in the toast
after issuing, and never again (only its digest is stored). No editing, no hard delete."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import DropdownFilter
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminIntegerFieldWidget

from crm.admin.kit.confirm import Confirmation, confirm_bulk, confirm_record
from crm.admin.kit.feedback import report_error
from crm.admin.kit.urls import not_found, wrap_not_found
from crm.errors import BusinessRuleError
from crm.ids import parse_id
from crm.models import ApiToken
from crm.services.api_tokens import MAX_DAYS, default_days, issue_token, revoke_token
from crm.services.records import is_admin

REVOKE_QUESTION = (
    "Revoke {record}? Scripts and integrations using it are refused from now on; this cannot "
    "be undone."
)


REVOKED = "API token '{token}' was revoked."


def _revoke(request, token, *, version, data):
    revoke_token(token, by=request.user)


def _revoke_one(request, token, *, version, data):
    _revoke(request, token, version=version, data=data)
    messages.success(request, REVOKED.format(token=token))  # the kit would say "Api token"


REVOKE = Confirmation(verb="Revoke", question=REVOKE_QUESTION, done="", run=_revoke_one)
REVOKE_BULK = Confirmation(
    verb="Revoke", question=REVOKE_QUESTION, done="was revoked", run=_revoke, bulk_done="revoked"
)


class IssueTokenForm(forms.ModelForm):
    """Name, lifetime and (admins only) whose token; the service makes the token itself."""

    days = forms.IntegerField(
        min_value=1,
        max_value=MAX_DAYS,
        help_text=f"How long it works: 1 to {MAX_DAYS} days.",
        widget=UnfoldAdminIntegerFieldWidget,
    )

    class Meta:
        model = ApiToken
        fields = ("name", "user")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = default_days()


class TokenUserFilter(DropdownFilter):
    """Admins only: the users who hold tokens."""

    title = "user"
    parameter_name = "user"

    def lookups(self, request, model_admin):
        holders = (
            get_user_model()
            .objects.filter(pk__in=ApiToken.objects.values("user_id"))
            .order_by("first_name", "last_name")
        )
        return [(str(user.pk), user.get_full_name() or str(user)) for user in holders]

    def queryset(self, request, queryset):
        value = self.value()
        user_id = parse_id(value)
        return queryset.filter(user_id=user_id) if user_id is not None else queryset


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    list_display = ("name", "key_display", "user", "created", "expiry", "state_badge")
    list_display_links = ("name",)
    list_select_related = ("user",)
    search_fields = ("name", "token_key")
    ordering = ("-created",)
    list_per_page = 50
    form = IssueTokenForm
    readonly_fields = ("name", "key_display", "user", "created", "expiry", "state_badge")
    actions = ["revoke_selected"]
    actions_detail = ["revoke_detail"]

    # --- who sees what -------------------------------------------------------------------------
    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        return tokens if is_admin(request.user) else tokens.filter(user=request.user)

    # --- a malformed, unknown or someone else's token id is the app's 404, not a redirect ------
    @property
    def urls(self):
        # A token's id is its digest (hex), not digits: keep the routes, wrap their views.
        return [
            path(
                str(pattern.pattern),
                wrap_not_found(self, pattern.callback),
                pattern.default_args,
                name=pattern.name,
            )
            if isinstance(pattern, URLPattern) and "<path:object_id>" in str(pattern.pattern)
            else pattern
            for pattern in self.get_urls()
        ]

    def get_record(self, request, object_id):
        digest = str(object_id)
        # Existence only: whose token it is stays the per-view permission's question (403).
        return self.model.objects.filter(pk=digest).first() if len(digest) <= 128 else None

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        return not_found(self, request)

    def get_list_filter(self, request):
        return (TokenUserFilter,) if is_admin(request.user) else ()

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.readonly_fields
        return ("name", "days", "user") if is_admin(request.user) else ("name", "days")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # admins issue for active users only
            users = get_user_model().objects.filter(is_active=True)
            kwargs["queryset"] = users.order_by("first_name", "last_name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False  # a token is issued or revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # revoking goes through the service (Revoke)

    def has_revoke_permission(self, request, object_id=None):
        if not request.user.has_perm("crm.delete_apitoken"):
            return False
        return object_id is None or self.get_queryset(request).filter(pk=object_id).exists()

    # --- columns --------------------------------------------------------------------------------
    @display(description="Key", ordering="token_key")
    def key_display(self, obj):
        return f"{obj.token_key}…"

    @display(description="State", label={"Active": "success", "Expired": "danger"})
    def state_badge(self, obj):
        return "Active" if obj.expiry is None or obj.expiry > timezone.now() else "Expired"

    # --- issuing: the service makes the token; the toast shows it once -------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except BusinessRuleError as exc:  # raised inside the admin's atomic block
            report_error(request, exc)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        me = request.user
        token, plain = issue_token(
            user=data.get("user") or me, name=data["name"], days=data["days"], by=me
        )
        for field in token._meta.concrete_fields:  # the admin's log and redirect use obj
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state.adding = False
        request._crm_plain_token = plain

    def response_add(self, request, obj, post_url_continue=None):
        """The plain token on a page of its own, once: never in a message (cookie) or the
        session."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "API token issued",
            "token": obj,
            "plain": request._crm_plain_token,
            "list_url": reverse("admin:crm_apitoken_changelist"),
        }
        response = TemplateResponse(request, "crm/admin/token_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    # --- revoking ---------------------------------------------------------------------------------
    @action(description="Revoke", url_path="revoke", permissions=["revoke"], icon="block")
    def revoke_detail(self, request, object_id):
        token = get_object_or_404(self.get_queryset(request), pk=object_id)
        back = reverse("admin:crm_apitoken_changelist")
        return confirm_record(self, request, token, REVOKE, back=back)

    @admin.action(description="Revoke selected tokens", permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        return confirm_bulk(self, request, queryset, REVOKE_BULK, action="revoke_selected")
