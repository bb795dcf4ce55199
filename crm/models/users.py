"""The CRM user: signs in by email; the role decides which group (and permissions) they get."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from crm.models.base import TimeStampedModel, VersionedModel
from crm.time_zones import default_time_zone, validate_time_zone


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    USER = "user", "Sales user"


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def admins(self):
        return self.filter(role=Role.ADMIN)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=(email or "").strip().lower())

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Users must have an email address.")
        user = self.model(email=email.strip().lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(role=Role.ADMIN, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin, TimeStampedModel, VersionedModel):
    # Stored lower-cased, so the plain unique index serves logins; the Lower() constraint
    # also guards writes that bypass save().
    email = models.EmailField("email address", max_length=254, unique=True)
    first_name = models.CharField("first name", max_length=150)
    last_name = models.CharField("last name", max_length=150)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.USER)
    is_active = models.BooleanField("active", default=True, db_index=True)
    # Everyone with a role works in the admin shell (SPEC §5); kept true by the model.
    is_staff = models.BooleanField("staff status", default=True, editable=False)
    # Every date-time in the UI is shown and entered in it (crm.middleware.UserTimeZoneMiddleware).
    # An IANA name is too open for a CheckConstraint; the validator runs in full_clean().
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Dates and times are shown and entered in this zone.",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]
    unversioned_fields = frozenset({"last_login"})

    class Meta:
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message="A user with this email address already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[Role.ADMIN, Role.USER]), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        self.is_staff = True
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= self.unversioned_fields:
            # A sign-in only stamps last_login: bookkeeping, not an edit worth a history row
            # (simple-history skips instances carrying this attribute).
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser
