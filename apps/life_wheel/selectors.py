from django.db.models import QuerySet

from apps.core.sqlread import SqlList

from .models import LifeWheel

LIFE_WHEEL_PUBLIC_FIELDS = ("id", "scores", "note", "created_at")


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
