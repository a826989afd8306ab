"""The demo account: one user with data on every screen (life wheel history, a wants
exercise with its analysis, a future story with pictures, goals and a plan of steps, two weeks
of rituals and a weekly review), made through the apps' services and, for everything an AI
writes, through the AI-job layer run in-process (`ai_job_run_inline`). The command forces the
offline AI backend, so the demo is deterministic and costs nothing.

Idempotent by sections: each section is skipped when the demo user already has its data
(a life-wheel measurement, a wants analysis, a story, a picture per story image, goals,
steps, journal entries, a completed weekly review), so a second run adds nothing and keeps what a
person changed in the demo account. `reset=True` deletes the demo account first (through
`user_delete`, files included) and seeds it anew — e.g. to bring the two weeks of rituals up
to today.

The apps' services write "now"; past data is made by creating it through the service and
then moving its timestamps/dates back in the blocks marked BACKDATE."""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import email_normalize, user_delete, user_password_set, user_plan_set, user_update
from apps.ai.jobs import ai_job_run_inline
from apps.ai.models import AIJob
from apps.core.dates import add_months
from apps.core.timezones import iso_week_start, local_date
from apps.future_story.models import FutureStory
from apps.future_story.selectors import future_story_latest, future_story_questions
from apps.future_story.services import future_story_answer_save
from apps.goals.models import Goal, GoalStatus
from apps.goals.services import goal_update, goals_create_batch
from apps.life_wheel.models import LifeWheel
from apps.life_wheel.services import life_wheel_create
from apps.rituals.models import JournalEntry, WeeklyReview, WeeklyReviewStatus
from apps.rituals.services import journal_entry_create
from apps.steps.models import Step, StepStatus
from apps.steps.services import step_update, steps_create_batch
from apps.visuals.models import VisualAsset
from apps.wants import services as wants
from apps.wants.models import WantsAnalysis, WantsRaw, WantsRawStatus

logger = logging.getLogger(__name__)

DEMO_EMAIL = "demo@mechta.app"
DEMO_PASSWORD = "Mechta-Demo-2030"
DEMO_TIME_ZONE = "Europe/Moscow"
ACCOUNT_AGE_DAYS = 42  # the demo user "signed up" six weeks ago
RITUAL_DAYS = 14  # two full weeks of entries before today, plus today's morning

SECTIONS = ("life_wheel", "wants", "future_story", "visuals", "goals", "steps", "rituals", "weekly_review")

# Six measurements over five weeks: each area slowly grows (the last is the current one).
LIFE_WHEEL_HISTORY = [
    {"health": 4, "career": 6, "finance": 3, "relationships": 5, "family_friends": 7, "personal_growth": 5, "leisure": 3, "environment": 5},
    {"health": 4, "career": 6, "finance": 4, "relationships": 5, "family_friends": 7, "personal_growth": 6, "leisure": 3, "environment": 5},
    {"health": 5, "career": 6, "finance": 4, "relationships": 6, "family_friends": 7, "personal_growth": 6, "leisure": 4, "environment": 6},
    {"health": 5, "career": 7, "finance": 5, "relationships": 6, "family_friends": 8, "personal_growth": 7, "leisure": 4, "environment": 6},
    {"health": 6, "career": 7, "finance": 5, "relationships": 7, "family_friends": 8, "personal_growth": 7, "leisure": 5, "environment": 6},
    {"health": 7, "career": 7, "finance": 6, "relationships": 7, "family_friends": 8, "personal_growth": 8, "leisure": 6, "environment": 7},
]
LIFE_WHEEL_NOTES = ["Первый замер: честно и без прикрас.", "", "", "Стало больше спорта.", "", "Неделя была удачной."]

