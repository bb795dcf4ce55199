"""One row per submitted create form (Log Payment, Generate Order, Convert …): the form's
one-time token, claimed by a unique insert in the same transaction as what the form records.
A second submit of the same form (a double click, a browser retry, two tabs) finds the row
and records nothing; a refused submit rolls the row back, so the user can correct and retry."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    # The random part of the signed token the form carried; unique, so claiming is atomic.
    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # What the first submit did and where its result is shown, for the second one's answer.
    what = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "form submission"
        verbose_name_plural = "form submissions"

    def __str__(self) -> str:
        return self.what or self.key
