"""Offline composer for `rituals.weekly_review`: a deterministic review of the week built only
from its stats (entries, mood, energy, steps, each day's values) and the user's reflection,
in the user's locale (ru/en), with no network.

- summary: the week's numbers in words, and the user's own first sentence;
- wins / challenges: the best and hardest day by mood and energy, regularity of the rituals,
  the trend from the first half of the week to the second, steps done against planned;
- recommendations: one per weak spot (missed days, low energy, an overloaded plan, no plan),
  always at least one;
- focus_next_week: the most important of them in one sentence."""

import re
from dataclasses import dataclass, field
from datetime import date

from apps.ai.offline import offline_composer
from apps.core.locale import locale_normalize

TEXTS = {
    "en": {
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"],
        "summary": "Week of {start} – {end}: {entries} ritual entries of 14 possible on {days} of 7 days.",
        "summary_scores": " Average mood {mood}/10, average energy {energy}/10.",
        "summary_no_scores": " You did not rate your mood or energy this week.",
        "summary_steps": " Steps done: {done} of {planned} planned.",
        "summary_no_steps": " No steps were planned for this week.",
        "summary_quote": " In your words: “{quote}”",
        "win_regular": "You kept your rituals on {days} of 7 days.",
        "win_best_day": "{day} was your best day: mood {mood}/10.",
        "win_steps_all": "You did every planned step ({done} of {planned}).",
        "win_steps_some": "You moved your plan forward: {done} of {planned} steps done.",
        "win_trend_up": "Your mood grew during the week (from {first} to {second} on average).",
        "win_reflection": "You took time to reflect on the week — that is the core of the review.",
        "ch_missed": "{missed} of 7 days had no ritual entry.",
        "ch_hard_day": "{day} was the hardest day: energy {energy}/10.",
        "ch_low_energy": "Your average energy was low ({energy}/10).",
        "ch_steps_left": "{left} planned steps are not done yet.",
        "ch_trend_down": "Your mood fell during the week (from {first} to {second} on average).",
        "rec_regular": "Tie the morning ritual to something you do anyway (coffee, brushing teeth) to keep it every day.",
        "rec_energy": "Protect your energy: plan one evening of real rest and go to bed at the same time.",
        "rec_hard_day": "Look at what drained you on {day} and plan something easier for that day next week.",
        "rec_fewer_steps": "Plan fewer steps next week: about {n} is realistic for you right now.",
        "rec_plan": "Choose 2–3 steps for next week in the weekly plan so the week has a direction.",
        "rec_keep": "Keep the same rhythm: it works for you.",
        "rec_scores": "Rate your mood and energy in each ritual: next week's review will show the trend.",
        "focus_plan": "Next week: make a small plan of 2–3 steps and follow it.",
        "focus_regular": "Next week: do at least one ritual every day.",
        "focus_energy": "Next week: restore your energy before adding new tasks.",
        "focus_steps": "Next week: finish the {left} steps still open before starting new ones.",
        "focus_keep": "Next week: keep your rhythm and add one step that brings you closer to your goal.",
    },
    "ru": {
        "weekdays": ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"],
        "months": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря"],
        "summary": "Неделя {start} – {end}: записей ритуалов — {entries} из 14 возможных, дней с ритуалами — {days} из 7.",
        "summary_scores": " Среднее настроение {mood}/10, средняя энергия {energy}/10.",
        "summary_no_scores": " На этой неделе вы не оценивали настроение и энергию.",
        "summary_steps": " Шагов выполнено: {done} из {planned} запланированных.",
        "summary_no_steps": " На эту неделю шаги не планировались.",
        "summary_quote": " Ваши слова: «{quote}»",
        "win_regular": "Дней с ритуалами: {days} из 7.",
        "win_best_day": "Лучший день — {day}: настроение {mood}/10.",
        "win_steps_all": "Вы выполнили все запланированные шаги ({done} из {planned}).",
        "win_steps_some": "План движется: выполнено {done} из {planned} шагов.",
        "win_trend_up": "Настроение за неделю выросло (в среднем с {first} до {second}).",
        "win_reflection": "Вы нашли время осмыслить неделю — это главное в обзоре.",
        "ch_missed": "Дней без записи ритуала: {missed} из 7.",
        "ch_hard_day": "Самый трудный день — {day}: энергия {energy}/10.",
        "ch_low_energy": "Средняя энергия была низкой ({energy}/10).",
        "ch_steps_left": "Не выполнено запланированных шагов: {left}.",
        "ch_trend_down": "Настроение за неделю снизилось (в среднем с {first} до {second}).",
        "rec_regular": "Привяжите утренний ритуал к привычному делу (кофе, чистка зубов), чтобы не пропускать дни.",
        "rec_energy": "Берегите энергию: запланируйте один вечер настоящего отдыха и ложитесь спать в одно время.",
        "rec_hard_day": "Разберите, что отняло силы в {day_acc}, и запланируйте на этот день следующей недели что-то полегче.",
        "rec_fewer_steps": "Планируйте меньше шагов: сейчас реалистично около {n} в неделю.",
        "rec_plan": "Выберите 2–3 шага на следующую неделю в недельном плане, чтобы у недели было направление.",
        "rec_keep": "Сохраняйте этот ритм — он вам подходит.",
        "rec_scores": "Оценивайте настроение и энергию в каждом ритуале — в следующем обзоре будет видна динамика.",
        "focus_plan": "На следующей неделе: составьте небольшой план из 2–3 шагов и держитесь его.",
        "focus_regular": "На следующей неделе: хотя бы один ритуал каждый день.",
        "focus_energy": "На следующей неделе: восстановите энергию, прежде чем брать новые задачи.",
        "focus_steps": "На следующей неделе: завершите {left} открытых шагов, прежде чем начинать новые.",
        "focus_keep": "На следующей неделе: сохраните ритм и добавьте один шаг, который приблизит вас к цели.",
    },
}

