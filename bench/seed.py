"""Seed realistic data for `make bench` and print the bench user's access token (last line).

Run by bench/run.py in a child process with the server's environment:

    python bench/seed.py

One user (`bench@example.com`) with 20+ rows in every list the bench reads (life wheel
measurements, XP ledger, ritual entries for a live streak, a wants draft), and 150 users
with XP on the leaderboard. Idempotent: a second run reuses what is there.
"""

import os
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mechta.settings.base")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import Session, User  # noqa: E402
from apps.accounts.services import session_create  # noqa: E402
from apps.areas.services import ensure_default_areas  # noqa: E402
from apps.gamification.models import XPEvent, XPTotal  # noqa: E402
from apps.goals.models import Goal  # noqa: E402
from apps.goals.services import goals_create_batch  # noqa: E402
from apps.life_wheel.models import LifeWheel  # noqa: E402
from apps.rituals.models import JournalEntry  # noqa: E402
from apps.steps.services import steps_create_batch  # noqa: E402
from apps.wants.models import WantsRaw, WantsRawStatus  # noqa: E402
from bench.paths import BENCH_GOAL_ID  # noqa: E402

ROWS = 25  # rows per list of the bench user (more than one page of 20)
GOALS = 200  # goals and steps of the bench user: the whole lists of /goals and /steps
LIST_ROWS = 20  # rows of the filtered goals and steps reads
LEADERBOARD_USERS = 150


def seed_user() -> User:
    user, _ = User.objects.get_or_create(
        email="bench@example.com",
        defaults={
            "is_email_verified": True,
            "first_name": "Bench",
            "time_zone": "Europe/Moscow",
            "locale": "en",
            "date_of_birth": date(1990, 5, 17),  # numerology and the daily AI tip (seed_daily_tip)
        },
    )
    return user


def seed_life_wheel(user: User) -> None:
    missing = ROWS - LifeWheel.objects.filter(user=user).count()
    areas = ["health", "career", "finance", "relationships", "family", "growth", "leisure", "environment"]
    LifeWheel.objects.bulk_create(
        LifeWheel(user=user, scores={a: (i + j) % 11 for j, a in enumerate(areas)}, note=f"week {i}")
        for i in range(max(missing, 0))
    )


def seed_rituals(user: User) -> None:
    today = timezone.localdate()
    entries = [
        JournalEntry(user=user, type=kind, entry_date=today - timedelta(days=day), answers={"q": "a"}, mood_score=7)
        for day in range(ROWS)
        for kind in ("morning", "evening")
    ]
    JournalEntry.objects.bulk_create(entries, ignore_conflicts=True)


def seed_xp(user: User) -> None:
    if not XPEvent.objects.filter(user=user).exists():
        XPEvent.objects.bulk_create(
            XPEvent(user=user, reason="ritual_entry", object_id=f"bench-{i}", xp=10) for i in range(ROWS)
        )
    XPTotal.objects.update_or_create(
        user=user, defaults={"xp": 10 * ROWS, "last_event_at": timezone.now()}
    )


def seed_wants(user: User) -> None:
    if not WantsRaw.objects.filter(user=user, status=WantsRawStatus.DRAFT).exists():
        now = timezone.now()
        WantsRaw.objects.create(
            user=user,
            raw_wants_stream="I want to run a marathon. " * 40,
            stream_started_at=now,
            stream_completed_at=now,
            raw_future_me="In five years I live by the sea. " * 30,
            future_me_started_at=now,
        )


def seed_leaderboard() -> None:
    existing = User.objects.filter(email__startswith="bench-lb-").count()
    users = User.objects.bulk_create(
        User(email=f"bench-lb-{i}@example.com", first_name=f"Player{i}", is_email_verified=True)
        for i in range(existing, LEADERBOARD_USERS)
    )
    XPTotal.objects.bulk_create(
        (XPTotal(user=u, xp=37 * (i + 1), last_event_at=timezone.now()) for i, u in enumerate(users)),
        ignore_conflicts=True,
    )


