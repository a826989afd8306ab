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

from dataclasses import dataclass
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


@dataclass
class _Known:
    """What the composer knows of the user, read once from the context."""

    t: dict
    areas: dict[str, str]  # id -> title, in the context's order
    focus: set[str]
    scores: dict
    wants: list[dict]  # with text, strongest first
    story_titles: dict[str, str]
    taken: set[str]  # lower-cased titles already used (existing goals, then each suggestion)


def _known(context: dict, t: dict) -> _Known:
    analysis = context.get("wants_analysis") or {}
    wants = sorted(
        (w for w in analysis.get("top_wants") or [] if str(w.get("text") or "").strip()),
        key=lambda w: -int(w.get("intensity") or 0),
    )
    story_titles: dict[str, str] = {}
    for horizon in ("3y", "5y"):
        for part in ((context.get("future_story") or {}).get(horizon) or {}).get("by_area") or []:
            if part.get("area_id") and str(part.get("title") or "").strip():
                story_titles.setdefault(part["area_id"], str(part["title"]))
    return _Known(
        t=t,
        areas={a["id"]: a["title"] for a in context.get("areas") or []},
        focus=set(analysis.get("recommended_focus_areas") or []),
        scores=(context.get("life_wheel") or {}).get("scores") or {},
        wants=wants,
        story_titles=story_titles,
        taken={str(g.get("title") or "").strip().lower() for g in context.get("existing_goals") or []},
    )


def _title_and_reasons(known: _Known, area_id: str) -> tuple[str, list[str]] | None:
    """The goal's title in the user's own words (a want, else the story, else the wheel) and
    why it is suggested; None when the area has nothing new to suggest."""
    t, area, score = known.t, known.areas[area_id], known.scores.get(area_id)
    reasons = []
    if area_id in known.focus:
        reasons.append(t["why_focus"].format(area=area))
    if score is not None:
        reasons.append(t["why_wheel"].format(area=area, score=score))
    own = [
        w for w in known.wants
        if w.get("area_id") == area_id and _short(w["text"], TITLE_MAX_CHARS).lower() not in known.taken
    ]  # fmt: skip
    story_title = known.story_titles.get(area_id)
    if own:
        title = _short(own[0]["text"], TITLE_MAX_CHARS)
        reasons.append(t["why_want"].format(want=_short(own[0]["text"], 300)))
    elif story_title is not None and _short(story_title, TITLE_MAX_CHARS).lower() not in known.taken:
        title = _short(story_title, TITLE_MAX_CHARS)
        reasons.append(t["why_story"].format(text=title))
    elif score is not None and int(score) < 10:
        title = t["wheel_title"].format(area=area, score=score, target=_target_score(score))
    elif not known.wants and not known.scores and not known.story_titles:  # nothing known yet: one goal per area
        title = t["generic_title"].format(area=area)
        reasons.append(t["why_generic"])
    else:
        return None
    return title, reasons


def _target_score(score) -> int | None:
    return None if score is None else min(10, int(score) + 3)


def _goal(*, area_id: str, title: str, description: str, horizon: str, priority: int, target_date: date, metric: str) -> dict:
    return {
        "area_id": area_id,
        "title": title,
        "description": description,
        "horizon": horizon,
        "priority": priority,
        "size": "big" if horizon in ("3y", "1y") else "small",
        "target_date": target_date.isoformat(),
        "metric": metric,
    }


@offline_composer("goals.generate")
def compose_goals(context: dict, locale: str) -> dict:
    t = TEXTS[locale_normalize(locale)]
    known = _known(context, t)
    area_ids = list(known.areas)
    limits = context.get("limits") or {}
    max_goals = int(limits.get("max_goals") or 6)
    horizons = [h for h in HORIZON_MONTHS if h in (limits.get("horizons") or list(HORIZON_MONTHS))] or ["1y"]
    today = date.fromisoformat(context.get("today") or date.today().isoformat())

    goals = []
    for area_id in _ranked_areas(context, area_ids):
        if len(goals) >= max_goals:
            break
        chosen = _title_and_reasons(known, area_id)
        if chosen is None or chosen[0].lower() in known.taken:
            continue
        title, reasons = chosen
        known.taken.add(title.lower())
        horizon = horizons[len(goals) % len(horizons)]
        target_date = add_months(today, HORIZON_MONTHS[horizon])
        target_score = _target_score(known.scores.get(area_id))
        metric = (
            t["metric_wheel"].format(area=known.areas[area_id], target=target_score)
            if target_score is not None
            else t["metric_date"].format(date=target_date.isoformat())
        )
        goals.append(
            _goal(
                area_id=area_id, title=title, description=" ".join(reasons)[:5000], horizon=horizon,
                priority=min(3, len(goals) // 2 + 1), target_date=target_date, metric=metric[:500],
            )
        )  # fmt: skip
    if not goals:  # everything already a goal: one generic suggestion for the top area
        area_id = _ranked_areas(context, area_ids)[0] if area_ids else "personal_growth"
        goals.append(
            _goal(
                area_id=area_id, title=t["generic_title"].format(area=known.areas.get(area_id, area_id)),
                description=t["why_generic"], horizon=horizons[0], priority=2,
                target_date=add_months(today, HORIZON_MONTHS[horizons[0]]), metric="",
            )
        )  # fmt: skip
    return {"goals": goals}
