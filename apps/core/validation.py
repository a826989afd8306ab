import re
from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from rest_framework import ISO_8601, serializers
from rest_framework.fields import empty

_ASCII_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    """Validate request data with an input serializer; 422 VALIDATION_ERROR with dotted
    `fields` on failure (through the exception handler). DRF's CharField already refuses
    NUL bytes, which PostgreSQL cannot store."""
    serializer = serializer_class(data={} if data is None else data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def validated_query(serializer_class: type[serializers.Serializer], query_params) -> dict:
    """`validated(serializer_class, query_params)` for the query string of a read, with a fast
    path: when every parameter is plainly valid (`page=1`, `from=2026-03-01`, `status=done`),
    the values are read without building the serializer (its fields are deep-copied per
    instance: ~50-80 µs a request, bench/PROFILE.md). Anything else — a bad or empty value,
    a field or rule the fast path does not know — goes through the serializer, so errors
    (422 and their `fields`) are exactly the serializer's. Same values either way."""
    plan = _query_plan(serializer_class)
    if plan is not None:
        values = _fast_values(plan, query_params)
        if values is not None and _cross_field_ok(serializer_class, values):
            return values
    return validated(serializer_class, query_params)


_PLANS: dict = {}


def _query_plan(serializer_class):
    """[(name, parse, default)] for each field, or None when a field needs the serializer.
    Built once per class from one instance's fields (read only)."""
    if serializer_class not in _PLANS:
        _PLANS[serializer_class] = _build_plan(serializer_class)
    return _PLANS[serializer_class]


def _build_plan(serializer_class):
    plan = []
    for name, field in serializer_class().fields.items():
        parse = _fast_parser(field)
        if parse is None or getattr(serializer_class, f"validate_{name}", None) is not None:
            return None
        plan.append((field.source if field.source != "*" else name, name, parse, field.default))
    return plan


def _fast_parser(field):
    """A function raw string -> value or None (not plainly valid), or None when the field's
    kind or options are not covered."""
    if isinstance(field, StrictQueryIntegerField):
        if any(not isinstance(v, MinValueValidator | MaxValueValidator) for v in field.validators):
            return None
        low, high = field.min_value, field.max_value

        def parse_int(raw):
            if len(raw) > 9 or not _ASCII_DIGITS.fullmatch(raw):
                return None
            value = int(raw)
            return None if (low is not None and value < low) or (high is not None and value > high) else value

        return parse_int
    iso_input = getattr(field, "input_formats", None) in (None, [ISO_8601], ["%Y-%m-%d"])
    if isinstance(field, StrictQueryDateField) and iso_input and not field.validators:

        def parse_date(raw):
            if not _ISO_DATE.fullmatch(raw):
                return None
            try:
                return date.fromisoformat(raw)
            except ValueError:
                return None

        return parse_date
    if isinstance(field, StrictQueryChoiceField) and not field.validators:
        choices = dict(field.choice_strings_to_values)
        return lambda raw: choices.get(raw) if raw else None
    return None


def _fast_values(plan, query_params) -> dict | None:
    values = {}
    for source, name, parse, default in plan:
        raw = query_params.get(name)
        if raw is None:
            if default is empty:
                continue  # optional without a default: absent, as the serializer leaves it
            values[source] = default() if callable(default) else default
            continue
        value = parse(raw)
        if value is None:
            return None
        values[source] = value
    return values


def _cross_field_ok(serializer_class, values: dict) -> bool:
    """The serializer's own `validate(attrs)`, when it has one, accepts the values."""
    if serializer_class.validate is serializers.Serializer.validate:
        return True
    try:
        serializer_class().validate(dict(values))
    except serializers.ValidationError:
        return False
    return True


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
