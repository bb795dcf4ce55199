"""Users (Settings → Users): admins only. New users get an emailed set-password link."""

from django import forms
from django.contrib import admin, messages

from crm.admin.kit.deactivation import ActiveFilter, DeactivatableAdminMixin
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.record_admin import CRMModelAdmin
from crm.errors import BusinessRuleError
from crm.models import User
from crm.services import users as user_services


class UserForm(VersionedAdminForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "role"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if self.instance.pk and actor is not None and self.instance.pk == actor.pk:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = "You cannot change your own role."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.actor is not None and "role" in cleaned:
            try:
                user_services.check_user_change(
                    self.instance,
                    actor=self.actor,
                    role=cleaned["role"],
                    is_active=self.instance.is_active,
                )
            except BusinessRuleError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return cleaned


@admin.register(User)
class UserAdmin(DeactivatableAdminMixin, CRMModelAdmin):
    form = UserForm
    object_icon = "person"
    object_color = "#0176D3"
    highlight_fields = ("email", "role", "is_active", "last_login", "created_at")
    deactivate_confirmation = (
        "Are you sure you want to deactivate this user? They will no longer be able to sign in. "
        "Their records and history are kept."
    )
    list_display = ("full_name", "email", "role", "is_active", "last_login")
    list_display_links = ("full_name",)
    list_filter = (ActiveFilter, "role")
    search_fields = ("first_name", "last_name", "email")
    ordering = ("first_name", "last_name")
    readonly_fields = ("is_active", "last_login", "created_at")
    fieldsets = (
        ("Profile", {"fields": ("first_name", "last_name", "email", "role")}),
        ("Status", {"fields": ("is_active", "last_login", "created_at")}),
    )
    add_fieldsets = (("New user", {"fields": ("first_name", "last_name", "email", "role")}),)

    @admin.display(description="Name", ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name()

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class ActorForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, actor=request.user, **inner)

        return ActorForm

    def has_deactivate_permission(self, request, object_id=None):
        return super().has_deactivate_permission(request, object_id) and str(object_id) != str(
            request.user.pk
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {
                name: data[name] for name in form.changed_data if name in UserForm.Meta.fields
            }
            user_services.update_user(obj, actor=request.user, version=data["version"], **changes)
            return
        created = user_services.create_user(
            actor=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
        )
        obj.pk = created.pk
        obj.version = created.version

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's generic "was added successfully" becomes the spec's sentence.
        if getattr(request, "_crm_created_user", None) is not None and level == messages.SUCCESS:
            user = request._crm_created_user
            message = f"User '{user.get_full_name()}' created and welcome email sent."
        super().message_user(request, message, level, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        request._crm_created_user = obj
        return super().response_add(request, obj, post_url_continue)

    def deactivate_record(self, request, obj, version=None):
        user_services.deactivate_user(obj, actor=request.user, version=version)
