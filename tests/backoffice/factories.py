"""Rows spread over the last 30 days, for the overview's tests, the browser checks and the
README screenshot. Timestamps are written after insert (auto_now_add would pin them)."""

import random
import uuid
from datetime import UTC, datetime, time, timedelta

from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import Session, User
from apps.ai.models import AIJob
from apps.gamification.models import XPEvent
from apps.limits.models import QuotaCharge
from apps.rituals.models import JournalEntry


def at(day, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def make_user(*, created, email=None, telegram_id=None, plan="free", **fields) -> User:
    user = User.objects.create_user(email=email, password=None, telegram_id=telegram_id, plan=plan, **fields)
    User.objects.filter(pk=user.pk).update(created_at=created)
    user.created_at = created
    return user


def make_session(*, user, created, user_agent="Mozilla/5.0", revoked=False) -> Session:
    return Session.objects.create(
        user=user,
        refresh_jti=uuid.uuid4().hex,
        user_agent=user_agent,
        ip="203.0.113.7",
        created_at=created,
        last_used_at=created,
        expires_at=created + timedelta(days=90),
        revoked_at=created + timedelta(hours=1) if revoked else None,
    )


def make_charge(*, user, resource, created) -> QuotaCharge:
    charge = QuotaCharge.objects.create(user=user, resource=resource, key=f"demo:{uuid.uuid4()}")
    QuotaCharge.objects.filter(pk=charge.pk).update(created_at=created)
    return charge


def make_ai_job(*, user, kind, created, status="succeeded", error_code="") -> AIJob:
    finished = created + timedelta(seconds=8)
    job = AIJob.objects.create(
        user=user, kind=kind, status=status, error_code=error_code, deadline_at=created + timedelta(seconds=60)
    )
    AIJob.objects.filter(pk=job.pk).update(created_at=created, started_at=created, finished_at=finished)
    return job


AI_KINDS = ["wants.analyze", "goals.generate", "steps.generate", "future_story.generate", "visuals.generate_story_image"]


def make_entry(*, user, day, type_="morning") -> JournalEntry:
    entry = JournalEntry.objects.create(user=user, type=type_, entry_date=day, mood_score=7, energy_score=6)
    JournalEntry.objects.filter(pk=entry.pk).update(created_at=at(day, 8))
    return entry


def populate_overview_demo(*, users: int = 40, seed: int = 14) -> None:
    """About `users` users signed up over 30 days, their sessions, AI calls, streaks and XP."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    today = timezone.now().date()
    call_command("seed_areas", verbosity=0)
    call_command("seed_achievements", verbosity=0)
    people = []
    for n in range(users):
        day = today - timedelta(days=rng.randint(0, 29))
        user = make_user(
            created=at(day, rng.randint(6, 22)),
            email=f"dreamer.{n}.with-a-rather-long-address@example-mail-provider.com" if n % 3 else None,
            telegram_id=700000000 + n if n % 3 != 1 else None,
            username=f"dreamer_{n}",
            plan="pro" if n % 7 == 0 else "free",
            is_email_verified=bool(n % 2),
        )
        people.append((user, day))
        agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
        make_session(user=user, created=at(day, 9), user_agent=agent, revoked=n % 5 == 0)
    for user, joined in people:
        active_days = sorted({joined + timedelta(days=rng.randint(0, (today - joined).days)) for _ in range(4)})
        for day in active_days:
            for _ in range(rng.randint(0, 3)):
                make_charge(user=user, resource=rng.choice(["text", "text", "image"]), created=at(day, rng.randint(8, 20)))
                if rng.random() < 0.15:
                    make_ai_job(user=user, kind=rng.choice(AI_KINDS), created=at(day, rng.randint(8, 20)),
                                status="failed", error_code="GOALS_AI_TIMEOUT")
                else:
                    make_ai_job(user=user, kind=rng.choice(AI_KINDS), created=at(day, rng.randint(8, 20)))
            XPEvent.objects.create(user=user, reason="ritual_entry", object_id=uuid.uuid4().hex, xp=10)
        streak = rng.choice([0, 1, 2, 3, 5, 8, 12])
        for offset in range(min(streak, (today - joined).days + 1)):
            make_entry(user=user, day=today - timedelta(days=offset))
    for user, _joined in people[:4]:  # a few free users spend their whole monthly text quota
        for _ in range(5):
            make_charge(user=user, resource="text", created=at(today - timedelta(days=2), 10))
