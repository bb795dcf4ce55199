"""The admin form every versioned record uses: it carries the version the user opened."""

from django import forms

from crm.errors import STALE_RECORD_MESSAGE


class VersionedAdminForm(forms.ModelForm):
    """Refuses a save when the record's version moved since the form was rendered.

    This is the friendly early check (the user keeps their input); the model's conditional
    UPDATE still guards the race between this check and the save itself."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = hasattr(self.instance, "version")
        if not self.versioned:  # e.g. line items: edited under their parent's row lock
            del self.fields["version"]
        elif self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.versioned:
            submitted = cleaned.get("version")
            current = (
                type(self.instance)
                ._base_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if submitted is None or submitted != current:
                raise forms.ValidationError(STALE_RECORD_MESSAGE, code="stale")
            self.instance.version = submitted
        return cleaned
