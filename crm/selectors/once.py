"""Whether a create form's one-time key was used already (crm.services.once)."""

from crm.models import FormSubmission


def was_submitted(key: str | None) -> bool:
    return bool(key) and FormSubmission.objects.filter(key=key).exists()
