"""Offline composer for `goals.generate`: deterministic goal suggestions built only from the
user's own data, with no network.

- Areas are ranked: the wants analysis' recommended focus areas first, then the weakest
  areas of the latest life wheel (lowest score first), then areas of the strongest wants,
  then areas of the future story, then the remaining areas.
- Each goal's title is drawn from the user's own words: the strongest want of that area,
  else the future story's title for it, else a wheel-based goal ("Health: from 3 to 6 of 10").
- Horizons are spread over the allowed ones (3y, 1y, quarter, month, in turn); 3y and 1y goals
  are big, shorter ones small; priorities 1, 1, 2, 2, 3...; target dates follow the horizon.
- Titles the user already has as goals are skipped. Every text is in the user's locale.
"""

from datetime import date

from apps.ai.offline import offline_composer
from apps.core.dates import add_months
from apps.core.locale import locale_normalize

from .models import TITLE_MAX_CHARS

HORIZON_MONTHS = {"3y": 36, "1y": 12, "quarter": 3, "month": 1}

TEXTS = {
    "en": {
        "wheel_title": "{area}: from {score} to {target} of 10",
        "generic_title": "Make progress in {area}",
        "why_focus": "{area} is one of the focus areas of your wants analysis.",
        "why_wheel": "Your life wheel rates {area} at {score} of 10.",
        "why_want": "In your own words: “{want}”.",
        "why_story": "From your future story: “{text}”.",
        "why_generic": "A first step to balance your life wheel.",
        "metric_wheel": "Life wheel score of {area}: {target} of 10 or more",
        "metric_date": "Done by {date}",
    },
    "ru": {
        "wheel_title": "{area}: с {score} до {target} из 10",
        "generic_title": "Продвинуться в сфере «{area}»",
        "why_focus": "Сфера «{area}» — одна из приоритетных по анализу ваших желаний.",
        "why_wheel": "В колесе баланса сфера «{area}» оценена на {score} из 10.",
        "why_want": "Вашими словами: «{want}».",
        "why_story": "Из вашей истории будущего: «{text}».",
        "why_generic": "Первый шаг к балансу колеса жизни.",
        "metric_wheel": "Оценка сферы «{area}» в колесе баланса: {target} из 10 или выше",
        "metric_date": "Сделано к {date}",
    },
}


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"


def _ranked_areas(context: dict, area_ids: list[str]) -> list[str]:
    ranked: list[str] = []

    def add(area_id) -> None:
        if area_id in area_ids and area_id not in ranked:
            ranked.append(area_id)

    analysis = context.get("wants_analysis") or {}
    for area_id in analysis.get("recommended_focus_areas") or []:
        add(area_id)
    scores = (context.get("life_wheel") or {}).get("scores") or {}
    for area_id in sorted(scores, key=lambda a: (scores[a], area_ids.index(a) if a in area_ids else 99)):
        add(area_id)
    for want in sorted(analysis.get("top_wants") or [], key=lambda w: -int(w.get("intensity") or 0)):
        add(want.get("area_id"))
    for horizon in ("3y", "5y"):
        for part in ((context.get("future_story") or {}).get(horizon) or {}).get("by_area") or []:
            add(part.get("area_id"))
    for area_id in area_ids:
        add(area_id)
    return ranked


@offline_composer("goals.generate")
def compose_goals(context: dict, locale: str) -> dict:
    locale = locale_normalize(locale)
    t = TEXTS[locale]
    areas = {a["id"]: a["title"] for a in context.get("areas") or []}
    area_ids = list(areas)
    limits = context.get("limits") or {}
    max_goals = int(limits.get("max_goals") or 6)
    horizons = [h for h in HORIZON_MONTHS if h in (limits.get("horizons") or list(HORIZON_MONTHS))] or ["1y"]
    today = date.fromisoformat(context.get("today") or date.today().isoformat())
    analysis = context.get("wants_analysis") or {}
    focus = set(analysis.get("recommended_focus_areas") or [])
    scores = (context.get("life_wheel") or {}).get("scores") or {}
    wants = sorted(
        (w for w in analysis.get("top_wants") or [] if str(w.get("text") or "").strip()),
        key=lambda w: -int(w.get("intensity") or 0),
    )
    story_titles: dict[str, str] = {}
    for horizon in ("3y", "5y"):
        for part in ((context.get("future_story") or {}).get(horizon) or {}).get("by_area") or []:
            if part.get("area_id") and str(part.get("title") or "").strip():
                story_titles.setdefault(part["area_id"], str(part["title"]))
    taken = {str(g.get("title") or "").strip().lower() for g in context.get("existing_goals") or []}

    goals = []
    for area_id in _ranked_areas(context, area_ids):
        if len(goals) >= max_goals:
            break
        area = areas[area_id]
        score = scores.get(area_id)
        target_score = None if score is None else min(10, int(score) + 3)
        reasons = []
        if area_id in focus:
            reasons.append(t["why_focus"].format(area=area))
        if score is not None:
            reasons.append(t["why_wheel"].format(area=area, score=score))
        own = [w for w in wants if w.get("area_id") == area_id and _short(w["text"], TITLE_MAX_CHARS).lower() not in taken]
        if own:
            title = _short(own[0]["text"], TITLE_MAX_CHARS)
            reasons.append(t["why_want"].format(want=_short(own[0]["text"], 300)))
        elif area_id in story_titles and _short(story_titles[area_id], TITLE_MAX_CHARS).lower() not in taken:
            title = _short(story_titles[area_id], TITLE_MAX_CHARS)
            reasons.append(t["why_story"].format(text=title))
        elif score is not None and int(score) < 10:
            title = t["wheel_title"].format(area=area, score=score, target=target_score)
        elif not wants and not scores and not story_titles:  # nothing known yet: one goal per area
            title = t["generic_title"].format(area=area)
            reasons.append(t["why_generic"])
        else:
            continue
        if title.lower() in taken:
            continue
        taken.add(title.lower())
        horizon = horizons[len(goals) % len(horizons)]
        target_date = add_months(today, HORIZON_MONTHS[horizon])
        metric = (
            t["metric_wheel"].format(area=area, target=target_score)
            if target_score is not None
            else t["metric_date"].format(date=target_date.isoformat())
        )
        goals.append(
            {
                "area_id": area_id,
                "title": title,
                "description": " ".join(reasons)[:5000],
                "horizon": horizon,
                "priority": min(3, len(goals) // 2 + 1),
                "size": "big" if horizon in ("3y", "1y") else "small",
                "target_date": target_date.isoformat(),
                "metric": metric[:500],
            }
        )
    if not goals:  # everything already a goal: one generic suggestion for the top area
        area_id = _ranked_areas(context, area_ids)[0] if area_ids else "personal_growth"
        goals.append(
            {
                "area_id": area_id,
                "title": t["generic_title"].format(area=areas.get(area_id, area_id)),
                "description": t["why_generic"],
                "horizon": horizons[0],
                "priority": 2,
                "size": "big" if horizons[0] in ("3y", "1y") else "small",
                "target_date": add_months(today, HORIZON_MONTHS[horizons[0]]).isoformat(),
                "metric": "",
            }
        )
    return {"goals": goals}
