"""Personal API tokens (django-rest-knox): only a SHA-512 digest and an 8-character key are
stored, every token expires, and deleting the row revokes it. Named, so a user can tell their
accounting script's token from their phone's."""

from django.db import models
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    name = models.CharField(max_length=80, help_text="What uses this token, e.g. 'Xero sync'.")

    class Meta:
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "-created"], name="apitoken_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"
