"""IANA time zones a user can work in (SPEC §10a ``User.time_zone``): the one list the model
validates against and the settings forms offer, grouped by region so a select can be searched."""

import functools
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from unfold.widgets import UnfoldAdminSelect2Widget

UNKNOWN_TIME_ZONE = "Choose a time zone from the list (an IANA name such as Europe/Berlin)."
OTHER_REGION = "Other"


@functools.cache
def available() -> frozenset[str]:
    # "localtime" / "posixrules" are tzdata file aliases, not zones a person lives in.
    return frozenset(zoneinfo.available_timezones()) - {"localtime", "posixrules", "Factory"}


def default_time_zone() -> str:
    """A new user's zone: the installation's ``TIME_ZONE``."""
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    if value not in available():
        raise ValidationError(UNKNOWN_TIME_ZONE, code="invalid_time_zone")


@functools.cache
def grouped_choices() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """``((region, ((name, label), …)), …)``: regions A–Z with "Other" (UTC, Etc/…) last; a
    label is the name with spaces ("America/New York") so the search box finds either."""
    regions: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(available()):
        region, _, rest = name.partition("/")
        if not rest or region == "Etc":
            region = OTHER_REGION
        regions.setdefault(region, []).append((name, name.replace("_", " ")))
    ordered = sorted(regions, key=lambda region: (region == OTHER_REGION, region))
    return tuple((region, tuple(regions[region])) for region in ordered)


class TimeZoneChoiceField(forms.TypedChoiceField):
    """The zone picker of My settings and the user admin: a searchable select (Unfold's
    select2) of the IANA names grouped by region; anything else is a form error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault("help_text", "Dates and times are shown and entered in this zone.")
        super().__init__(
            choices=grouped_choices,
            widget=UnfoldAdminSelect2Widget,
            error_messages={"invalid_choice": UNKNOWN_TIME_ZONE},
            **kwargs,
        )
