"""Reads for gamification: streaks, profile, achievements, leaderboard. Each is a fixed
number of queries, whatever the size of the user's history or of the user base."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.cache import cache
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


# --- Profile ----------------------------------------------------------------------------


# The profile's XP total and streak in one round trip: the streak query above, next to the
# user's xp_totals row (either may be missing).
_PROFILE_SQL = """
WITH days AS (
    SELECT DISTINCT entry_date FROM {journal} WHERE user_id = %s
), numbered AS (
    SELECT entry_date, ROW_NUMBER() OVER (ORDER BY entry_date) AS rn FROM days
), islands AS (
    SELECT MAX(entry_date) AS last_date, COUNT(*) AS length FROM numbered GROUP BY {island}
), streak AS (
    SELECT last_date, length, (SELECT MAX(length) FROM islands) AS best FROM islands
    ORDER BY last_date DESC LIMIT 1
)
SELECT total.xp, total.last_event_at, streak.last_date, streak.length, streak.best
FROM (SELECT 1 AS one) AS base
LEFT JOIN {totals} AS total ON total.user_id = %s
LEFT JOIN streak ON 1 = 1
"""


def _profile_row(user) -> tuple[int, datetime | None, Streak]:
    sql = _PROFILE_SQL.format(
        journal=connection.ops.quote_name(JournalEntry._meta.db_table),
        totals=connection.ops.quote_name(XPTotal._meta.db_table),
        island=_ISLAND_KEY[connection.vendor],
    )
    user_param = JournalEntry._meta.get_field("user").get_db_prep_value(user.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_param, user_param])
        xp, last_event_at, last_date, length, best = cursor.fetchone()
    if isinstance(last_event_at, str):  # SQLite returns the text it stores (UTC)
        last_event_at = datetime.fromisoformat(last_event_at).replace(tzinfo=UTC)
    if last_date is None:
        return xp or 0, last_event_at, Streak(current=0, best=0, last_entry_date=None)
    if isinstance(last_date, str):
        last_date = date.fromisoformat(last_date)
    today = local_date(user=user)
    current = int(length) if last_date >= today - timedelta(days=1) else 0
    return xp or 0, last_event_at, Streak(current=current, best=int(best), last_entry_date=last_date)


def profile_get(*, user) -> dict:
    """`GamificationProfilePublic`: one query (the XP total next to the streak)."""
    xp, last_event_at, streak = _profile_row(user)
    level = level_for_xp(xp)
    activity = [streak.last_entry_date] if streak.last_entry_date else []
    if last_event_at is not None:
        activity.append(local_date(user=user, at=last_event_at))
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


def _chosen_name(first_name: str, last_name: str, username: str) -> str:
    """The name, else the username; "" when neither is usable (empty or looks like an email)."""
    for candidate in (" ".join(p for p in (first_name.strip(), last_name.strip()) if p), username.strip()):
        if candidate and not _EMAIL_LIKE.search(candidate):
            return candidate
    return ""


def _name_tag(user_id) -> str:
    return salted_hmac("gamification.public_name", str(user_id)).hexdigest()[:6]


def _placeholder(tag: str) -> str:
    return _("Dreamer #%(tag)s") % {"tag": tag}


def public_name(*, user_id, first_name: str, last_name: str, username: str) -> str:
    """What other users see: the name, else the username, else "Dreamer #1a2b3c" with a
    keyed hash of the id (not reversible, not the id itself). Never the email — and a name
    or username that looks like an email address is treated as absent."""
    return _chosen_name(first_name, last_name, username) or _placeholder(_name_tag(user_id))


# The top of the board is the same for everyone: cached for a few seconds as language-neutral
# rows (the placeholder name is translated per request), dropped whenever XP is paid
# (services._ledger_pay). A name change or a deactivation shows within LEADERBOARD_CACHE_SECONDS.
LEADERBOARD_CACHE_KEY = "gamification:leaderboard"
LEADERBOARD_CACHE_SECONDS = 15
LEADERBOARD_MAX = 100


def leaderboard_rows(*, cached: list | None = None) -> list[tuple]:
    """The top LEADERBOARD_MAX as (user_id, xp, name or "", tag): only users who earned XP
    (xp > 0) and are active. Ties go to who reached that total first, then the user id, so
    the order is total and stable. One query on a cache miss, however many users."""
    rows = cached if cached is not None else cache.get(LEADERBOARD_CACHE_KEY)
    if rows is None:
        found = (
            XPTotal.objects.filter(xp__gt=0, user__is_active=True)
            .order_by("-xp", "xp_reached_at", "user_id")
            .values_list("user_id", "xp", "user__first_name", "user__last_name", "user__username")[:LEADERBOARD_MAX]
        )
        rows = []
        for user_id, xp, first, last, username in found:
            name = _chosen_name(first, last, username)
            rows.append((str(user_id), xp, name, "" if name else _name_tag(user_id)))
        cache.set(LEADERBOARD_CACHE_KEY, rows, LEADERBOARD_CACHE_SECONDS)
    return rows


def leaderboard(*, user, limit: int, cached: list | None = None) -> list[dict]:
    """Top `limit` users by XP (see leaderboard_rows) with the caller marked."""
    me = str(user.pk)
    return [
        {
            "rank": rank,
            "display_name": name or _placeholder(tag),
            "level": level_for_xp(xp),
            "xp": xp,
            "is_me": user_id == me,
        }
        for rank, (user_id, xp, name, tag) in enumerate(leaderboard_rows(cached=cached)[:limit], start=1)
    ]
