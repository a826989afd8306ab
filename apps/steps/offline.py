"""Offline composer for `steps.generate`: a deterministic rolling-wave plan per goal, built
from the goal itself, with no network.

- The root level follows the goal's horizon: 3y and 1y goals get a year step, quarter goals
  a quarter step, month goals a month step; the root starts on the plan's first day.
- The near term is detailed, the far term stays coarse: the year is split into quarters, the
  first quarter into months, the first month into its weeks (up to four), and the first
  weeks get concrete day steps.
- Every child lies inside its parent's period, and everything inside the plan's window and
  before the goal's target date (when that is later than the start).
- Day steps respect the load hint: only on the allowed weekdays, and at most
  `steps_per_week` day steps per ISO week, counting the day steps already planned there and
  those planned for the other goals of the same request.
- Titles and descriptions are in the user's locale and name the goal (and its metric).
"""

from datetime import date, timedelta

from apps.ai.offline import offline_composer
from apps.core.dates import add_months
from apps.core.locale import locale_normalize
from apps.core.timezones import iso_week_key, iso_week_start

from .ai import period_end
from .models import TITLE_MAX_CHARS

ROOT_LEVEL = {"3y": "year", "1y": "year", "quarter": "quarter", "month": "month"}
DAY_STEPS_PER_GOAL = 3

TEXTS = {
    "en": {
        "year": "{goal}: the year",
        "year_d": "The year's direction for “{goal}”.{metric}",
        "quarter": "Quarter {n}: {phase}",
        "phases_q": ["lay the foundation", "build momentum", "review and adjust", "finish and consolidate"],
        "month": "Month {n}: {phase}",
        "phases_m": ["get started", "make it a habit", "check the results"],
        "week": "Week {n}: {phase}",
        "phases_w": ["prepare", "first actions", "keep the rhythm", "review the month"],
        "parent_d": "Part of “{goal}”.",
        "days": [
            "Write down the first concrete action for “{goal}”",
            "Block time in the calendar for “{goal}”",
            "Do the first action and note the result",
            "Tell someone close about “{goal}” and ask for support",
        ],
        "metric": " Measure: {metric}.",
    },
    "ru": {
        "year": "{goal}: год",
        "year_d": "Направление года для цели «{goal}».{metric}",
        "quarter": "Квартал {n}: {phase}",
        "phases_q": ["заложить основу", "набрать темп", "проверить и скорректировать", "завершить и закрепить"],
        "month": "Месяц {n}: {phase}",
        "phases_m": ["начать", "превратить в привычку", "проверить результаты"],
        "week": "Неделя {n}: {phase}",
        "phases_w": ["подготовиться", "первые действия", "держать ритм", "подвести итоги месяца"],
        "parent_d": "Часть цели «{goal}».",
        "days": [
            "Записать первое конкретное действие для цели «{goal}»",
            "Выделить время в календаре под цель «{goal}»",
            "Сделать первое действие и записать результат",
            "Рассказать близкому о цели «{goal}» и попросить поддержки",
        ],
        "metric": " Мерило: {metric}.",
    },
}


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _title(text: str) -> str:
    return _short(text, TITLE_MAX_CHARS)


def _split(start: date, end: date, months: int, limit: int) -> list[tuple[date, date]]:
    """Consecutive periods of `months` months from `start`, clipped to `end`."""
    periods = []
    current = start
    while current <= end and len(periods) < limit:
        last = min(add_months(current, months) - timedelta(days=1), end)
        periods.append((current, last))
        current = last + timedelta(days=1)
    return periods


def _weeks(start: date, end: date, limit: int = 4) -> list[tuple[date, date]]:
    """The ISO weeks meeting `start`..`end`, each clipped to it."""
    weeks = []
    current = start
    while current <= end and len(weeks) < limit:
        sunday = iso_week_start(current) + timedelta(days=6)
        weeks.append((current, min(sunday, end)))
        current = sunday + timedelta(days=1)
    return weeks


