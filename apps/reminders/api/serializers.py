"""Serializers of the reminders API (names unique project-wide: they become schema components)."""

import re
from datetime import time

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.validation import StrictCharField

from ..models import DeliveryStatus, ReminderChannel, ReminderKind

HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@extend_schema_field({"type": "string", "pattern": HHMM.pattern, "example": "08:00"})
class LocalTimeField(StrictCharField):
    """A local wall time `HH:MM` (24-hour) in the user's time zone."""

    default_error_messages = {"hhmm": _("Use a time HH:MM from 00:00 to 23:59.")}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not HHMM.match(value):
            self.fail("hhmm")
        return time(int(value[:2]), int(value[3:]))

    def to_representation(self, value):
        return value if isinstance(value, str) else value.strftime("%H:%M")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanField(serializers.BooleanField):
    """JSON true/false only (DRF's own also takes "yes", 1, "on")."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


# --- input


class ReminderTimeInSerializer(serializers.Serializer):
    enabled = StrictBooleanField(required=False)
    time = LocalTimeField(required=False)


class StrictIntegerField(serializers.IntegerField):
    """JSON integers only (DRF's own also takes "3", 3.0 and true)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class WeeklyReminderInSerializer(ReminderTimeInSerializer):
    weekday = StrictIntegerField(required=False, min_value=1, max_value=7, help_text="ISO weekday: 1 = Monday .. 7 = Sunday.")


class ReminderChannelsInSerializer(serializers.Serializer):
    telegram = StrictBooleanField(required=False, help_text="Needs a linked Telegram account (422 otherwise).")
    email = StrictBooleanField(required=False, help_text="Needs a verified email (422 otherwise).")


class QuietHoursSerializer(serializers.Serializer):
    start = LocalTimeField(help_text="Local HH:MM; the span may wrap past midnight (22:00..07:00).")
    end = LocalTimeField()


class RemindersUpdateInSerializer(serializers.Serializer):
    """Every part optional; parts and fields left out keep their values. `quiet_hours: null`
    turns quiet hours off."""

    morning = ReminderTimeInSerializer(required=False)
    evening = ReminderTimeInSerializer(required=False)
    weekly_review = WeeklyReminderInSerializer(required=False)
    channels = ReminderChannelsInSerializer(required=False)
    quiet_hours = QuietHoursSerializer(required=False, allow_null=True)


class UnsubscribeInSerializer(serializers.Serializer):
    token = StrictCharField(max_length=1000, help_text="The signed token of the email's unsubscribe link.")


# --- output


class ReminderTimeSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    time = LocalTimeField()


class WeeklyReminderSerializer(ReminderTimeSerializer):
    weekday = serializers.IntegerField(min_value=1, max_value=7)


class ReminderChannelsSerializer(serializers.Serializer):
    telegram = serializers.BooleanField()
    email = serializers.BooleanField()


class RemindersSerializer(serializers.Serializer):
    morning = ReminderTimeSerializer()
    evening = ReminderTimeSerializer()
    weekly_review = WeeklyReminderSerializer()
    channels = ReminderChannelsSerializer()
    quiet_hours = QuietHoursSerializer(allow_null=True)
    paused_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=ReminderKind.choices),
        help_text="Kinds paused after 7 ignored reminders in a row, until the user writes such an entry again.",
    )


class ReminderHistoryItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReminderKind.choices)
    channel = serializers.ChoiceField(choices=ReminderChannel.choices, allow_null=True)
    local_date = serializers.DateField()
    status = serializers.ChoiceField(choices=[s for s in DeliveryStatus.choices if s[0] in ("sent", "skipped", "failed")])
    reason = serializers.CharField(
        allow_null=True,
        help_text="Why skipped or failed: entry_exists, week_reviewed, quiet_hours, paused, late, no_channel, "
        "telegram_blocked, telegram_rejected, telegram_rate_limited, telegram_unavailable, email_refused, ...",
    )
    sent_at = serializers.DateTimeField(allow_null=True)


class ReminderHistoryPageSerializer(serializers.Serializer):
    items = ReminderHistoryItemSerializer(many=True)
