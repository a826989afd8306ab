"""Reads of areas. Lists and items come from the cache (AREAS_CACHE, parts `list:{0|1}` and
`item:{id}`) as locale-independent records:

    {"id", "title_ru", "title_en", "description_ru", "description_en", "icon", "color",
     "order_index", "is_active", "created_at", "updated_at"}   # timestamps as ISO strings

`apps.areas.presenters.area_public(record)` turns one into the public shape in the current
language. Other apps validate area ids with `active_area_ids()`."""

import re

from apps.core.timestamps import iso_utc
from apps.core.usercache import AnswerCache

from .defaults import DEFAULT_AREA_IDS
from .errors import AreaNotFound
from .models import AREA_EDITABLE_FIELDS, AREA_ID_MAX_LENGTH, AREA_ID_PATTERN, Area

_AREA_ID_RE = re.compile(AREA_ID_PATTERN)
_RECORD_FIELDS = ("id", *AREA_EDITABLE_FIELDS, "created_at", "updated_at")


# The spec's areas catalog cache, 120 s, one generation for every area answer (both lists and
# each area), renewed by every write (services: the API and Django admin alike). Values are
# locale-independent records (both languages), localized on the way out, so one cached value
# serves every locale. Not an answer cache a bench must see built: ANSWER_CACHES leaves it on.
AREAS_CACHE = AnswerCache("areas", 120, optional=False)


def area_list_part(include_inactive: bool) -> str:
    return f"list:{int(bool(include_inactive))}"


def _record(values: dict) -> dict:
    values["created_at"] = iso_utc(values["created_at"])
    values["updated_at"] = iso_utc(values["updated_at"])
    return values


def area_record(area: Area) -> dict:
    """The cached record of a model row (after a write, to answer without a read)."""
    return _record({name: getattr(area, name) for name in _RECORD_FIELDS})


def area_list(*, include_inactive: bool = False, found: dict | None = None) -> list[dict]:
    """All areas (only active ones unless `include_inactive`) by `order_index`. On a cache
    miss the default areas are created first if missing (the spec's "ensured on first call").
    `found`: the prefetched values of `AREAS_CACHE.keys(part=...)` (apps/core/prefetch.py)."""

    def build() -> list[dict]:
        from .services import ensure_default_areas  # reads trigger the seeding, see the spec

        ensure_default_areas(renew=False)
        queryset = Area.objects.order_by("order_index", "id")
        if not include_inactive:
            queryset = queryset.filter(is_active=True)
        return [_record(values) for values in queryset.values(*_RECORD_FIELDS)]

    return AREAS_CACHE.get_or_build(part=area_list_part(include_inactive), found=found, build=build)


def _is_area_id(area_id) -> bool:
    return isinstance(area_id, str) and len(area_id) <= AREA_ID_MAX_LENGTH and bool(_AREA_ID_RE.match(area_id))


def area_get(*, area_id: str) -> dict:
    """One area by id, active or not (an inactive area stays readable by id, so old life
    wheel scores and wants can still show its title). AreaNotFound otherwise."""
    if not _is_area_id(area_id):
        raise AreaNotFound()

    def build() -> dict:
        values = Area.objects.filter(id=area_id).values(*_RECORD_FIELDS).first()
        if values is None and area_id in DEFAULT_AREA_IDS:
            from .services import ensure_default_areas

            ensure_default_areas(renew=False)
            values = Area.objects.filter(id=area_id).values(*_RECORD_FIELDS).first()
        if values is None:
            raise AreaNotFound()
        return _record(values)

    return AREAS_CACHE.get_or_build(part=f"item:{area_id}", build=build)


def area_get_for_update(*, area_id: str) -> Area:
    """The model row for a write (admin API); AreaNotFound when missing."""
    area = Area.objects.filter(id=area_id).first() if _is_area_id(area_id) else None
    if area is None:
        raise AreaNotFound()
    return area


def active_area_ids() -> set[str]:
    """Ids of the active areas (from the cached list), for validating user input."""
    return {record["id"] for record in area_list(include_inactive=False)}