@offline_composer("steps.generate")
def compose_steps(context: dict, locale: str) -> dict:
    locale = locale_normalize(locale)
    t = TEXTS[locale]
    plan_start = date.fromisoformat(context["plan"]["start_date"])
    plan_end = date.fromisoformat(context["plan"]["end_date"])
    load = context.get("load") or {}
    per_week_limit = int(load.get("steps_per_week") or 3)
    weekdays = set(load.get("weekdays") or [1, 2, 3, 4, 5])
    week_load: dict[str, int] = dict(load.get("day_steps_already_planned_per_iso_week") or {})
    steps: list[dict] = []

    def add(ref, parent_ref, goal_id, level, title, description, day, order_index):
        steps.append(
            {
                "ref": ref,
                "parent_ref": parent_ref,
                "goal_id": goal_id,
                "level": level,
                "title": _title(title),
                "description": description[:5000],
                "planned_date": day.isoformat(),
                "order_index": order_index,
            }
        )

    for g, goal in enumerate(context.get("goals") or []):
        goal_id, name = goal["id"], _short(goal["title"])
        metric = t["metric"].format(metric=_short(goal["metric"], 200)) if goal.get("metric") else ""
        part_of = t["parent_d"].format(goal=name)
        end = plan_end
        if goal.get("target_date"):
            target = date.fromisoformat(goal["target_date"])
            if target >= plan_start:
                end = min(end, target)
        root_level = ROOT_LEVEL.get(goal.get("horizon"), "year")
        root_end = min(period_end(root_level, plan_start), end)
        prefix = f"g{g + 1}"
        parent_ref, first = f"{prefix}-{root_level[0]}", (plan_start, root_end)
        root_title = t["year"].format(goal=name) if root_level == "year" else name
        add(parent_ref, None, goal_id, root_level, root_title, t["year_d"].format(goal=name, metric=metric), plan_start, 0)

        if root_level == "year":
            quarters = _split(first[0], first[1], 3, 4)
            for i, (q_start, _q_end) in enumerate(quarters):
                phase = t["phases_q"][i]
                add(f"{prefix}-q{i + 1}", parent_ref, goal_id, "quarter", t["quarter"].format(n=i + 1, phase=phase), part_of, q_start, i)
            parent_ref, first = f"{prefix}-q1", quarters[0]
        if root_level in ("year", "quarter"):
            months = _split(first[0], first[1], 1, 3)
            for i, (m_start, _m_end) in enumerate(months):
                add(f"{prefix}-m{i + 1}", parent_ref, goal_id, "month", t["month"].format(n=i + 1, phase=t["phases_m"][i]), part_of, m_start, i)
            parent_ref, first = f"{prefix}-m1", months[0]
        weeks = _weeks(first[0], first[1])
        for i, (w_start, _w_end) in enumerate(weeks):
            add(f"{prefix}-w{i + 1}", parent_ref, goal_id, "week", t["week"].format(n=i + 1, phase=t["phases_w"][i]), part_of, w_start, i)

        # Day steps: the next allowed days with room in their ISO week, inside the weeks above.
        planned = 0
        per_week_order: dict[int, int] = {}
        for i, (w_start, w_end) in enumerate(weeks):
            day = w_start
            while day <= w_end and planned < DAY_STEPS_PER_GOAL:
                key = iso_week_key(day)
                if day.isoweekday() in weekdays and week_load.get(key, 0) < per_week_limit:
                    week_load[key] = week_load.get(key, 0) + 1
                    order = per_week_order.get(i, 0)
                    per_week_order[i] = order + 1
                    title = t["days"][planned].format(goal=name)
                    add(f"{prefix}-d{planned + 1}", f"{prefix}-w{i + 1}", goal_id, "day", title, part_of + metric, day, order)
                    planned += 1
                day += timedelta(days=1)
    return {"steps": steps}
