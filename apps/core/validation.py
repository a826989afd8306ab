import json
import math
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import ISO_8601, serializers
from rest_framework.fields import empty

from .dates import add_months

_ASCII_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CANONICAL_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PLAIN_BOOLEANS = {"true": True, "false": False}


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    """Validate request data with an input serializer; 422 VALIDATION_ERROR with dotted
    `fields` on failure (through the exception handler). DRF's CharField already refuses
    NUL bytes, which PostgreSQL cannot store."""
    serializer = serializer_class(data={} if data is None else data, **kwargs)
    try:
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
    finally:
        _unbind(serializer)


def _unbind(field) -> None:
    """Drop the links from a used serializer's fields (nested ones and list children too) back
    to their parent, so that refcounting frees it at once: DRF's `field.parent` makes each
    serializer a cycle, left to the cycle collector (apps/core/middleware.py, ReleaseViewMiddleware,
    says why that matters under load)."""
    fields = field.__dict__.pop("fields", None)
    children = [*fields.values()] if fields else []
    if (child := getattr(field, "child", None)) is not None:
        children.append(child)
    for child in children:
        child.parent = None
        _unbind(child)


def validated_query(serializer_class: type[serializers.Serializer], request) -> dict:
    """`validated(serializer_class, request.query_params)` for the query string of a read, with
    a fast path: when every parameter is plainly valid (`page=1`, `from=2026-03-01`,
    `status=done`), the values are read without building the serializer (its fields are
    deep-copied per instance: ~50-80 µs a request, bench/PROFILE.md) and, for a query string of
    plain characters, without building Django's QueryDict either (~90 Python calls). Anything
    else — a bad or empty value, a field or rule the fast path does not know — goes through the
    serializer, so errors (422 and their `fields`) are exactly the serializer's. Same values
    either way."""
    plan = _query_plan(serializer_class)
    if plan is not None:
        values = _fast_values(plan, _plain_query(request))
        if values is not None and _cross_field_ok(serializer_class, values):
            return values
    return validated(serializer_class, request.query_params)


_PLAIN_QUERY = re.compile(r"[A-Za-z0-9_.=&-]*")


def _plain_query(request):
    """The query string as `{name: last value}`, as QueryDict.get reads it, when it is written
    with letters, digits, `_`, `.` and `-` only (nothing to unquote or decode); otherwise
    request.query_params."""
    text = request.META.get("QUERY_STRING", "")
    if not _PLAIN_QUERY.fullmatch(text):
        return request.query_params
    return dict(pair.partition("=")[::2] for pair in text.split("&") if pair)


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

        window = getattr(field, "window", None)

        def parse_date(raw):
            if not _ISO_DATE.fullmatch(raw):
                return None
            try:
                value = date.fromisoformat(raw)
            except ValueError:
                return None
            if window is not None:  # outside its window: the serializer answers the 422
                earliest, latest = window.bounds()
                if not earliest <= value <= latest:
                    return None
            return value

        return parse_date
    if isinstance(field, StrictQueryChoiceField) and not field.validators:
        choices = dict(field.choice_strings_to_values)
        return lambda raw: choices.get(raw) if raw else None
    if type(field) is serializers.UUIDField and not field.validators and field.uuid_format == "hex_verbose":
        return lambda raw: uuid.UUID(raw) if _CANONICAL_UUID.fullmatch(raw) else None
    if type(field) is serializers.BooleanField and not field.validators:
        return _PLAIN_BOOLEANS.get
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


# --- Free-form JSON (`answers` and the like) -----------------------------------------------
# One validator for every request field that takes arbitrary JSON: its text is stored in
# PostgreSQL (no NUL) and written back as UTF-8 (no lone surrogate such as "\ud800", which
# Python's JSON parser accepts but no encoder can write), and its size is bounded at every
# level. A failure names the leaf: `answers.k`, `answers.k.0` (a list item), or the key itself.


@dataclass(frozen=True)
class JSONLimits:
    """Bounds of one free-form JSON field. `max_depth` counts containers: 1 is a flat object or
    list of scalars, 2 allows lists (or objects) as its values, and so on."""

    max_depth: int = 2
    max_keys: int = 50
    max_items: int = 50
    max_key_chars: int = 100
    max_text_chars: int = 4000
    max_bytes: int = 32 * 1024  # the whole value as compact UTF-8 JSON


FREE_JSON_MESSAGES = {
    "surrogate": _("Text cannot contain unpaired surrogate characters."),
    "nul": _("Text cannot contain NUL characters."),
    "long_text": _("At most {max} characters."),
    "bad_key": _("A key must have 1 to {max} characters."),
    "too_many_keys": _("At most {max} keys."),
    "too_many_items": _("At most {max} items."),
    "too_deep": _("Nested at most {max} levels deep."),
    "bad_number": _("Numbers must be finite."),
    "bad_type": _("Use strings, numbers, booleans, null, lists and objects only."),
    "too_big": _("At most {max} bytes as JSON."),
}


def path_text(key) -> str:
    """A key as it may appear in an error path: unpaired surrogates written as `\\udXXX`."""
    return str(key).encode("utf-8", "backslashreplace").decode("utf-8")


