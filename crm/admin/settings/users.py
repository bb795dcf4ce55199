"""Users (Settings → Users): admins only. New users get an emailed set-password link."""

from django import forms
from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path as url_path

from crm.admin.kit.deactivation import ActiveFilter
from crm.admin.kit.forms import VersionedAdminForm
from crm.admin.kit.record_admin import RecordAdmin
from crm.errors import BusinessRuleError
from crm.models import User
from crm.services import users as user_services
from crm.site import site_url
from crm.time_zones import TimeZoneChoiceField


class UserForm(VersionedAdminForm):
    time_zone = TimeZoneChoiceField()

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "role", "time_zone"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if not self.instance.pk:
            # A new user starts in the installation's zone and picks their own in My settings.
            del self.fields["time_zone"]
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
class UserAdmin(RecordAdmin):
    form = UserForm
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
        ("Profile", {"fields": ("first_name", "last_name", "email", "role", "time_zone")}),
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
            site_url=site_url(request),  # the welcome link opens the host the admin uses
        )
        obj.pk = created.pk
        obj.version = created.version

    def created_message(self, obj) -> str:
        return f"User '{obj.get_full_name()}' created and welcome email sent."

    def deactivate_record(self, request, obj, *, version, data):
        user_services.deactivate_user(obj, actor=request.user, version=version)

    # --- a colleague's card: what any signed-in user may see about an owner ------------------
    clone_enabled = False

    def get_urls(self):
        card = url_path(
            "<pk:object_id>/card/",
            self.admin_site.admin_view(self.card_view),
            name="crm_user_card",
        )
        return [card, *super().get_urls()]

    def card_view(self, request, object_id):
        person = get_object_or_404(User, pk=int(object_id))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": person.get_full_name(),
            "person": person,
            "can_manage": self.has_change_permission(request, person),
            "manage_url": self.record_url(person),
        }
        return TemplateResponse(request, "crm/admin/user_card.html", context)
