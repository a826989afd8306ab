import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **extra):
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password, **extra):
        extra.update(is_staff=True, is_superuser=True, is_active=True, is_email_verified=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Plan(models.TextChoices):
        FREE = "free", "free"
        PRO = "pro", "pro"

    class Locale(models.TextChoices):
        RU = "ru", "Русский"
        EN = "en", "English"

    class Gender(models.TextChoices):
        MALE = "male", "male"
        FEMALE = "female", "female"
        OTHER = "other", "other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Stored lowercase; unique case-insensitively (see constraints). Telegram-only users have none.
    email = models.EmailField(max_length=254, unique=True, null=True, blank=True)
    first_name = models.CharField(max_length=100, blank=True, default="")
    last_name = models.CharField(max_length=100, blank=True, default="")
    time_zone = models.CharField(max_length=64, default="UTC")
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True, default="")
    life_format = models.CharField(max_length=64, blank=True, default="")
    locale = models.CharField(max_length=2, choices=Locale.choices, default=Locale.RU)
    telegram_id = models.BigIntegerField(unique=True, null=True, blank=True)
    username = models.CharField(max_length=64, blank=True, default="")
    photo_url = models.URLField(max_length=1000, blank=True, default="")
    is_email_verified = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    plan = models.CharField(max_length=8, choices=Plan.choices, default=Plan.FREE)
    # Fallback for the esoterics daily tip when Redis is unavailable: {"date": ..., "text": ...}.
    daily_tip_cache = models.JSONField(default=dict, blank=True)
    # Shown on the leaderboard (as first name and last initial); false: left it.
    leaderboard_visible = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        db_table = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email or f"telegram:{self.telegram_id}" or str(self.id)

    @property
    def is_admin(self) -> bool:
        return self.is_staff

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or self.username or "Mechta user"


class Session(models.Model):
    """A server-side login session. Tokens carry its id; revoking it kills them at once.
    Only the current refresh token's `jti` is stored, never a token."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    refresh_jti = models.CharField(max_length=64)
    # The refresh jti rotated away last and when: presented again within
    # REFRESH_REUSE_GRACE_SECONDS it is a lost parallel refresh, not a stolen token.
    previous_refresh_jti = models.CharField(max_length=64, blank=True, default="")
    rotated_at = models.DateTimeField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True, default="")
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "user_sessions"
        indexes = [models.Index(fields=["user", "-last_used_at"], name="session_user_last_used")]

    def __str__(self) -> str:
        return f"session {self.id} of {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class EmailVerification(models.Model):
    """A pending email confirmation: the client holds `verification_token`, the mail carries a
    6-digit code. Only hashes are stored; the row is deleted when used or replaced."""

    MAX_ATTEMPTS = 5

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_verifications")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        db_table = "email_verifications"

    def __str__(self) -> str:
        return f"email verification of {self.user_id}"


class PasswordResetToken(models.Model):
    """A password reset request: sha256 of a `secrets.token_urlsafe(32)` token; single use,
    replaced by a newer request, dropped by any password change."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_reset_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        db_table = "password_reset_tokens"

    def __str__(self) -> str:
        return f"password reset of {self.user_id}"
