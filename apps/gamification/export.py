"""This app's part of `GET /me/export`."""

from apps.core.timestamps import iso_utc

from .levels import level_for_xp
from .models import UserAchievement, XPEvent, XPTotal


def gamification_export(user) -> dict:
    total = XPTotal.objects.filter(pk=user.pk).values_list("xp", flat=True).first() or 0
    events = XPEvent.objects.filter(user=user).order_by("created_at", "id").values("reason", "object_id", "xp", "created_at")
    achievements = (
        UserAchievement.objects.filter(user=user)
        .order_by("obtained_at")
        .values("achievement__code", "achievement__title_en", "achievement__title_ru", "obtained_at")
    )
    return {
        "xp": total,
        "level": level_for_xp(total),
        "xp_events": [
            {"reason": e["reason"], "object_id": e["object_id"], "xp": e["xp"], "created_at": iso_utc(e["created_at"])}
            for e in events
        ],
        "achievements": [
            {
                "code": a["achievement__code"],
                "title_en": a["achievement__title_en"],
                "title_ru": a["achievement__title_ru"],
                "obtained_at": iso_utc(a["obtained_at"]),
            }
            for a in achievements
        ],
    }
