"""What a user's lists remember (SPEC §10a, issue 23): the records they opened lately
("Recently Viewed"), the list views they saved by name, and the view each list last showed.
Preferences, not business records: no history, no owner rules beyond their user."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

RECENT_PER_USER = 200  # the oldest rows past this are dropped (crm.services.list_views)


class RecentlyViewed(models.Model):
    """One row per (user, record): opening the record again moves it to the top."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    viewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="recently_viewed_once"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-viewed_at"], name="recently_viewed_user_time"),
            models.Index(
                fields=["user", "content_type", "-viewed_at"], name="recently_viewed_user_type"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} viewed by {self.user_id}"


class SavedListView(models.Model):
    """A named view of one list: its filters, search and sort as the list's query string.
    Personal unless an admin shares it with everyone."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    list_key = models.CharField(max_length=100)  # "crm.account": app label and model name
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_key", "name"],
                name="saved_list_view_unique_name",
                violation_error_message="You already have a view with this name.",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="saved_list_view_named",
                violation_error_message="Give the view a name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LastListView(models.Model):
    """The view a user last chose on a list, shown again when they come back to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    list_key = models.CharField(max_length=100)
    view_key = models.CharField(max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "list_key"], name="last_list_view_once")
        ]

    def __str__(self) -> str:
        return f"{self.list_key}: {self.view_key}"