def seed_goals_and_steps(user: User) -> None:
    """GOALS goals through the service, the first LIST_ROWS of them `planned` (so
    `/goals?status=planned` answers LIST_ROWS rows, `/goals` all GOALS), and GOALS steps: a
    plan of LIST_ROWS steps under BENCH_GOAL_ID (`/steps?goal_id=`), then year → quarter →
    month → week → day chains under the next goals. `/goals` and `/steps` answer every row
    (spec 6.6/6.7), so those two rows measure whole lists of GOALS rows."""
    if Goal.objects.filter(pk=BENCH_GOAL_ID, user=user).exists():
        return
    Goal.objects.filter(user=user).delete()  # an older seed's rows: start from a known set
    items = [
        {"title": f"Goal {i}", "area_id": "health", "horizon": "1y", "status": "planned" if i < LIST_ROWS else "in_progress"}
        for i in range(GOALS)
    ]
    items[0]["id"] = uuid.UUID(BENCH_GOAL_ID)
    goals, _ = goals_create_batch(user=user, goals=items)
    levels = ["year", "quarter", "month", "week", "day"]
    steps = []
    for chain in range(GOALS // len(levels)):
        goal = goals[0] if chain < LIST_ROWS // len(levels) else goals[chain]
        for depth, level in enumerate(levels):
            item = {"ref": f"{chain}-{depth}", "goal_id": goal.pk, "level": level, "title": f"{level} step {chain}"}
            if depth:
                item["parent_ref"] = f"{chain}-{depth - 1}"
            steps.append(item)
    steps_create_batch(user=user, steps=steps)


def seed_wants_history(user: User) -> None:
    """ROWS completed wants exercises (GET /wants/history), texts of the draft's size."""
    missing = ROWS - WantsRaw.objects.filter(user=user, status=WantsRawStatus.COMPLETED).count()
    now = timezone.now()
    WantsRaw.objects.bulk_create(
        WantsRaw(
            user=user,
            status=WantsRawStatus.COMPLETED,
            raw_wants_stream=f"Run {i}: I want to run a marathon. " * 40,
            stream_started_at=now,
            stream_completed_at=now,
            raw_future_me="In five years I live by the sea. " * 30,
            future_me_started_at=now,
            future_me_completed_at=now,
            raw_envy="A friend's house by the sea.",
            raw_regrets="Not learning to sail.",
            raw_what_to_do_5y="Sail, write, run.",
            reverse_completed_at=now,
            completed_at=now - timedelta(days=i),
        )
        for i in range(max(missing, 0))
    )


def seed_sessions(user: User) -> None:
    """ROWS - 1 other live sessions (GET /auth/sessions; the token printed adds one)."""
    now = timezone.now()
    # The token sessions of earlier runs end, so the list stays at ROWS rows run after run.
    Session.objects.filter(user=user, user_agent="bench", revoked_at__isnull=True).update(revoked_at=now)
    live = Session.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    for i in range(max(ROWS - 1 - live.count(), 0)):
        session_create(user=user, user_agent=f"bench device {i}", ip="127.0.0.1")


# More modules add their rows here: each takes the bench user.
SEEDERS = [
    seed_life_wheel,
    seed_rituals,
    seed_xp,
    seed_wants,
    seed_goals_and_steps,
    # issue 19: the other lists, read with filters and explicit paging
    seed_wants_history,
    seed_sessions,
]


def main() -> None:
    ensure_default_areas()
    with transaction.atomic():
        user = seed_user()
        for seeder in SEEDERS:
            seeder(user)
        seed_leaderboard()
    _, pair = session_create(user=user, user_agent="bench")
    seed_daily_tip(user)
    print(pair["access_token"])


def seed_daily_tip(user: User) -> None:
    """The day's AI tip, prepared as Celery beat would (offline AI; once per local day), so
    GET /esoterics/today reads a prepared tip like an active user's."""
    from apps.esoterics.services import daily_tip_prepare

    daily_tip_prepare(user_id=user.pk)


if __name__ == "__main__":
    main()
