"""Plain serializers: inputs are validated with them, outputs only document the dicts the
views return (built in `apps/accounts/presenters.py` without serializer introspection)."""

from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import available_timezones

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.accounts.models import User
from apps.core.validation import BIRTH_DATES, BoundedDateField, StrictCharField

PASSWORD_MAX_LENGTH = 1024  # long passwords are kept whole (Argon2 does not truncate)


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def time_zone_validate(value: str) -> str:
    if value not in _time_zones():
        raise serializers.ValidationError(_("Unknown time zone; use an IANA name such as Europe/Moscow."))
    return value


def date_of_birth_validate(value: date | None) -> date | None:
    if value is None:
        return value
    # "Today" somewhere on Earth (UTC+14) is the latest possible birth date.
    latest = (timezone.now() + timedelta(hours=14)).date()
    if value > latest:
        raise serializers.ValidationError(_("The date of birth cannot be in the future."))
    if value < date(1900, 1, 1):
        raise serializers.ValidationError(_("The date of birth is too far in the past."))
    return value


def password_field(**kwargs) -> serializers.CharField:
    return StrictCharField(max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False, **kwargs)


class ProfileFieldsInput(serializers.Serializer):
    first_name = StrictCharField(max_length=100, required=False, allow_blank=True)
    last_name = StrictCharField(max_length=100, required=False, allow_blank=True)
    time_zone = StrictCharField(max_length=64, required=False, validators=[time_zone_validate])
    date_of_birth = BoundedDateField(
        window=BIRTH_DATES, required=False, allow_null=True, validators=[date_of_birth_validate]
    )
    gender = serializers.ChoiceField(choices=User.Gender.choices, required=False, allow_blank=True)
    life_format = StrictCharField(max_length=64, required=False, allow_blank=True)
    locale = serializers.ChoiceField(choices=User.Locale.choices, required=False)


class SignupInput(ProfileFieldsInput):
    email = serializers.EmailField(max_length=254)
    password = password_field()


class SigninInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = password_field()


class EmailInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class RefreshInput(serializers.Serializer):
    refresh_token = StrictCharField(max_length=4096)


class VerificationCodeInput(serializers.Serializer):
    verification_token = StrictCharField(max_length=128)
    code = serializers.RegexField(r"^[0-9]{6}$", max_length=6)


class ResetPasswordInput(serializers.Serializer):
    token = StrictCharField(max_length=256)
    new_password = password_field()


class TelegramAuthInput(serializers.Serializer):
    telegram_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    username = StrictCharField(max_length=64, required=False, allow_blank=True)
    first_name = StrictCharField(max_length=100, required=False, allow_blank=True)
    last_name = StrictCharField(max_length=100, required=False, allow_blank=True)
    photo_url = serializers.URLField(max_length=1000, required=False, allow_blank=True)


class TelegramWebAppInput(serializers.Serializer):
    init_data = StrictCharField(max_length=8192)


class UserUpdateInput(ProfileFieldsInput):
    leaderboard_visible = serializers.BooleanField(required=False)


class PasswordChangeInput(serializers.Serializer):
    current_password = password_field()
    new_password = password_field()


class AccountDeleteInput(serializers.Serializer):
    password = password_field(required=False)
    confirm = StrictCharField(max_length=16, required=False)


# --- Outputs (documentation of the returned dicts) ----------------------------------------


class UserPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField(allow_null=True)
    first_name = StrictCharField()
    last_name = StrictCharField()
    time_zone = StrictCharField()
    date_of_birth = serializers.DateField(allow_null=True)
    gender = StrictCharField()
    life_format = StrictCharField()
    locale = serializers.ChoiceField(choices=User.Locale.choices)
    telegram_id = serializers.IntegerField(allow_null=True)
    username = StrictCharField()
    photo_url = StrictCharField()
    is_email_verified = serializers.BooleanField()
    is_admin = serializers.BooleanField()
    leaderboard_visible = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class TokenPairSerializer(serializers.Serializer):
    access_token = StrictCharField()
    refresh_token = StrictCharField()
    token_type = serializers.ChoiceField(choices=[("bearer", "bearer")])
    expires_in = serializers.IntegerField()


class AuthResultSerializer(serializers.Serializer):
    user = UserPublicSerializer()
    tokens = TokenPairSerializer()


class SignupResultSerializer(serializers.Serializer):
    verification_token = StrictCharField()
    user = UserPublicSerializer()


class VerificationTokenSerializer(serializers.Serializer):
    verification_token = StrictCharField()


class TelegramAuthResultSerializer(serializers.Serializer):
    access_token = StrictCharField()
    refresh_token = StrictCharField()
    token_type = serializers.ChoiceField(choices=[("bearer", "bearer")])
    user = UserPublicSerializer()


class SessionPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    user_agent = StrictCharField()
    ip = serializers.IPAddressField(allow_null=True)
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    is_current = serializers.BooleanField()


class SessionListSerializer(serializers.Serializer):
    sessions = SessionPublicSerializer(many=True)


class UsageItemSerializer(serializers.Serializer):
    used = serializers.IntegerField()
    limit = serializers.IntegerField()


class UsageSerializer(serializers.Serializer):
    text = UsageItemSerializer()
    image = UsageItemSerializer()


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Exclusive: the first day of the next period.")


class MeSerializer(serializers.Serializer):
    user = UserPublicSerializer()
    plan = serializers.ChoiceField(choices=User.Plan.choices)
    usage = UsageSerializer()
    period = PeriodSerializer()


class MeExportSerializer(serializers.Serializer):
    user = serializers.DictField(help_text="UserPublic plus plan and updated_at.")
    sessions = serializers.ListField(child=serializers.DictField())
    quotas = serializers.DictField(help_text="Quota usage rows and charges.")