WANTS_STREAM = [
    "Просыпаться без будильника и с энергией",
    "Пробежать полумарафон",
    "Выучить испанский до уровня B2",
    "Финансовая подушка на год жизни",
    "Свой небольшой дом у леса",
    "Путешествовать с семьёй дважды в год",
    "Запустить своё дело, которое приносит радость",
    "Больше времени с друзьями",
]
WANTS_FUTURE_ME = (
    "Мне 40. Я просыпаюсь в своём доме у леса, бегу утреннюю пробежку, завтракаю с семьёй. "
    "Работаю над своим проектом три-четыре часа в день, остальное время — люди, книги и поездки."
)
WANTS_REVERSE = {
    "raw_envy": "Друзьям, которые живут за городом и работают на себя.",
    "raw_regrets": "Что не начал(а) заниматься спортом и откладывать деньги раньше.",
    "raw_what_to_do_5y": "Построить дом, запустить своё дело и выучить испанский.",
}

FUTURE_STORY_ANSWERS = {
    "health": "Я бегаю три раза в неделю, пробежал(а) полумарафон и сплю по восемь часов.",
    "career": "У меня своё небольшое дело: студия, где мы помогаем людям планировать жизнь.",
    "finance": "У меня есть подушка на год жизни и доход от вложений покрывает отпуск.",
    "family_friends": "Мы с семьёй живём в доме у леса, и по выходным у нас собираются друзья.",
}

MORNING_ANSWERS = [
    {"gratitude": "За спокойное утро и кофе", "intention": "Сделать главное дело до обеда"},
    {"gratitude": "За пробежку под солнцем", "intention": "Позвонить родителям"},
    {"gratitude": "За поддержку друзей", "intention": "Закончить план на неделю"},
]
EVENING_ANSWERS = [
    {"win": "Закрыл(а) важную задачу", "lesson": "Короткие перерывы помогают"},
    {"win": "Прочитал(а) 30 страниц", "lesson": "Вечером лучше без телефона"},
    {"win": "Пробежал(а) 5 км", "lesson": "Планировать бег с вечера"},
]
WEEKLY_REFLECTION = "Неделя получилась ровной: ритуалы каждый день, две пробежки и первый шаг по проекту."


class DemoSeedFailed(RuntimeError):
    """An AI job of the demo did not succeed (the offline backend should never fail)."""


@dataclass
class DemoSeedResult:
    user: User
    user_created: bool
    seeded: dict[str, bool] = field(default_factory=dict)  # section -> made now (False: already there)


def _ai(*, user, kind: str, params: dict) -> dict:
    job = ai_job_run_inline(user=user, kind=kind, params=params)
    if job.status != AIJob.Status.SUCCEEDED:
        raise DemoSeedFailed(f"AI job {kind} ended {job.status}: {job.error_code}")
    return job.result


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _local_noon(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(DEMO_TIME_ZONE))


def demo_user_ensure(*, email: str, password: str) -> tuple[User, bool]:
    """The demo user, created or brought back to the demo state: active, email verified,
    Russian, pro plan (so the AI quotas suffice), with the given password."""
    email = email_normalize(email)
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        # No service creates an already verified account (signup mails a code); the manager
        # is what `createsuperuser` uses too.
        user = User.objects.create_user(
            email=email, password=password, is_active=True, is_email_verified=True, first_name="Алиса"
        )
        # BACKDATE: the account is six weeks old, so the history below lies after its signup
        # week (the weekly review of last week and the life wheel's weeks need that).
        joined = timezone.now() - timedelta(days=ACCOUNT_AGE_DAYS)
        User.objects.filter(pk=user.pk).update(created_at=joined)
        user.created_at = joined
    else:
        if not (user.is_active and user.is_email_verified):
            User.objects.filter(pk=user.pk).update(is_active=True, is_email_verified=True)
            user.is_active = user.is_email_verified = True
        if not user.check_password(password):
            user_password_set(user=user, password=password)
    user_update(user=user, locale="ru", time_zone=DEMO_TIME_ZONE)
    user_plan_set(user=user, plan=User.Plan.PRO)
    return user, created


