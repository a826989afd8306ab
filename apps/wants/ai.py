"""What `wants.analyze` shows the AI, and the shape its answer must have.

The context is the user's own texts (each capped) and the valid area ids. The answer is
validated by `WantsAnalysisAIOutput` (one that does not fit is AIBadResponse → 502
WANTS_AI_FAILED); area ids are checked against the areas active now (`active_area_ids()`), so
areas an admin adds count."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.areas.selectors import active_area_ids, area_list

from .constants import AI_CONTEXT_MAX_CHARS

MAX_AREAS = 50


def wants_analyze_context(*, texts: dict, locale: str) -> dict:
    """What the AI sees: the user's own texts (selectors.AI_CONTEXT_TEXTS of the record, each
    capped) and the valid area ids."""

    def cap(text: str) -> str:
        return text[:AI_CONTEXT_MAX_CHARS]

    return {
        "locale": locale,
        "area_ids": [area["id"] for area in area_list()],
        "raw_wants_stream": cap(texts["raw_wants_stream"]),
        "raw_future_me": cap(texts["raw_future_me"]),
        "raw_envy": cap(texts["raw_envy"]),
        "raw_regrets": cap(texts["raw_regrets"]),
        "raw_what_to_do_5y": cap(texts["raw_what_to_do_5y"]),
    }


class ActiveAreaId:
    """An area id of an area active now. The active ids are read once per answer validated
    (kept on the root serializer): an answer names up to ~60 area ids, and each read of the
    cached area list cost ~450 Python calls and a Redis round trip."""

    requires_context = True

    def __call__(self, value: str, field) -> str:
        root = field.root
        active = getattr(root, "_active_area_ids", None)
        if active is None:
            active = root._active_area_ids = active_area_ids()
        if value not in active:
            raise serializers.ValidationError(_("Unknown or inactive area id."))
        return value


def area_id_field() -> serializers.CharField:
    return serializers.CharField(max_length=64, validators=[ActiveAreaId()])


class WantsAITopWant(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    area_id = area_id_field()
    intensity = serializers.IntegerField(min_value=1, max_value=10)


class WantsAIAreaInsight(serializers.Serializer):
    area_id = area_id_field()
    insight = serializers.CharField(max_length=2000)


class WantsAnalysisAIOutput(serializers.Serializer):
    summary = serializers.CharField(max_length=4000)
    top_wants = WantsAITopWant(many=True, max_length=10)
    by_area = WantsAIAreaInsight(many=True, max_length=MAX_AREAS)
    hidden_motives = serializers.ListField(child=serializers.CharField(max_length=1000), max_length=10)
    recommended_focus_areas = serializers.ListField(child=area_id_field(), max_length=3)
