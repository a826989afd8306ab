"""Plain serializers of the steps API (names unique project-wide: they become schema
components)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from apps.core.validation import BoundedDateField, StrictCharField, StrictQueryChoiceField
from apps.gamification.api.serializers import GamificationEventSerializer

from ..models import DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS, StepLevel, StepStatus

STEPS_BATCH_MAX = 500
REF_MAX_CHARS = 64

# --- input


class StepInSerializer(serializers.Serializer):
    """`StepIn`: the writable fields of a step."""

    goal_id = serializers.UUIDField(help_text="One of the caller's goals.")
    parent_id = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="An existing step of the same goal, or null for a root step."
    )
    level = serializers.ChoiceField(choices=StepLevel.choices, help_text="Strictly narrower than the parent's level.")
    title = StrictCharField(min_length=1, max_length=TITLE_MAX_CHARS)
    description = StrictCharField(required=False, allow_blank=True, max_length=DESCRIPTION_MAX_CHARS, default="")
    status = serializers.ChoiceField(choices=StepStatus.choices, required=False, default=StepStatus.PLANNED)
    planned_date = BoundedDateField(required=False, allow_null=True, default=None)
    order_index = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=None, allow_null=True)


class StepBatchItemSerializer(StepInSerializer):
    """`StepIn` plus client references for parents defined in the same batch."""

    ref = StrictCharField(
        required=False, allow_null=True, max_length=REF_MAX_CHARS, help_text="A client name for this item, unique within the batch."
    )
    parent_ref = StrictCharField(
        required=False,
        allow_null=True,
        max_length=REF_MAX_CHARS,
        help_text="The `ref` of an EARLIER item of the batch to use as parent (instead of `parent_id`).",
    )


class StepsBatchInputSerializer(serializers.Serializer):
    steps = StepBatchItemSerializer(many=True, allow_empty=False, max_length=STEPS_BATCH_MAX, help_text="1..500 items.")


class StepUpdateInSerializer(StepInSerializer):
    """`StepIn` for `PUT /steps/{id}`: every field optional; fields omitted keep their values.
    `goal_id`, when given, must be the step's own goal."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
            field.default = empty
        fields["order_index"].allow_null = False
        return fields


class StepListQuerySerializer(serializers.Serializer):
    """Filters of `GET /steps` (the answer is the whole list: no paging parameters)."""

    goal_id = serializers.UUIDField(required=False, help_text="Only the steps of this goal (none when it is not the caller's).")
    level = StrictQueryChoiceField(choices=StepLevel.choices, required=False)
    status = StrictQueryChoiceField(choices=StepStatus.choices, required=False)


class StepsLoadHintSerializer(serializers.Serializer):
    steps_per_week = serializers.IntegerField(
        min_value=1, max_value=21, required=False, default=3,
        help_text="At most this many day steps planned per ISO week, counting steps already planned.",
    )
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        required=False, allow_empty=False, max_length=7, default=[1, 2, 3, 4, 5],
        help_text="ISO weekdays (1 = Monday) on which day steps may be planned.",
    )


class StepsYearBoundsSerializer(serializers.Serializer):
    start_date = BoundedDateField(required=False, help_text="First day of the plan (default: the caller's today).")
    end_date = BoundedDateField(
        required=False, help_text="Last day of the plan (default: a year after the start; at most three years after it)."
    )

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end <= start:
            raise serializers.ValidationError({"end_date": [_("end_date must be after start_date.")]})
        return attrs


class StepsGenerateInputSerializer(serializers.Serializer):
    goal_ids = serializers.ListField(child=serializers.UUIDField(), min_length=1, max_length=10)
    current_load_hint = StepsLoadHintSerializer(required=False)
    year_bounds = StepsYearBoundsSerializer(required=False)


# --- output


class StepPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    goal_id = serializers.UUIDField()
    parent_id = serializers.UUIDField(allow_null=True)
    level = serializers.ChoiceField(choices=StepLevel.choices)
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=StepStatus.choices)
    planned_date = serializers.DateField(allow_null=True)
    order_index = serializers.IntegerField(min_value=0)
    completed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class StepWithEventSerializer(StepPublicSerializer):
    gamification_event = GamificationEventSerializer(allow_null=True)


class StepSuggestionSerializer(serializers.Serializer):
    """A suggested step, a batch item ready for `POST /steps/batch`."""

    ref = serializers.CharField()
    parent_ref = serializers.CharField(allow_null=True)
    goal_id = serializers.UUIDField()
    level = serializers.ChoiceField(choices=StepLevel.choices)
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    planned_date = serializers.DateField()
    order_index = serializers.IntegerField(min_value=0)


class StepsSuggestionsSerializer(serializers.Serializer):
    steps = StepSuggestionSerializer(many=True)
