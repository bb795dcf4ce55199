"""The admin form every versioned record uses: it carries the version the user opened (or,
for a row without a version column, its ``change_marker``)."""

from django import forms

from crm.errors import STALE_RECORD_MESSAGE
from crm.events import STALE_VERSION, log_refusal


class VersionedAdminForm(forms.ModelForm):
    """Refuses a save when the record's version moved since the form was rendered.

    This is the friendly early check (the user keeps their input); the model's conditional
    UPDATE still guards the race between this check and the save itself."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = hasattr(self.instance, "version")
        # Line items and contact roles: their last change stands in for the version; the
        # service compares it again under the parent's row lock (``seen_marker``).
        self.marked = not self.versioned and hasattr(self.instance, "change_marker")
        self.seen_marker = None
        if not (self.versioned or self.marked):
            del self.fields["version"]
        elif self.instance.pk:
            self.fields["version"].initial = self._stored(self.instance)

    def _stored(self, record) -> int:
        return record.version if self.versioned else record.change_marker

    def _stale(self) -> forms.ValidationError:
        log_refusal(reason=STALE_VERSION, model=self.instance, record_id=self.instance.pk)
        return forms.ValidationError(STALE_RECORD_MESSAGE, code="stale")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.marked:
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
            submitted = cleaned.get("version")
            if stored is None or submitted is None or submitted != stored.change_marker:
                raise self._stale()
            self.seen_marker = submitted
        if self.instance.pk and self.versioned:
            submitted = cleaned.get("version")
            current = (
                type(self.instance)
                ._base_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if submitted is None or submitted != current:
                raise self._stale()
            self.instance.version = submitted
        return cleaned
