"""Cached areas: `areas:list:{0|1}` (active only / with inactive) and `areas:item:{id}`,
120 s. Values are locale-independent records (both languages), localized on the way out,
so one cached value serves every locale."""

from collections.abc import Iterable

from apps.core.caching import cache_drop

AREAS_CACHE_SECONDS = 120


def area_list_cache_key(include_inactive: bool) -> str:
    return f"areas:list:{int(bool(include_inactive))}"


def area_item_cache_key(area_id: str) -> str:
    return f"areas:item:{area_id}"


def area_cache_drop(area_ids: Iterable[str] = ()) -> None:
    """Drop both lists and the given items now and again after commit, so a reader racing
    the transaction cannot keep the old value cached."""
    keys = [area_list_cache_key(False), area_list_cache_key(True)]
    keys += [area_item_cache_key(area_id) for area_id in area_ids]
    cache_drop(*keys)
