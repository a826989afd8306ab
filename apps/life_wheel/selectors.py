from django.db.models import QuerySet

from apps.core.sqlread import BoundList, CompiledList

from .models import LifeWheel
from .presenters import LIFE_WHEEL_COLUMNS, LIFE_WHEEL_TEXT_COLUMNS

# Index life_wheel_user_newest; compiled once on PostgreSQL (apps/core/sqlread.py).
_LIST = CompiledList(
    "life_wheel.list",
    lambda owner_id: LifeWheel.objects.filter(user_id=owner_id)
    .order_by("-created_at", "-id")
    .values(*LIFE_WHEEL_COLUMNS, **LIFE_WHEEL_TEXT_COLUMNS),
    varying=("owner_id",),
)


def life_wheel_list(*, user) -> QuerySet:
    """The user's measurements, newest first, as `.values()` dicts (presenters.life_wheel_public)."""
    return _LIST.queryset(owner_id=user.pk)


def life_wheel_page_source(*, user) -> BoundList:
    """GET /life_wheel, for `paginate`."""
    return _LIST.bind(owner_id=user.pk)


def life_wheel_latest(*, user) -> dict | None:
    return life_wheel_list(user=user).first()
