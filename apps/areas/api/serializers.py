from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.locale import LOCALES, locale_active
from apps.core.validation import StrictCharField

from ..models import AREA_ID_MAX_LENGTH, area_id_validator, color_validator


class AreaPublicSerializer(serializers.Serializer):
    """Documents the shape of an area; apps/areas/presenters.py builds these dicts from cached records."""

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


LOCALIZED_FIELDS = ("title", "description")
READ_ONLY_FIELDS = ("created_at", "updated_at")


class AreaUpdateSerializer(serializers.Serializer):
    """Partial: only the fields sent are changed; the id cannot be changed. Takes the AreaPublic
    names (`title`, `description` in the caller's locale: the user's, else Accept-Language) as
    well as the columns of each locale (`title_ru`, `title_en`, ...). Every field sent is applied
    or refused: an unknown or read-only name is 422, and so is `title` that contradicts the
    caller's own `title_<locale>` in the same body."""

    id = StrictCharField(
        max_length=AREA_ID_MAX_LENGTH, validators=[area_id_validator], required=False,
        help_text="The area's own id (it cannot change: another value is 422).",
    )
    title = StrictCharField(max_length=200, required=False, help_text="The title in the caller's locale.")
    description = StrictCharField(
        max_length=2000, allow_blank=True, required=False, help_text="The description in the caller's locale."
    )
    title_ru = StrictCharField(max_length=200, required=False)
    title_en = StrictCharField(max_length=200, required=False)
    description_ru = StrictCharField(max_length=2000, allow_blank=True, required=False)
    description_en = StrictCharField(max_length=2000, allow_blank=True, required=False)
    icon = StrictCharField(max_length=50, allow_blank=True, required=False)
    color = StrictCharField(max_length=7, validators=[color_validator], required=False)
    order_index = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000, required=False)
    is_active = serializers.BooleanField(required=False)

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                name: [str(_("This field is read-only.") if name in READ_ONLY_FIELDS else _("Unknown field."))]
                for name in data
                if name not in self.fields
            }
            if errors:
                raise serializers.ValidationError(errors)
        return self.localized(super().to_internal_value(data))

    def localized(self, values: dict) -> dict:
        """`title` / `description` become the caller's locale's columns."""
        locale = locale_active()
        errors = {}
        for name in LOCALIZED_FIELDS:
            if name not in values:
                continue
            value, column = values.pop(name), f"{name}_{locale}"
            if column in values and values[column] != value:
                errors[name] = [str(_("Differs from %(column)s in the same request.") % {"column": column})]
            values[column] = value
        if errors:
            raise serializers.ValidationError(errors)
        return values


class AreaCreateSerializer(AreaUpdateSerializer):
    """A new area: `id` and a title, either `title` (the caller's locale) or `title_ru` /
    `title_en`. A title or description given in one locale only is used for the other too
    (an area always has both; translate it later with `PUT`)."""

    id = StrictCharField(max_length=AREA_ID_MAX_LENGTH, validators=[area_id_validator])
    icon = StrictCharField(max_length=50, allow_blank=True, default="")
    order_index = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000, default=0)
    is_active = serializers.BooleanField(default=True)

    def localized(self, values: dict) -> dict:
        values = super().localized(values)
        for name in LOCALIZED_FIELDS:
            given = [values[f"{name}_{locale}"] for locale in LOCALES if f"{name}_{locale}" in values]
            for locale in LOCALES:
                values.setdefault(f"{name}_{locale}", given[0] if given else "")
        if not values["title_ru"]:
            required = [str(serializers.Field.default_error_messages["required"])]
            raise serializers.ValidationError({"title": required, "title_ru": required, "title_en": required})
        return values
