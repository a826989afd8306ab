from django.db.models import QuerySet

from apps.core.caching import cache_drop
from apps.core.sqlread import SqlList

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


_LIST_SQL = (
    'SELECT "id", "scores", "note", "created_at", COUNT(*) OVER () AS "_total" FROM "life_wheel_lifewheel"'
    ' WHERE "user_id" = %s ORDER BY "created_at" DESC, "id" DESC'
)


def life_wheel_page_source(*, user) -> SqlList:
    """GET /life_wheel: `life_wheel_list` and the same SELECT written out for PostgreSQL
    (apps/core/sqlread.py; index life_wheel_user_newest)."""
    return SqlList(lambda: life_wheel_list(user=user), _LIST_SQL, (user.pk,), json_columns=("scores",))


def life_wheel_latest(*, user) -> dict | None:
    return life_wheel_list(user=user).first()
