"""Writes to areas. Every change goes through here (API and Django admin alike) and renews
the areas cache (selectors.AREAS_CACHE)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .defaults import DEFAULT_AREAS
from .errors import AreaAlreadyExists
from .models import AREA_EDITABLE_FIELDS, Area
from .selectors import AREAS_CACHE


def ensure_default_areas(*, renew: bool = True) -> list[str]:
    """Create the default areas that do not exist yet and return their ids. Existing rows
    (whatever an admin made of them, active or not) are never touched. Safe when run
    concurrently: the insert ignores rows another process created meanwhile. Renews the areas
    cache when it created any (`seed_areas` after rows were deleted behind the services);
    reads pass `renew=False`: their build runs it first, so the answer they cache has the new
    rows, and every other cached answer was built the same way."""
    default_ids = [area["id"] for area in DEFAULT_AREAS]
    existing = set(Area.objects.filter(id__in=default_ids).values_list("id", flat=True))
    missing = [Area(**area) for area in DEFAULT_AREAS if area["id"] not in existing]
    if not missing:
        return []
    Area.objects.bulk_create(missing, ignore_conflicts=True)
    if renew:
        AREAS_CACHE.renew()
    return [area.id for area in missing]


def area_create(
    *,
    id: str,
    title_ru: str,
    title_en: str,
    description_ru: str = "",
    description_en: str = "",
    icon: str = "",
    color: str | None = None,
    order_index: int = 0,
    is_active: bool = True,
) -> Area:
    """Create an area; AreaAlreadyExists when the id is taken (the primary key decides)."""
    area = Area(
        id=id,
        title_ru=title_ru,
        title_en=title_en,
        description_ru=description_ru,
        description_en=description_en,
        icon=icon,
        order_index=order_index,
        is_active=is_active,
    )
    if color is not None:
        area.color = color
    try:
        with transaction.atomic():
            # force_insert: a plain save() with a set primary key would UPDATE an existing row.
            area.save(force_insert=True)
    except IntegrityError as exc:
        raise AreaAlreadyExists(details={"id": id}) from exc
    AREAS_CACHE.renew()
    return area


def area_update(*, area: Area, **fields) -> Area:
    """Change any of AREA_EDITABLE_FIELDS; the id never changes."""
    unknown = set(fields) - set(AREA_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"area_update() got unexpected fields: {sorted(unknown)}")
    if not fields:
        return area
    for name, value in fields.items():
        setattr(area, name, value)
    area.save(update_fields=[*fields, "updated_at"])
    AREAS_CACHE.renew()
    return area


def area_deactivate(*, area: Area) -> Area:
    """Soft delete: the area disappears from the active list; its id stays valid history."""
    return area_update(area=area, is_active=False)


def area_set_active_many(*, area_ids: list[str], is_active: bool) -> int:
    """Activate or deactivate several areas at once (admin actions); returns rows changed."""
    area_ids = list(area_ids)
    changed = Area.objects.filter(id__in=area_ids).update(is_active=is_active, updated_at=timezone.now())
    AREAS_CACHE.renew()
    return changed


def area_delete_many(*, area_ids: list[str]) -> int:
    """Hard delete (Django admin only; the API deactivates instead). A deleted default area
    is created again with its default texts the next time the area list is loaded."""
    area_ids = list(area_ids)
    deleted, _ = Area.objects.filter(id__in=area_ids).delete()
    AREAS_CACHE.renew()
    return deleted
