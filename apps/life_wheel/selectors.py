from django.db.models import QuerySet

from apps.core.caching import cache_drop

from .models import LifeWheel

LIFE_WHEEL_PUBLIC_FIELDS = ("id", "scores", "note", "created_at")


def life_wheel_first_page_key(user_id) -> str:
    """The cached default first page of GET /life_wheel (apps/core/pagination.py), dropped by
    every write to the user's measurements (services, admin)."""
    return f"life_wheel:first_page:{user_id}"


def life_wheel_first_page_drop(user_id) -> None:
    cache_drop(life_wheel_first_page_key(user_id))


def life_wheel_list(*, user) -> QuerySet:
    """The user's measurements, newest first, as `.values()` dicts of the public fields."""
    return LifeWheel.objects.filter(user=user).order_by("-created_at", "-id").values(*LIFE_WHEEL_PUBLIC_FIELDS)


def life_wheel_latest(*, user) -> dict | None:
    return life_wheel_list(user=user).first()
