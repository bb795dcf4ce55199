"""Settings → Company information (admins only): the agency's one record of legal name,
address, tax number, logo, payment details, footer, terms, currency and reply-to address.

There is no list: the sidebar entry opens the record (or, the first time, the form to fill it
in). Saved through the records' one write path with its version; never deleted."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin
from unfold.widgets import UnfoldAdminSelectWidget

from crm.admin.kit.feedback import report_error
from crm.admin.kit.forms import VersionedAdminForm
from crm.errors import BusinessRuleError, ConcurrencyError
from crm.models.company import SINGLETON_ID, CompanyInformation
from crm.models.money import currency_choices
from crm.services.records import is_admin, save_record


@admin.register(CompanyInformation)
class CompanyInformationAdmin(SimpleHistoryAdmin, ModelAdmin):
    form = VersionedAdminForm
    single_record = True  # the list and the add page open the one record (tests know it)
    warn_unsaved_form = True
    fieldsets = (
        ("Company", {"fields": ("legal_name", "address", "tax_number", "phone", "website")}),
        ("Documents", {"fields": ("logo", "invoice_footer", "bank_details")}),
        (
            "Invoicing and email",
            {"fields": ("payment_terms_days", "default_currency", "reply_to_email")},
        ),
    )

    def _allowed(self, request) -> bool:
        return is_admin(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        # No query here: every admin page builds the app list with it. A second record is
        # refused by add_view below and, behind it, by the primary key (crm.models.company).
        return self._allowed(request)

    def add_view(self, request, form_url="", extra_context=None):
        if self._allowed(request) and CompanyInformation.objects.filter(pk=SINGLETON_ID).exists():
            url = reverse("admin:crm_companyinformation_change", args=[SINGLETON_ID])
            return HttpResponseRedirect(url)
        return super().add_view(request, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "default_currency" in form.base_fields:
            form.base_fields["default_currency"] = forms.ChoiceField(
                label="Default currency",
                choices=currency_choices(),
                initial=CompanyInformation().default_currency,
                widget=UnfoldAdminSelectWidget,
            )
        return form

    def changelist_view(self, request, extra_context=None):
        """No list of one: the add page opens the record, or the form the first time."""
        if not self._allowed(request):
            return super().changelist_view(request, extra_context)
        return HttpResponseRedirect(reverse("admin:crm_companyinformation_add"))

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(request.path.replace("add/", f"{obj.pk}/change/"))

    def response_change(self, request, obj):
        return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        save_record(obj, user=request.user, validate=False)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One record: no "Save and add another", and Save stays on the page.
        extra_context = {
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
            **(extra_context or {}),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ConcurrencyError, BusinessRuleError) as exc:
            report_error(request, exc)
            return HttpResponseRedirect(request.get_full_path())
