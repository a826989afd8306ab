from django.db.models import QuerySet

from .models import LifeWheel

LIFE_WHEEL_PUBLIC_FIELDS = ("id", "scores", "note", "created_at")


def life_wheel_list(*, user) -> QuerySet:
    """The user's measurements, newest first, as `.values()` dicts of the public fields."""
    return LifeWheel.objects.filter(user=user).order_by("-created_at", "-id").values(*LIFE_WHEEL_PUBLIC_FIELDS)


def life_wheel_latest(*, user) -> dict | None:
    return life_wheel_list(user=user).first()