def text_problem(text: str, max_chars: int | None = None) -> str | None:
    """The FREE_JSON_MESSAGES code of what is wrong with `text`, or None."""
    if max_chars is not None and len(text) > max_chars:
        return "long_text"
    if "\x00" in text:
        return "nul"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def _fail(code: str, **params):
    return [str(FREE_JSON_MESSAGES[code]).format(**params)]


def _check(value, limits: JSONLimits, depth: int):
    """The error detail of `value` (a message list, or a dict {key or index: detail}), or None."""
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else _fail("bad_number")
    if isinstance(value, str):
        problem = text_problem(value, limits.max_text_chars)
        return _fail(problem, max=limits.max_text_chars) if problem else None
    if isinstance(value, dict | list):
        if depth >= limits.max_depth:
            return _fail("too_deep", max=limits.max_depth)
        if isinstance(value, dict) and len(value) > limits.max_keys:
            return _fail("too_many_keys", max=limits.max_keys)
        if isinstance(value, list) and len(value) > limits.max_items:
            return _fail("too_many_items", max=limits.max_items)
        errors = {}
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in pairs:
            if isinstance(value, dict):
                problem = text_problem(key) if isinstance(key, str) else "bad_key"
                if problem is None and not 1 <= len(key) <= limits.max_key_chars:
                    problem = "bad_key"
                if problem:
                    errors[path_text(key)] = _fail(problem, max=limits.max_key_chars)
                    continue
            error = _check(item, limits, depth + 1)
            if error:
                errors[path_text(key)] = error
        return errors or None
    return _fail("bad_type")


def free_json_check(value, limits: JSONLimits) -> None:
    """Raise a ValidationError naming every bad leaf of `value` (nested under the field by
    DRF, so the envelope's `fields` say `answers.k`); sizes first, so a huge value is refused
    without walking it all."""
    error = _check(value, limits, 0)
    if error:
        raise serializers.ValidationError(error)
    if len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")) > limits.max_bytes:
        raise serializers.ValidationError(_fail("too_big", max=limits.max_bytes))


class FreeJSONField(serializers.Field):
    """A request field that takes free-form JSON, checked by `free_json_check` against
    `limits`; subclasses add their shape rules in `validate_shape`."""

    limits = JSONLimits()

    def __init__(self, *, limits: JSONLimits | None = None, **kwargs):
        if limits is not None:
            self.limits = limits
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        free_json_check(data, self.limits)
        return self.validate_shape(data)

    def validate_shape(self, data):
        return data

    def to_representation(self, value):
        return value


def json_text_safe(value):
    """`value` with every unpaired surrogate in its strings (keys too) written as `\\udXXX`:
    for answers that echo what a client sent (error messages, details), which could not be
    encoded otherwise."""
    if isinstance(value, str):
        return path_text(value)
    if isinstance(value, dict):
        return {json_text_safe(key): json_text_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_text_safe(item) for item in value]
    return value


# --- Dates ----------------------------------------------------------------------------------
# Every date a request carries is bounded before any arithmetic (SECURITY 50): `9999-12-31`
# plus a year is no date at all (a 500), and a far-future plan would be a paid AI job that
# fails. Each field has its window (relative to today, UTC, with a day of slack for time
# zones, or fixed), checked on its own; rules between dates (order, spans) come after.


@dataclass(frozen=True)
class DateWindow:
    years_back: int = 10
    years_ahead: int = 30
    earliest: date | None = None  # fixed bounds win over the relative ones
    latest: date | None = None

    def bounds(self) -> tuple[date, date]:
        today = timezone.now().date()
        earliest = self.earliest or add_months(today, -12 * self.years_back) - timedelta(days=1)
        latest = self.latest or add_months(today, 12 * self.years_ahead) + timedelta(days=1)
        return earliest, latest

    def describe(self) -> str:
        earliest = f"today − {self.years_back} years" if self.earliest is None else str(self.earliest)
        latest = f"today + {self.years_ahead} years" if self.latest is None else str(self.latest)
        return f"{earliest}..{latest}"


# Goals' target dates, steps' planned dates, a plan's year bounds, date filters of lists.
PLAN_DATES = DateWindow(years_back=10, years_ahead=30)
# A date of birth: from 1900 up to today (the field adds its own "not in the future" rule).
BIRTH_DATES = DateWindow(earliest=date(1900, 1, 1), years_ahead=0)


def date_window_check(value: date, window: DateWindow) -> date:
    """`value` when it lies in `window`, else a ValidationError naming the window."""
    earliest, latest = window.bounds()
    if not earliest <= value <= latest:
        raise serializers.ValidationError(
            _("Choose a date between %(min)s and %(max)s.") % {"min": earliest.isoformat(), "max": latest.isoformat()}
        )
    return value


class BoundedDateField(serializers.DateField):
    """A request date (YYYY-MM-DD) inside its `window` (default PLAN_DATES)."""

    def __init__(self, *, window: DateWindow = PLAN_DATES, **kwargs):
        self.window = window
        kwargs["help_text"] = f"{kwargs.get('help_text') or 'A date (YYYY-MM-DD).'} Within {window.describe()}.".strip()
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        return date_window_check(super().to_internal_value(value), self.window)


class StrictQueryDateField(BoundedDateField):
    """A query-string date (YYYY-MM-DD) where an empty value (`to=`) is 422, not silently
    read as "no bound"; inside its window like every request date."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary and dictionary[self.field_name] == "":
            return ""
        return super().get_value(dictionary)