def demo_life_wheel_seed(*, user) -> bool:
    if LifeWheel.objects.filter(user=user).exists():
        return False
    now = timezone.now()
    count = len(LIFE_WHEEL_HISTORY)
    for index, (scores, note) in enumerate(zip(LIFE_WHEEL_HISTORY, LIFE_WHEEL_NOTES, strict=True)):
        wheel, _event = life_wheel_create(user=user, scores=scores, note=note)
        # BACKDATE: one measurement a week, the last one now.
        weeks_ago = count - 1 - index
        if weeks_ago:
            LifeWheel.objects.filter(pk=wheel.pk).update(created_at=now - timedelta(weeks=weeks_ago))
    return True


def demo_wants_seed(*, user) -> bool:
    if WantsAnalysis.objects.filter(user=user).exists():
        return False
    if not WantsRaw.objects.filter(user=user, status=WantsRawStatus.COMPLETED).exists():
        raw = wants.wants_draft_get_or_create(user=user)
        if not raw.raw_wants_stream.strip():
            raw = wants.wants_stream_start(raw=raw)
            for line in WANTS_STREAM:
                raw = wants.wants_stream_append(raw=raw, text=line)
        raw = wants.wants_stream_finish(raw=raw)
        if not raw.raw_future_me.strip():
            raw = wants.wants_future_me_set(raw=raw, text=WANTS_FUTURE_ME)
        raw = wants.wants_future_me_finish(raw=raw)
        raw = wants.wants_reverse_update(raw=raw, **WANTS_REVERSE)
        wants.wants_complete(raw=raw)
    latest = WantsRaw.objects.filter(user=user, status=WantsRawStatus.COMPLETED).latest("completed_at")
    _ai(user=user, kind="wants.analyze", params={"raw_id": str(latest.id)})
    return True


def demo_future_story_seed(*, user) -> bool:
    if FutureStory.objects.filter(user=user).exists():
        return False
    questions = {item["area_id"]: item["question"] for item in future_story_questions(locale="ru")}
    for area_id, answer in FUTURE_STORY_ANSWERS.items():
        if area_id in questions:
            future_story_answer_save(user=user, area_id=area_id, question=questions[area_id], answer=answer)
    _ai(user=user, kind="future_story.generate", params={})
    return True


def demo_visuals_seed(*, user) -> bool:
    """A picture for every image of the latest story that has none yet."""
    story = future_story_latest(user=user)
    if story is None:
        return False
    drawn = set(VisualAsset.objects.filter(story=story).values_list("image_key", flat=True))
    missing = [image["image_key"] for image in story.images or [] if image.get("image_key") not in drawn]
    for image_key in missing:
        _ai(user=user, kind="visuals.generate_story_image", params={"story_id": str(story.id), "image_key": image_key})
    return bool(missing)


def demo_goals_seed(*, user) -> bool:
    if Goal.objects.filter(user=user).exists():
        return False
    suggestions = _ai(user=user, kind="goals.generate", params={"limits": None})["goals"]
    # The job's public result is JSON (validated against its output serializer on the way in);
    # the service takes Python values.
    items = [{**goal, "target_date": _date_or_none(goal.get("target_date"))} for goal in suggestions]
    goals, _event = goals_create_batch(user=user, goals=items)
    # A lived-in list: the first goal is under way, the last one already reached.
    goal_update(user=user, goal=goals[0], status=GoalStatus.IN_PROGRESS)
    if len(goals) > 2:
        goal_update(user=user, goal=goals[-1], status=GoalStatus.DONE)
    return True


