from rest_framework import serializers

from apps.core.validation import StrictCharField

from ..models import AREA_ID_MAX_LENGTH, area_id_validator, color_validator


class AreaPublicSerializer(serializers.Serializer):
    """Documents the shape of an area; the views build these dicts from cached records."""

    id = StrictCharField(help_text="Slug, e.g. `health`.")
    title = StrictCharField(help_text="In the caller's locale.")
    description = StrictCharField(help_text="In the caller's locale.")
    icon = StrictCharField()
    color = StrictCharField(help_text="#RRGGBB")
    order_index = serializers.IntegerField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class AreaListSerializer(serializers.Serializer):
    items = AreaPublicSerializer(many=True)


class AreaListQuerySerializer(serializers.Serializer):
    include_inactive = serializers.BooleanField(default=False, help_text="Include deactivated areas.")


class AreaUpdateSerializer(serializers.Serializer):
    """Partial: only the fields sent are changed. The id cannot be changed."""

    title_ru = StrictCharField(max_length=200, required=False)
    title_en = StrictCharField(max_length=200, required=False)
    description_ru = StrictCharField(max_length=2000, allow_blank=True, required=False)
    description_en = StrictCharField(max_length=2000, allow_blank=True, required=False)
    icon = StrictCharField(max_length=50, allow_blank=True, required=False)
    color = StrictCharField(max_length=7, validators=[color_validator], required=False)
    order_index = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000, required=False)
    is_active = serializers.BooleanField(required=False)


class AreaCreateSerializer(AreaUpdateSerializer):
    id = StrictCharField(max_length=AREA_ID_MAX_LENGTH, validators=[area_id_validator])
    title_ru = StrictCharField(max_length=200)
    title_en = StrictCharField(max_length=200)
    description_ru = StrictCharField(max_length=2000, allow_blank=True, default="")
    description_en = StrictCharField(max_length=2000, allow_blank=True, default="")
    icon = StrictCharField(max_length=50, allow_blank=True, default="")
    order_index = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000, default=0)
    is_active = serializers.BooleanField(default=True)
