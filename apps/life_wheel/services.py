from django.db import transaction

from apps.areas.selectors import active_area_ids
from apps.core.timezones import iso_week_key, local_date
from apps.gamification.services import xp_award

from .errors import LifeWheelEmptyScores, LifeWheelInvalidAreaId
from .models import LifeWheel


def life_wheel_create(*, user, scores: dict[str, int], note: str = "") -> tuple[LifeWheel, dict | None]:
    """Save a measurement and award its XP (once per local ISO week) in one transaction. Scores are validated for type
    and range by the caller's input serializer; here: not empty, and only active areas."""
    if not scores:
        raise LifeWheelEmptyScores()
    invalid = sorted(set(scores) - active_area_ids())
    if invalid:
        raise LifeWheelInvalidAreaId(details={"area_ids": invalid})
    with transaction.atomic():
        wheel = LifeWheel.objects.create(user=user, scores=dict(scores), note=note)
        # One reward per local ISO week: measuring again the same week pays nothing.
        event = xp_award(user=user, reason="life_wheel", object_id=f"week:{iso_week_key(local_date(user=user))}")
    return wheel, event
