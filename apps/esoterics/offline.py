"""Offline composer for `esoterics.daily_tip`: a deterministic tip from the moon phase and
the personal day number, in the user's locale."""

from apps.ai.offline import offline_composer

from . import content


@offline_composer("esoterics.daily_tip")
def compose_daily_tip(context: dict, locale: str) -> dict:
    numerology = context.get("numerology") or {}
    return {
        "text": content.offline_tip(
            phase=context["moon"]["phase"],
            personal_day=numerology.get("personal_day"),
            first_name=(context.get("first_name") or "").strip(),
            locale=locale,
        )
    }
