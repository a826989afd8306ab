"""Plain serializers of the rituals API (names unique project-wide: they become schema
components)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.pagination import PageQuerySerializer
from apps.core.validation import FreeJSONField, JSONLimits, StrictCharField, StrictQueryDateField
from apps.gamification.api.serializers import GamificationEventSerializer

from ..ai import WeeklyAIAnalysisSerializer
from ..constants import (
    ANSWERS_KEY_MAX_CHARS,
    ANSWERS_LIST_MAX_ITEMS,
    ANSWERS_MAX_BYTES,
    ANSWERS_MAX_KEYS,
    ANSWERS_TEXT_MAX_CHARS,
    COMMIT_MAX_STEPS,
    INTERCEPTION_TYPES,
    USER_REFLECTION_MAX_CHARS,
)
from ..models import JournalEntry, WeeklyReviewStatus

ANSWERS_HELP = (
    f"The ritual's answers as a flat JSON object: at most {ANSWERS_MAX_KEYS} keys of 1..{ANSWERS_KEY_MAX_CHARS} "
    f"characters; each value a string (at most {ANSWERS_TEXT_MAX_CHARS} characters), a number, a boolean, null, "
    f"or a list of at most {ANSWERS_LIST_MAX_ITEMS} strings/numbers; no NUL characters; at most "
    f"{ANSWERS_MAX_BYTES} bytes as compact UTF-8 JSON. Example: "
    '`{"gratitude": "…", "intention": "…", "wins": ["…"]}`.'
)

_SCALAR = {"oneOf": [{"type": "string", "maxLength": ANSWERS_TEXT_MAX_CHARS}, {"type": "number"}, {"type": "boolean"}]}
_ANSWERS_SCHEMA = {
    "type": "object",
    "maxProperties": ANSWERS_MAX_KEYS,
    "additionalProperties": {
        "nullable": True,
        "oneOf": [
            *_SCALAR["oneOf"],
            {"type": "array", "maxItems": ANSWERS_LIST_MAX_ITEMS, "items": {"oneOf": [{"type": "string"}, {"type": "number"}]}},
        ],
    },
}


@extend_schema_field(_ANSWERS_SCHEMA)
class RitualAnswersField(FreeJSONField):
    """The `answers` object: free-form JSON checked to its leaves by the one validator of
    apps/core/validation.py (sizes, NUL, unpaired surrogates, with the path of the bad leaf),
    then for its shape: a flat object whose values are scalars or lists of strings/numbers."""

    limits = JSONLimits(
        max_depth=2,
        max_keys=ANSWERS_MAX_KEYS,
        max_items=ANSWERS_LIST_MAX_ITEMS,
        max_key_chars=ANSWERS_KEY_MAX_CHARS,
        max_text_chars=ANSWERS_TEXT_MAX_CHARS,
        max_bytes=ANSWERS_MAX_BYTES,
    )
    default_error_messages = {
        "not_object": _("Answers must be a JSON object."),
        "bad_value": _("An answer must be a string, a number, a boolean, null or a list of strings and numbers."),
    }

    def validate_shape(self, data):
        if not isinstance(data, dict):
            self.fail("not_object")
        errors = {}
        for key, value in data.items():
            items = value if isinstance(value, list) else []
            if isinstance(value, dict) or any(item is None or isinstance(item, bool | dict | list) for item in items):
                errors[key] = [str(self.error_messages["bad_value"])]
        if errors:
            raise serializers.ValidationError(errors)
        return data


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 10, "nullable": True})
class RitualScoreField(serializers.Field):
    """A whole number 1..10 as a JSON integer (no strings, floats or booleans), or null."""

    default_error_messages = {"invalid": _("A score must be a whole number from 1 to 10.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if type(data) is not int or not 1 <= data <= 10:
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


# --- input


class JournalEntryInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=JournalEntry.Type.choices)
    answers = RitualAnswersField(help_text=ANSWERS_HELP)
    mood_score = RitualScoreField(help_text="Mood, 1..10.")
    energy_score = RitualScoreField(help_text="Energy, 1..10.")


class JournalEntryListQuerySerializer(PageQuerySerializer):
    to = StrictQueryDateField(required=False, help_text="Last local date (YYYY-MM-DD), inclusive.")

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("`to` must not be before `from`.")]})
        return attrs


# `from` is a Python keyword, so it cannot be declared in the class body.
JournalEntryListQuerySerializer._declared_fields["from"] = StrictQueryDateField(
    required=False, help_text="First local date (YYYY-MM-DD), inclusive."
)


class WeeklyAnalyzeInputSerializer(serializers.Serializer):
    user_reflection = StrictCharField(min_length=1, max_length=USER_REFLECTION_MAX_CHARS, trim_whitespace=True)


class WeeklyCommitInputSerializer(serializers.Serializer):
    next_week_step_ids = serializers.ListField(
        child=serializers.UUIDField(),
        max_length=COMMIT_MAX_STEPS,
        help_text=f"Steps to plan next week, in the order to spread them over Monday..Sunday "
        f"(at most {COMMIT_MAX_STEPS}; duplicates count once). Empty: 404 RITUALS_STEPS_NOT_FOUND.",
    )


# --- output


class JournalEntryPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=JournalEntry.Type.choices)
    entry_date = serializers.DateField(help_text="The user's local date when the entry was written.")
    answers = RitualAnswersField()
    mood_score = serializers.IntegerField(min_value=1, max_value=10, allow_null=True)
    energy_score = serializers.IntegerField(min_value=1, max_value=10, allow_null=True)
    created_at = serializers.DateTimeField()


class JournalEntryCreatedSerializer(JournalEntryPublicSerializer):
    """JournalEntryPublic plus the XP event and the current streak after this entry."""

    gamification_event = GamificationEventSerializer(allow_null=True)
    streak = serializers.IntegerField(min_value=0, help_text="Current streak in local days, this entry counted.")


class JournalEntryPageSerializer(serializers.Serializer):
    items = JournalEntryPublicSerializer(many=True)


class RitualsInterceptionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=INTERCEPTION_TYPES,
        help_text="`force_review`: the last finished week awaits its review (1..3 days overdue). "
        "`fresh_start`: it was more overdue and has just been archived (answered once).",
    )
    week_start = serializers.DateField(required=False, help_text="force_review: Monday of the week to review.")
    days_overdue = serializers.IntegerField(required=False, min_value=1, max_value=3, help_text="force_review: 1..3.")
    archived_week_start = serializers.DateField(required=False, help_text="fresh_start: Monday of the archived week.")


class RitualsTodaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text="Today in the user's time zone.")
    morning = JournalEntryPublicSerializer(allow_null=True)
    evening = JournalEntryPublicSerializer(allow_null=True)
    streak = serializers.IntegerField(min_value=0, help_text="Current streak: consecutive local days with an entry.")
    interception = RitualsInterceptionSerializer(allow_null=True)


class WeeklyDayStatsSerializer(serializers.Serializer):
    date = serializers.DateField()
    entries = serializers.IntegerField(min_value=0, max_value=2)
    mood = serializers.FloatField(allow_null=True, help_text="Mean mood of the day's entries, null without scores.")
    energy = serializers.FloatField(allow_null=True, help_text="Mean energy of the day's entries, null without scores.")


class WeeklyStatsSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    week_end = serializers.DateField()
    entries = serializers.IntegerField(min_value=0)
    avg_mood = serializers.FloatField(allow_null=True)
    avg_energy = serializers.FloatField(allow_null=True)
    steps_done = serializers.IntegerField(
        min_value=0, help_text="The user's steps completed (completed_at) in that local week."
    )
    steps_planned = serializers.IntegerField(min_value=0, help_text="The user's steps with a planned_date in that week.")
    days = WeeklyDayStatsSerializer(many=True, help_text="Monday..Sunday, for drawing the week.")


class WeeklyReviewPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    week_start = serializers.DateField()
    user_reflection = StrictCharField()
    stats = WeeklyStatsSerializer()
    ai_analysis = WeeklyAIAnalysisSerializer(allow_null=True)
    model = StrictCharField(help_text='The AI model; "offline" for the built-in composer.')
    status = serializers.ChoiceField(choices=WeeklyReviewStatus.choices)
    created_at = serializers.DateTimeField()


class WeeklyReviewCreatedSerializer(WeeklyReviewPublicSerializer):
    gamification_event = GamificationEventSerializer(allow_null=True)