def demo_steps_seed(*, user) -> bool:
    if Step.objects.filter(user=user).exists():
        return False
    goals = list(Goal.objects.filter(user=user).exclude(status=GoalStatus.DONE).order_by("created_at")[:2])
    if not goals:
        return False
    start = local_date(user=user)
    params = {
        "goal_ids": [str(goal.id) for goal in goals],
        "start_date": start.isoformat(),
        "end_date": (add_months(start, 12) - timedelta(days=1)).isoformat(),
        "load": {},
    }
    plan = _ai(user=user, kind="steps.generate", params=params)["steps"]
    items = [
        {**step, "goal_id": uuid.UUID(step["goal_id"]), "planned_date": _date_or_none(step.get("planned_date"))}
        for step in plan
    ]
    steps = steps_create_batch(user=user, steps=items)
    # The nearest two small steps are done already.
    nearest = sorted((s for s in steps if s.level in ("week", "day")), key=lambda s: (s.planned_date or start, s.order_index))
    for step in nearest[:2]:
        step_update(user=user, step=step, status=StepStatus.DONE)
    return True


def demo_rituals_seed(*, user) -> bool:
    """A morning and an evening entry on each of the last RITUAL_DAYS days and this morning."""
    if JournalEntry.objects.filter(user=user).exists():
        return False
    today = local_date(user=user)
    days = [today - timedelta(days=offset) for offset in range(RITUAL_DAYS, 0, -1)]
    for index, day in enumerate(days):
        for type_, answers, hour in (
            (JournalEntry.Type.MORNING, MORNING_ANSWERS, 8),
            (JournalEntry.Type.EVENING, EVENING_ANSWERS, 21),
        ):
            entry, _event, _streak = journal_entry_create(
                user=user,
                type=type_,
                answers=answers[index % len(answers)],
                mood_score=5 + (index * 3 + hour) % 5,
                energy_score=4 + (index * 7 + hour) % 6,
            )
            # BACKDATE: the service writes today's entry; move it to its day (one entry per
            # type per local day still holds: each past day gets exactly one of each type).
            JournalEntry.objects.filter(pk=entry.pk).update(entry_date=day, created_at=_local_noon(day, hour))
    journal_entry_create(user=user, type=JournalEntry.Type.MORNING, answers=MORNING_ANSWERS[0], mood_score=8, energy_score=7)
    return True


def demo_weekly_review_seed(*, user) -> bool:
    """The review of last week (its Monday in the user's calendar), written by the AI job;
    skipped when the demo user has any completed review (a later run, even weeks later, adds
    none)."""
    if WeeklyReview.objects.filter(user=user, status=WeeklyReviewStatus.COMPLETED).exists():
        return False
    last_week = iso_week_start(local_date(user=user)) - timedelta(days=7)
    params = {"week_start": last_week.isoformat(), "user_reflection": WEEKLY_REFLECTION}
    _ai(user=user, kind="rituals.weekly_review", params=params)
    return True


SEEDERS = {
    "life_wheel": demo_life_wheel_seed,
    "wants": demo_wants_seed,
    "future_story": demo_future_story_seed,
    "visuals": demo_visuals_seed,
    "goals": demo_goals_seed,
    "steps": demo_steps_seed,
    "rituals": demo_rituals_seed,
    "weekly_review": demo_weekly_review_seed,
}


def demo_seed(*, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD, reset: bool = False) -> DemoSeedResult:
    """Create (or complete) the demo account; see the module docstring. Needs the areas and
    achievements seeded (`seed_areas`, `seed_achievements`); the command runs them first."""
    if reset:
        existing = User.objects.filter(email=email_normalize(email)).first()
        if existing is not None:
            existing.set_unusable_password()  # not saved: the account is ours to delete, whatever its password
            user_delete(user=existing, confirm="DELETE")
    user, created = demo_user_ensure(email=email, password=password)
    result = DemoSeedResult(user=user, user_created=created)
    for name in SECTIONS:
        # No transaction around a section: each AI job commits its own (a picture's file is
        # kept only once its row is committed). A run cut short is completed by the next one.
        result.seeded[name] = SEEDERS[name](user=user)
    return result

