"""Reads for gamification: streaks, profile, achievements, leaderboard. Each is a fixed
number of queries, whatever the size of the user's history or of the user base."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from apps.core.timezones import local_date, user_zone  # noqa: F401
from apps.rituals.models import JournalEntry

from .levels import level_for_xp, xp_for_level
from .models import Achievement, UserAchievement, XPTotal

# --- Time -------------------------------------------------------------------------------


# user_zone / local_date live in apps.core.timezones; imported here for the app's callers.


# --- Streaks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Streak:
    current: int
    best: int
    last_entry_date: date | None


# Gaps and islands: numbering the distinct dates in order, `date - row_number` is constant
# along a run of consecutive days, so each run is one group. The database returns only the
# latest run and the longest run's length: one query, one row, exact for any history length
# (no stored best_streak that the rituals code would have to keep in sync, and nothing to
# repair when entries are deleted).
_STREAK_SQL = """
WITH days AS (
    SELECT DISTINCT entry_date FROM {table} WHERE user_id = %s
), numbered AS (
    SELECT entry_date, ROW_NUMBER() OVER (ORDER BY entry_date) AS rn FROM days
), islands AS (
    SELECT MAX(entry_date) AS last_date, COUNT(*) AS length FROM numbered GROUP BY {island}
)
SELECT last_date, length, (SELECT MAX(length) FROM islands) FROM islands
ORDER BY last_date DESC LIMIT 1
"""
_ISLAND_KEY = {
    "postgresql": "entry_date - CAST(rn AS integer)",
    "sqlite": "julianday(entry_date) - rn",
}


def streak_get(*, user, today: date | None = None) -> Streak:
    """Consecutive local days with at least one ritual entry. The current streak counts
    only while it is alive: its last day is today or yesterday (local); otherwise 0."""
    table = JournalEntry._meta.db_table
    sql = _STREAK_SQL.format(table=connection.ops.quote_name(table), island=_ISLAND_KEY[connection.vendor])
    user_param = JournalEntry._meta.get_field("user").get_db_prep_value(user.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_param])
        row = cursor.fetchone()
    if row is None:
        return Streak(current=0, best=0, last_entry_date=None)
    last_date, length, best = row
    if isinstance(last_date, str):  # SQLite returns the text it stores
        last_date = date.fromisoformat(last_date)
    today = today or local_date(user=user)
    current = int(length) if last_date >= today - timedelta(days=1) else 0
    return Streak(current=current, best=int(best), last_entry_date=last_date)


# Buckets of the admin overview's streak distribution: (label, lowest, highest or None).
STREAK_BUCKETS = (("1", 1, 1), ("2–3", 2, 3), ("4–7", 4, 7), ("8–14", 8, 14), ("15–30", 15, 30), ("31+", 31, None))

_STREAK_DISTRIBUTION_SQL = """
WITH days AS (
    SELECT DISTINCT user_id, entry_date FROM {table} WHERE entry_date >= %s
), numbered AS (
    SELECT user_id, entry_date, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY entry_date) AS rn FROM days
), islands AS (
    SELECT user_id, MAX(entry_date) AS last_date, COUNT(*) AS length FROM numbered GROUP BY user_id, {island}
)
SELECT {bucket} AS bucket, COUNT(*) FROM islands WHERE last_date >= %s GROUP BY 1
"""


def streak_distribution(*, today: date, horizon_days: int = 400) -> dict[str, int]:
    """How many users have a live streak of each length bucket (STREAK_BUCKETS), in one query.
    "Live" is counted on the UTC calendar (last entry today or yesterday), unlike a user's own
    streak, which follows their time zone: this is an overview across zones. Streaks longer
    than `horizon_days` are cut there (the scan stays bounded)."""
    cases = " ".join(
        f"WHEN length >= {low}" + (f" AND length <= {high}" if high is not None else "") + f" THEN {index}"
        for index, (_label, low, high) in enumerate(STREAK_BUCKETS)
    )
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    sql = _STREAK_DISTRIBUTION_SQL.format(
        table=table, island=_ISLAND_KEY[connection.vendor], bucket=f"CASE {cases} END"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [today - timedelta(days=horizon_days), today - timedelta(days=1)])
        rows = dict(cursor.fetchall())
    return {label: int(rows.get(index, 0)) for index, (label, _low, _high) in enumerate(STREAK_BUCKETS)}


# --- Profile ----------------------------------------------------------------------------


def profile_get(*, user) -> dict:
    """`GamificationProfilePublic`: two queries (the XP total, the streak)."""
    total = XPTotal.objects.filter(pk=user.pk).values("xp", "last_event_at").first() or {"xp": 0, "last_event_at": None}
    xp = total["xp"]
    level = level_for_xp(xp)
    streak = streak_get(user=user)
    activity = [streak.last_entry_date] if streak.last_entry_date else []
    if total["last_event_at"] is not None:
        activity.append(local_date(user=user, at=total["last_event_at"]))
    return {
        "xp": xp,
        "level": level,
        "xp_into_level": xp - xp_for_level(level),
        "xp_for_next_level": xp_for_level(level + 1) - xp_for_level(level),
        "streak_current": streak.current,
        "streak_best": streak.best,
        "last_activity_date": max(activity) if activity else None,
    }


# --- Achievements -----------------------------------------------------------------------


def locale_current() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "ru"


def achievement_public(achievement: Achievement, *, locale: str, obtained_at: datetime | None) -> dict:
    """`AchievementPublic` in `locale` (ru|en)."""
    return {
        "code": achievement.code,
        "title": achievement.title_en if locale == "en" else achievement.title_ru,
        "description": achievement.description_en if locale == "en" else achievement.description_ru,
        "icon": achievement.icon,
        "xp_reward": achievement.xp_reward,
        "is_obtained": obtained_at is not None,
        "obtained_at": obtained_at,
    }


def achievement_list(*, user, locale: str | None = None) -> list[dict]:
    """Every active achievement in `order_index` order with the user's `obtained_at`:
    one query (the user's row is a correlated subquery), however many achievements."""
    locale = locale or locale_current()
    obtained = UserAchievement.objects.filter(user=user, achievement=OuterRef("pk")).values("obtained_at")[:1]
    achievements = (
        Achievement.objects.filter(is_active=True)
        .annotate(user_obtained_at=Subquery(obtained))
        .order_by("order_index", "code")
    )
    return [achievement_public(a, locale=locale, obtained_at=a.user_obtained_at) for a in achievements]


# --- Leaderboard ------------------------------------------------------------------------

_EMAIL_LIKE = re.compile(r"[^\s@]+@[^\s@]+")


def public_name(*, user_id, first_name: str, last_name: str, username: str = "") -> str:
    """What a stranger sees of a user: the first name and the last name's initial ("Vera K."),
    else "Dreamer #1a2b3c" with a keyed hash of the id (not reversible, not the id itself).
    Never the email, the full last name or the (Telegram) username, which names the account
    elsewhere; a name that looks like an email address is treated as absent."""
    first, last = first_name.strip(), last_name.strip()
    if first and not _EMAIL_LIKE.search(first):
        return f"{first} {last[0].upper()}." if last and not _EMAIL_LIKE.search(last) else first
    tag = salted_hmac("gamification.public_name", str(user_id)).hexdigest()[:6]
    return _("Dreamer #%(tag)s") % {"tag": tag}


def leaderboard(*, user, limit: int) -> list[dict]:
    """Top `limit` users by XP: only users who earned XP (xp > 0), are active and did not
    leave the leaderboard (`leaderboard_visible`). Ties go to who reached that total first,
    then the user id, so the order is total and stable. One query however many users."""
    rows = (
        XPTotal.objects.filter(xp__gt=0, user__is_active=True, user__leaderboard_visible=True)
        .order_by("-xp", "xp_reached_at", "user_id")
        .values_list("user_id", "xp", "user__first_name", "user__last_name", "user__username")[:limit]
    )
    return [
        {
            "rank": rank,
            "display_name": public_name(user_id=user_id, first_name=first, last_name=last, username=username),
            "level": level_for_xp(xp),
            "xp": xp,
            "is_me": user_id == user.pk,
        }
        for rank, (user_id, xp, first, last, username) in enumerate(rows, start=1)
    ]


def xp_paid(*, user, reasons: tuple[str, ...] | list[str], object_id) -> bool:
    """Whether the ledger already paid `object_id` under any of `reasons` (e.g. a goal done
    as small or as big: paid once per goal, whatever its size is now)."""
    from .models import XPEvent

    return XPEvent.objects.filter(user=user, reason__in=list(reasons), object_id=str(object_id)).exists()
