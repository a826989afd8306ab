import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        FREE = "free", _("free")
        PRO = "pro", _("pro")

    class Locale(models.TextChoices):
        RU = "ru", "Русский"
        EN = "en", "English"

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")
        OTHER = "other", _("other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    # Stored lowercase; unique case-insensitively (see constraints). Telegram-only users have none.
    email = models.EmailField(max_length=254, unique=True, null=True, blank=True, verbose_name=_("email"))
    first_name = models.CharField(max_length=100, blank=True, default="", verbose_name=_("first name"))
    last_name = models.CharField(max_length=100, blank=True, default="", verbose_name=_("last name"))
    time_zone = models.CharField(max_length=64, default="UTC", verbose_name=_("time zone"))
    date_of_birth = models.DateField(null=True, blank=True, verbose_name=_("date of birth"))
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True, default="", verbose_name=_("gender"))
    life_format = models.CharField(max_length=64, blank=True, default="", verbose_name=_("life format"))
    locale = models.CharField(max_length=2, choices=Locale.choices, default=Locale.RU, verbose_name=_("language"))
    telegram_id = models.BigIntegerField(unique=True, null=True, blank=True, verbose_name=_("Telegram ID"))
    username = models.CharField(max_length=64, blank=True, default="", verbose_name=_("Telegram username"))
    photo_url = models.URLField(max_length=1000, blank=True, default="", verbose_name=_("photo URL"))
    is_email_verified = models.BooleanField(default=False, verbose_name=_("email verified"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    is_staff = models.BooleanField(default=False, verbose_name=_("staff"))
    plan = models.CharField(max_length=8, choices=Plan.choices, default=Plan.FREE, verbose_name=_("plan"))
    # Fallback for the esoterics daily tip when Redis is unavailable: {"date": ..., "text": ...}.
    daily_tip_cache = models.JSONField(default=dict, blank=True, verbose_name=_("daily tip cache"))
    # Shown on the leaderboard (as first name and last initial); false: left it.
    leaderboard_visible = models.BooleanField(default=True, verbose_name=_("shown on the leaderboard"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("signed up at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
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

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("user"))
    refresh_jti = models.CharField(max_length=64, verbose_name=_("refresh token id"))
    # The refresh jti rotated away last and when: presented again within
    # REFRESH_REUSE_GRACE_SECONDS it is a lost parallel refresh, not a stolen token.
    previous_refresh_jti = models.CharField(max_length=64, blank=True, default="", verbose_name=_("previous refresh token id"))
    rotated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("rotated at"))
    user_agent = models.CharField(max_length=512, blank=True, default="", verbose_name=_("user agent"))
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP address"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("started at"))
    last_used_at = models.DateTimeField(default=timezone.now, verbose_name=_("last used at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        db_table = "user_sessions"
        indexes = [
            # GET /auth/sessions' filter and whole order (most recently used first, then newest).
            models.Index(fields=["user", "-last_used_at", "-created_at"], name="session_user_recent"),
            # "Recently active users" (the esoterics tip preparation): live sessions by last use.
            models.Index(
                fields=["last_used_at", "user"], condition=models.Q(revoked_at__isnull=True), name="session_recent_active"
            ),
        ]

    def __str__(self) -> str:
        return f"session {self.id} of {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class EmailVerification(models.Model):
    """A pending email confirmation: the client holds `verification_token`, the mail carries a
    6-digit code. Only hashes are stored; the row is deleted when used or replaced."""

    MAX_ATTEMPTS = 5

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_verifications", verbose_name=_("user"))
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    code_hash = models.CharField(max_length=64, verbose_name=_("code hash"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))

    class Meta:
        verbose_name = _("email verification")
        verbose_name_plural = _("email verifications")
        db_table = "email_verifications"

    def __str__(self) -> str:
        return f"email verification of {self.user_id}"


class PasswordResetToken(models.Model):
    """A password reset request: sha256 of a `secrets.token_urlsafe(32)` token; single use,
    replaced by a newer request, dropped by any password change."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_reset_tokens", verbose_name=_("user"))
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))

    class Meta:
        verbose_name = _("password reset token")
        verbose_name_plural = _("password reset tokens")
        db_table = "password_reset_tokens"

    def __str__(self) -> str:
        return f"password reset of {self.user_id}"
