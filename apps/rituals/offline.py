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


@offline_composer("rituals.weekly_review")
def compose(context: dict, locale: str) -> dict:
    t = TEXTS[locale_normalize(locale)]
    stats = context["stats"]
    days = stats.get("days") or []
    reflection = (context.get("user_reflection") or "").strip()
    active_days = sum(1 for d in days if d.get("entries"))
    missed = 7 - active_days
    mood, energy = stats.get("avg_mood"), stats.get("avg_energy")
    done, planned = stats.get("steps_done", 0), stats.get("steps_planned", 0)
    left = max(planned - done, 0)

    def day_name(day: dict, accusative: bool = False) -> str:
        weekday = date.fromisoformat(day["date"]).weekday()
        if accusative and locale != "en":
            return RU_WEEKDAYS_ACC[weekday]
        return t["weekdays"][weekday]

    summary = t["summary"].format(
        start=_day_month(stats.get("week_start") or context["week_start"], t["months"]),
        end=_day_month(stats.get("week_end") or context["week_end"], t["months"]),
        entries=stats.get("entries", 0),
        days=active_days,
    )
    if mood is not None or energy is not None:
        summary += t["summary_scores"].format(
            mood=_num(mood) if mood is not None else "—", energy=_num(energy) if energy is not None else "—"
        )
    else:
        summary += t["summary_no_scores"]
    summary += t["summary_steps"].format(done=done, planned=planned) if planned else t["summary_no_steps"]
    if reflection:
        summary += t["summary_quote"].format(quote=_first_sentence(reflection))

    wins: list[str] = []
    challenges: list[str] = []
    recommendations: list[str] = []

    if active_days >= 5:
        wins.append(t["win_regular"].format(days=active_days))
    elif missed:
        challenges.append(t["ch_missed"].format(missed=missed))
        recommendations.append(t["rec_regular"])

    with_mood = [d for d in days if d.get("mood") is not None]
    if with_mood:
        best = max(with_mood, key=lambda d: d["mood"])
        wins.append(t["win_best_day"].format(day=day_name(best), mood=_num(best["mood"])))
    with_energy = [d for d in days if d.get("energy") is not None]
    hardest = min(with_energy, key=lambda d: d["energy"]) if with_energy else None
    if hardest is not None and hardest["energy"] <= 5:
        challenges.append(t["ch_hard_day"].format(day=day_name(hardest), energy=_num(hardest["energy"])))
    if energy is not None and energy < 5:
        challenges.append(t["ch_low_energy"].format(energy=_num(energy)))
        recommendations.append(t["rec_energy"])
    elif hardest is not None and hardest["energy"] <= 5:
        recommendations.append(
            t["rec_hard_day"].format(day=day_name(hardest), day_acc=day_name(hardest, accusative=True))
        )

    trend = _half_means(days, "mood")
    if trend is not None and abs(trend[1] - trend[0]) >= 1:
        key = "win_trend_up" if trend[1] > trend[0] else "ch_trend_down"
        (wins if key.startswith("win") else challenges).append(t[key].format(first=_num(trend[0]), second=_num(trend[1])))

    if planned:
        if done >= planned:
            wins.append(t["win_steps_all"].format(done=done, planned=planned))
        else:
            if done:
                wins.append(t["win_steps_some"].format(done=done, planned=planned))
            challenges.append(t["ch_steps_left"].format(left=left))
            if done * 2 < planned:
                recommendations.append(t["rec_fewer_steps"].format(n=max(done + 1, 2)))
    else:
        recommendations.append(t["rec_plan"])

    if mood is None and energy is None:
        recommendations.append(t["rec_scores"])
    if reflection:
        wins.append(t["win_reflection"])
    if not recommendations:
        recommendations.append(t["rec_keep"])

    if not planned:
        focus = t["focus_plan"]
    elif missed >= 3:
        focus = t["focus_regular"]
    elif energy is not None and energy < 5:
        focus = t["focus_energy"]
    elif left:
        focus = t["focus_steps"].format(left=left)
    else:
        focus = t["focus_keep"]

    return {
        "summary": summary,
        "wins": wins[:10],
        "challenges": challenges[:10],
        "recommendations": recommendations[:10],
        "focus_next_week": focus,
    }
