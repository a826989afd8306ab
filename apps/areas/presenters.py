"""The public AreaPublic dict of a cached area record (apps/areas/selectors.py)."""

from apps.core.locale import locale_active


def area_public(record: dict, locale: str | None = None) -> dict:
    """AreaPublic in `locale` (default: the active language, which is the user's locale when
    authenticated, else Accept-Language); an empty text falls back to the Russian one."""
    locale = locale or locale_active()
    return {
        "id": record["id"],
        "title": record[f"title_{locale}"] or record["title_ru"],
        "description": record[f"description_{locale}"] or record["description_ru"],
        "icon": record["icon"],
        "color": record["color"],
        "order_index": record["order_index"],
        "is_active": record["is_active"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
    }