# Russian weekday names after "в" (accusative): "в среду".
RU_WEEKDAYS_ACC = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"]

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def _day_month(iso: str, months: list[str]) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {months[day.month - 1]}"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _first_sentence(text: str, limit: int = 200) -> str:
    sentence = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _half_means(days: list[dict], key: str) -> tuple[float, float] | None:
    first = [d[key] for d in days[:3] if d.get(key) is not None]
    second = [d[key] for d in days[4:] if d.get(key) is not None]
    if not first or not second:
        return None
    return sum(first) / len(first), sum(second) / len(second)


@dataclass
class _Week:
    """What the review is built from: the stats in numbers and the texts of the locale."""

    t: dict
    locale: str
    days: list[dict]
    reflection: str
    active_days: int
    mood: float | None
    energy: float | None
    done: int
    planned: int

    @property
    def missed(self) -> int:
        return 7 - self.active_days

    @property
    def left(self) -> int:
        return max(self.planned - self.done, 0)

    def day_name(self, day: dict, accusative: bool = False) -> str:
        weekday = date.fromisoformat(day["date"]).weekday()
        if accusative and self.locale != "en":
            return RU_WEEKDAYS_ACC[weekday]
        return self.t["weekdays"][weekday]


@dataclass
class _Review:
    wins: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)


def _week(context: dict, locale: str) -> _Week:
    stats = context["stats"]
    days = stats.get("days") or []
    return _Week(
        t=TEXTS[locale_normalize(locale)],
        locale=locale,
        days=days,
        reflection=(context.get("user_reflection") or "").strip(),
        active_days=sum(1 for d in days if d.get("entries")),
        mood=stats.get("avg_mood"),
        energy=stats.get("avg_energy"),
        done=stats.get("steps_done", 0),
        planned=stats.get("steps_planned", 0),
    )


def _summary(week: _Week, context: dict) -> str:
    t, stats = week.t, context["stats"]
    summary = t["summary"].format(
        start=_day_month(stats.get("week_start") or context["week_start"], t["months"]),
        end=_day_month(stats.get("week_end") or context["week_end"], t["months"]),
        entries=stats.get("entries", 0),
        days=week.active_days,
    )
    mood, energy = week.mood, week.energy
    if mood is not None or energy is not None:
        summary += t["summary_scores"].format(
            mood=_num(mood) if mood is not None else "—", energy=_num(energy) if energy is not None else "—"
        )
    else:
        summary += t["summary_no_scores"]
    summary += t["summary_steps"].format(done=week.done, planned=week.planned) if week.planned else t["summary_no_steps"]
    if week.reflection:
        summary += t["summary_quote"].format(quote=_first_sentence(week.reflection))
    return summary


