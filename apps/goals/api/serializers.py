"""Plain serializers of the goals API (names unique project-wide: they become schema
components)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from apps.areas.selectors import active_area_ids
from apps.core.validation import BoundedDateField, JSONLimits, StrictCharField, StrictQueryChoiceField, free_json_check
from apps.gamification.api.serializers import GamificationEventSerializer

from ..models import (
    DESCRIPTION_MAX_CHARS,
    METRIC_MAX_CHARS,
    TITLE_MAX_CHARS,
    GoalHorizon,
    GoalSize,
    GoalSource,
    GoalStatus,
)

GOALS_BATCH_MAX = 50


class GoalAreaIdField(StrictCharField):
    """The id of an active area (`GET /areas`). A goal already in an area that was
    deactivated later may keep it (the serializer's context `current_area_id`)."""

    default_error_messages = {"unknown_area": _("Unknown or inactive area id.")}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value != self.context.get("current_area_id") and value not in self._active_ids():
            self.fail("unknown_area")
        return value

    def _active_ids(self) -> set[str]:
        # One cache read per request, not one per goal of a batch.
        root = self.root
        ids = getattr(root, "_active_area_ids", None)
        if ids is None:
            ids = root._active_area_ids = active_area_ids()
        return ids


# --- input


class GoalInSerializer(serializers.Serializer):
    """`GoalIn`: the writable fields of a goal; `title`, `area_id` and `horizon` required."""

    area_id = GoalAreaIdField(max_length=50, help_text="An active area id, e.g. `health`.")
    title = StrictCharField(min_length=1, max_length=TITLE_MAX_CHARS)
    description = StrictCharField(required=False, allow_blank=True, max_length=DESCRIPTION_MAX_CHARS, default="")
    horizon = serializers.ChoiceField(choices=GoalHorizon.choices)
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False, default=GoalStatus.PLANNED)
    priority = serializers.IntegerField(min_value=1, max_value=3, required=False, default=2, help_text="1 (highest)..3.")
    size = serializers.ChoiceField(choices=GoalSize.choices, required=False, default=GoalSize.SMALL)
    target_date = BoundedDateField(required=False, allow_null=True, default=None)
    metric = StrictCharField(required=False, allow_blank=True, max_length=METRIC_MAX_CHARS, default="")
    source = serializers.ChoiceField(choices=GoalSource.choices, required=False, default=GoalSource.MANUAL)


class GoalUpdateInSerializer(GoalInSerializer):
    """`GoalIn` for `PUT /goals/{id}`: every field optional; fields omitted keep their values."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
            field.default = empty
        return fields


class GoalsBatchInputSerializer(serializers.Serializer):
    goals = GoalInSerializer(many=True, allow_empty=False, max_length=GOALS_BATCH_MAX, help_text="1..50 goals.")


class GoalListQuerySerializer(serializers.Serializer):
    """Filters of `GET /goals` (the answer is the whole list: no paging parameters)."""

    horizon = StrictQueryChoiceField(choices=GoalHorizon.choices, required=False)
    status = StrictQueryChoiceField(choices=GoalStatus.choices, required=False)


# `limits` of POST /goals/generate: a small object of wishes (unknown keys are ignored, but
# checked like any free-form JSON).
GENERATE_LIMITS_LIMITS = JSONLimits(max_depth=2, max_keys=20, max_items=20, max_key_chars=64, max_text_chars=200)


class GoalsGenerateInputSerializer(serializers.Serializer):
    limits = serializers.DictField(
        required=False,
        help_text="Optional wishes for the suggestions: `max_goals` (1..20, default 6) and "
        "`horizons` (a subset of 3y, 1y, quarter, month). Other keys are ignored.",
    )

    def validate_limits(self, value):
        free_json_check(value, GENERATE_LIMITS_LIMITS)
        errors = {}
        max_goals = value.get("max_goals", 6)
        if isinstance(max_goals, bool) or not isinstance(max_goals, int) or not 1 <= max_goals <= 20:
            errors["max_goals"] = [str(_("Use a whole number from 1 to 20."))]
        horizons = value.get("horizons", list(GoalHorizon.values))
        if not isinstance(horizons, list) or not horizons or any(h not in GoalHorizon.values for h in horizons):
            errors["horizons"] = [str(_("Use a non-empty list of 3y, 1y, quarter, month."))]
        if errors:
            raise serializers.ValidationError(errors)
        return {"max_goals": max_goals, "horizons": list(dict.fromkeys(horizons))}


# --- output


class GoalProgressSerializer(serializers.Serializer):
    steps_total = serializers.IntegerField(min_value=0, help_text="Steps of the goal, any level and status.")
    steps_done = serializers.IntegerField(min_value=0, help_text="Of those, steps with status `done`.")


# The fields a goal shares with a suggestion, and its id (declared first: bases' fields come
# before a class's own, in the order of the bases). Comments, not docstrings: a serializer's
# docstring is inherited as the description of its schema component.
class GoalIdSerializer(serializers.Serializer):
    id = serializers.UUIDField()


class GoalFieldsSerializer(serializers.Serializer):
    area_id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    horizon = serializers.ChoiceField(choices=GoalHorizon.choices)
    status = serializers.ChoiceField(choices=GoalStatus.choices)
    priority = serializers.IntegerField(min_value=1, max_value=3)
    size = serializers.ChoiceField(choices=GoalSize.choices)
    target_date = serializers.DateField(allow_null=True)
    metric = serializers.CharField(allow_blank=True)
    source = serializers.ChoiceField(choices=GoalSource.choices)


class GoalPublicSerializer(GoalIdSerializer, GoalFieldsSerializer):
    completed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    progress = GoalProgressSerializer(source="*")


class GoalWithEventSerializer(GoalPublicSerializer):
    """GoalPublic plus the completion XP event (null unless the status just became `done`
    for the first time)."""

    gamification_event = GamificationEventSerializer(allow_null=True)


class GoalsBatchResultSerializer(serializers.Serializer):
    items = GoalPublicSerializer(many=True)
    gamification_event = GamificationEventSerializer(allow_null=True, help_text="`goal_created` XP of the batch.")


class GoalSuggestionSerializer(GoalFieldsSerializer):
    """A suggested goal, a `GoalIn` ready for `POST /goals/batch` (`source` = `ai`)."""


class GoalsSuggestionsSerializer(serializers.Serializer):
    goals = GoalSuggestionSerializer(many=True)
