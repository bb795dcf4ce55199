"""My settings: the signed-in user's own preferences (today their time zone, SPEC §10a).
Reached from the user menu in the header (config/unfold.py ACCOUNT), open to every role;
saved through ``crm.services.users.update_own_settings`` with the version the page loaded."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from crm.errors import ConcurrencyError, error_message
from crm.services.users import update_own_settings
from crm.time_zones import TimeZoneChoiceField
from portal.views.base import portal_page, render_portal

SAVED = "Settings saved. Dates and times now show in {zone}."


class OwnSettingsForm(forms.Form):
    time_zone = TimeZoneChoiceField()
    version = forms.IntegerField(widget=forms.HiddenInput)


@require_http_methods(["GET", "POST"])
@portal_page(None)
def my_settings(request):
    user = request.user
    form = OwnSettingsForm(
        request.POST or None, initial={"time_zone": user.time_zone, "version": user.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_own_settings(user, version=form.cleaned_data["version"], **_changes(form))
        except (ConcurrencyError, ValidationError) as exc:
            form.add_error(None, error_message(exc))
        else:
            messages.success(request, SAVED.format(zone=user.time_zone))
            return HttpResponseRedirect(reverse("portal:my_settings"))
    context = {
        "form": form,
        "now": timezone.now(),
        "current_zone": timezone.get_current_timezone_name(),
    }
    return render_portal(request, "portal/my_settings.html", context, title="My settings")


def _changes(form: OwnSettingsForm) -> dict:
    return {"time_zone": form.cleaned_data["time_zone"]}
