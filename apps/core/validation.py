import re

from rest_framework import serializers

_ASCII_DIGITS = re.compile(r"[0-9]+")


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    """Validate request data with an input serializer; 422 VALIDATION_ERROR with dotted
    `fields` on failure (through the exception handler). DRF's CharField already refuses
    NUL bytes, which PostgreSQL cannot store."""
    serializer = serializer_class(data={} if data is None else data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class StrictQueryIntegerField(serializers.IntegerField):
    """A query-string integer written only with ASCII digits: `limit=` (empty), `5.0`, `+5`,
    ` 5` or Unicode digits such as `٣` are 422, not silently read as a number or the default."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary and dictionary[self.field_name] == "":
            return ""  # DRF would turn an empty optional value into "absent" (the default)
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not _ASCII_DIGITS.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A CharField that takes only JSON strings: DRF's own would store `5` or `1.5` as text."""

    default_error_messages = {"invalid": serializers.CharField.default_error_messages["invalid"]}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictQueryChoiceField(serializers.ChoiceField):
    """A query-string enum where an empty value (`status=`) is 422 like any other value
    outside the choices, not silently read as "no filter"."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary and dictionary[self.field_name] == "":
            return ""
        return super().get_value(dictionary)


class StrictQueryDateField(serializers.DateField):
    """A query-string date (YYYY-MM-DD) where an empty value (`to=`) is 422, not silently
    read as "no bound"."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary and dictionary[self.field_name] == "":
            return ""
        return super().get_value(dictionary)
