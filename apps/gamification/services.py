"""XP awards. The one entry point other apps use:

    event = xp_award(user=user, reason="goal_done_big", object_id=goal.id)

returns the `gamification_event` dict to put in a response (`None` when this action has
already paid)."""

from math import isqrt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import XPEvent, XPTotal


def level_for_xp(xp: int) -> int:
    """Level L needs 100·L·(L−1)/2 total XP: L=1 at 0, 2 at 100, 3 at 300, 4 at 600..."""
    level = (1 + isqrt(1 + 8 * (xp // 100))) // 2
    while xp_for_level(level + 1) <= xp:
        level += 1
    while xp_for_level(level) > xp:
        level -= 1
    return level


def xp_for_level(level: int) -> int:
    return 100 * level * (level - 1) // 2


def xp_award(*, user, reason: str, object_id) -> dict | None:
    """Pay `settings.XP_REWARDS[reason]` once for (user, reason, object)."""
    xp = settings.XP_REWARDS[reason]
    with transaction.atomic():
        try:
            with transaction.atomic():
                XPEvent.objects.create(user=user, reason=reason, object_id=str(object_id), xp=xp)
        except IntegrityError:
            return None
        total, _ = XPTotal.objects.get_or_create(user=user)
        XPTotal.objects.filter(pk=total.pk).update(xp=F("xp") + xp, xp_reached_at=timezone.now())
        total.refresh_from_db(fields=["xp"])
    level = level_for_xp(total.xp)
    return {
        "xp_awarded": xp,
        "reason": reason,
        "total_xp": total.xp,
        "level": level,
        "level_up": level > level_for_xp(total.xp - xp),
        "new_achievements": [],
    }