def _review_regularity(week: _Week, review: _Review) -> None:
    t = week.t
    if week.active_days >= 5:
        review.wins.append(t["win_regular"].format(days=week.active_days))
    elif week.missed:
        review.challenges.append(t["ch_missed"].format(missed=week.missed))
        review.recommendations.append(t["rec_regular"])


def _review_days(week: _Week, review: _Review) -> None:
    """The best day by mood, the hardest by energy, and the week's energy."""
    t = week.t
    with_mood = [d for d in week.days if d.get("mood") is not None]
    if with_mood:
        best = max(with_mood, key=lambda d: d["mood"])
        review.wins.append(t["win_best_day"].format(day=week.day_name(best), mood=_num(best["mood"])))
    with_energy = [d for d in week.days if d.get("energy") is not None]
    hardest = min(with_energy, key=lambda d: d["energy"]) if with_energy else None
    if hardest is not None and hardest["energy"] <= 5:
        review.challenges.append(t["ch_hard_day"].format(day=week.day_name(hardest), energy=_num(hardest["energy"])))
    if week.energy is not None and week.energy < 5:
        review.challenges.append(t["ch_low_energy"].format(energy=_num(week.energy)))
        review.recommendations.append(t["rec_energy"])
    elif hardest is not None and hardest["energy"] <= 5:
        review.recommendations.append(
            t["rec_hard_day"].format(day=week.day_name(hardest), day_acc=week.day_name(hardest, accusative=True))
        )


def _review_trend(week: _Week, review: _Review) -> None:
    """Mood from the first half of the week to the second."""
    trend = _half_means(week.days, "mood")
    if trend is not None and abs(trend[1] - trend[0]) >= 1:
        key = "win_trend_up" if trend[1] > trend[0] else "ch_trend_down"
        text = week.t[key].format(first=_num(trend[0]), second=_num(trend[1]))
        (review.wins if key.startswith("win") else review.challenges).append(text)


def _review_steps(week: _Week, review: _Review) -> None:
    """Steps done against planned; no plan at all is a recommendation of its own."""
    t, done, planned = week.t, week.done, week.planned
    if not planned:
        review.recommendations.append(t["rec_plan"])
    elif done >= planned:
        review.wins.append(t["win_steps_all"].format(done=done, planned=planned))
    else:
        if done:
            review.wins.append(t["win_steps_some"].format(done=done, planned=planned))
        review.challenges.append(t["ch_steps_left"].format(left=week.left))
        if done * 2 < planned:
            review.recommendations.append(t["rec_fewer_steps"].format(n=max(done + 1, 2)))


def _focus(week: _Week) -> str:
    """The most important recommendation in one sentence."""
    t = week.t
    if not week.planned:
        return t["focus_plan"]
    if week.missed >= 3:
        return t["focus_regular"]
    if week.energy is not None and week.energy < 5:
        return t["focus_energy"]
    if week.left:
        return t["focus_steps"].format(left=week.left)
    return t["focus_keep"]


@offline_composer("rituals.weekly_review")
def compose(context: dict, locale: str) -> dict:
    week = _week(context, locale)
    review = _Review()
    _review_regularity(week, review)
    _review_days(week, review)
    _review_trend(week, review)
    _review_steps(week, review)
    if week.mood is None and week.energy is None:
        review.recommendations.append(week.t["rec_scores"])
    if week.reflection:
        review.wins.append(week.t["win_reflection"])
    if not review.recommendations:
        review.recommendations.append(week.t["rec_keep"])
    return {
        "summary": _summary(week, context),
        "wins": review.wins[:10],
        "challenges": review.challenges[:10],
        "recommendations": review.recommendations[:10],
        "focus_next_week": _focus(week),
    }
