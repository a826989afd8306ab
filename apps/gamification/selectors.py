"""Reads for gamification: streaks, profile, achievements, leaderboard. Each is a fixed
number of queries, whatever the size of the user's history or of the user base."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F, OuterRef, Subquery
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from apps.core.locale import locale_active
from apps.core.sqlread import CompiledList, UUIDText
from apps.core.timezones import local_date
from apps.core.usercache import AnswerCache

from .levels import level_for_xp, xp_for_level
from .models import Achievement, UserAchievement, XPTotal
from .presenters import ACHIEVEMENT_PUBLIC_FIELDS, achievement_public

# --- Streaks ----------------------------------------------------------------------------

# A streak counts the distinct days of one source table with `user` (FK) and `entry_date`
# (date) columns. Gamification sits below the apps that produce activity and imports none
# of them: the rituals app registers its journal in AppConfig.ready().
_STREAK_SOURCES: list = []


def streak_source_register(model) -> None:
    """`model`: a Django model with `user` and `entry_date` fields (the rituals journal). The
    service that writes it pays XP in the same transaction (`xp_award`), which renews the
    cached profile (the streak is part of it)."""
    _STREAK_SOURCES[:] = [model]


def _streak_model():
    if not _STREAK_SOURCES:
        raise ImproperlyConfigured("No streak source registered (apps.rituals registers its journal).")
    return _STREAK_SOURCES[0]


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
_ISLANDS_CTE = """
WITH days AS (
    SELECT DISTINCT entry_date FROM {table} WHERE user_id = %s
), numbered AS (
    SELECT entry_date, ROW_NUMBER() OVER (ORDER BY entry_date) AS rn FROM days
), islands AS (
    SELECT MAX(entry_date) AS last_date, COUNT(*) AS length FROM numbered GROUP BY {island}
)"""
_STREAK_SQL = _ISLANDS_CTE + """
SELECT last_date, length, (SELECT MAX(length) FROM islands) FROM islands
ORDER BY last_date DESC LIMIT 1
"""  # noqa: S608 (constants only)
_ISLAND_KEY = {
    "postgresql": "entry_date - CAST(rn AS integer)",
    "sqlite": "julianday(entry_date) - rn",
}


def streak_get(*, user, today: date | None = None) -> Streak:
    """Consecutive local days with at least one ritual entry. The current streak counts
    only while it is alive: its last day is today or yesterday (local); otherwise 0."""
    table = _streak_model()._meta.db_table
    sql = _STREAK_SQL.format(table=connection.ops.quote_name(table), island=_ISLAND_KEY[connection.vendor])
    user_param = _streak_model()._meta.get_field("user").get_db_prep_value(user.pk, connection)
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
    table = connection.ops.quote_name(_streak_model()._meta.db_table)
    sql = _STREAK_DISTRIBUTION_SQL.format(
        table=table, island=_ISLAND_KEY[connection.vendor], bucket=f"CASE {cases} END"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [today - timedelta(days=horizon_days), today - timedelta(days=1)])
        rows = dict(cursor.fetchall())
    return {label: int(rows.get(index, 0)) for index, (label, _low, _high) in enumerate(STREAK_BUCKETS)}


# --- Profile ----------------------------------------------------------------------------


# The profile's XP total and streak in one round trip: the streak query above, next to the
# user's xp_totals row (either may be missing).
_PROFILE_SQL = _ISLANDS_CTE + """, streak AS (
    SELECT last_date, length, (SELECT MAX(length) FROM islands) AS best FROM islands
    ORDER BY last_date DESC LIMIT 1
)
SELECT total.xp, total.last_event_at, streak.last_date, streak.length, streak.best
FROM (SELECT 1 AS one) AS base
LEFT JOIN {totals} AS total ON total.user_id = %s
LEFT JOIN streak ON 1 = 1
"""  # noqa: S608 (constants only)


def _profile_row(user) -> tuple[int, datetime | None, Streak]:
    sql = _PROFILE_SQL.format(
        table=connection.ops.quote_name(_streak_model()._meta.db_table),
        totals=connection.ops.quote_name(XPTotal._meta.db_table),
        island=_ISLAND_KEY[connection.vendor],
    )
    user_param = _streak_model()._meta.get_field("user").get_db_prep_value(user.pk, connection)
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


# GET /gamification/profile's answer, cached per user (apps/core/usercache.py) for the local
# date and time zone it was built for; renewed by every XP payment (services), which every
# write to the streak source comes with (above).
PROFILE_CACHE = AnswerCache("gamification:profile")


def profile_body(*, user, found: dict | None = None) -> dict:
    """GET /gamification/profile's body. `found`: the prefetched values of `PROFILE_CACHE.keys`."""
    stamp = (local_date(user=user).isoformat(), str(user.time_zone))
    return PROFILE_CACHE.get_or_build(user.pk, found=found, stamp=stamp, build=lambda: profile_get(user=user))


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


def _achievement_rows(owner_id):
    obtained = UserAchievement.objects.filter(user_id=owner_id, achievement=OuterRef("pk")).values("obtained_at")[:1]
    return (
        Achievement.objects.filter(is_active=True)
        .order_by("order_index", "code")
        .values(*ACHIEVEMENT_PUBLIC_FIELDS, user_obtained_at=Subquery(obtained))
    )


# Compiled once on PostgreSQL (apps/core/sqlread.py).
_ACHIEVEMENTS = CompiledList("gamification.achievements", _achievement_rows, varying=("owner_id",))


def achievement_list(*, user, locale: str | None = None) -> list[dict]:
    """Every active achievement in `order_index` order with the user's `obtained_at`:
    one query (the user's row is a correlated subquery), however many achievements."""
    locale = locale or locale_active()
    rows = _ACHIEVEMENTS.rows(owner_id=user.pk)
    return [achievement_public(row, locale=locale, obtained_at=row["user_obtained_at"]) for row in rows]


# --- Leaderboard ------------------------------------------------------------------------

_EMAIL_LIKE = re.compile(r"[^\s@]+@[^\s@]+")


def _chosen_name(first_name: str, last_name: str) -> str:
    """What a stranger sees of a user: the first name and the last name's initial ("Vera K."),
    or "" when there is no usable first name. Never the email, the full last name or the
    (Telegram) username, which names the account elsewhere; a name that looks like an email
    address is treated as absent."""
    first, last = first_name.strip(), last_name.strip()
    if not first or _EMAIL_LIKE.search(first):
        return ""
    return f"{first} {last[0].upper()}." if last and not _EMAIL_LIKE.search(last) else first


def _name_tag(user_id) -> str:
    return salted_hmac("gamification.public_name", str(user_id)).hexdigest()[:6]


def _placeholder(tag: str) -> str:
    return _("Dreamer #%(tag)s") % {"tag": tag}


def public_name(*, user_id, first_name: str, last_name: str, username: str = "") -> str:
    """The leaderboard name: "Vera K.", else "Dreamer #1a2b3c" with a keyed hash of the id
    (not reversible, not the id itself). `username` is accepted and never shown."""
    return _chosen_name(first_name, last_name) or _placeholder(_name_tag(user_id))


# The top of the board is the same for everyone: cached for a few seconds as language-neutral
# rows (the placeholder name is translated per request), renewed whenever XP is paid
# (services) and whenever a user's name, activity or leaderboard choice changes
# (apps/gamification/signals.py: accounts writes those rows).
LEADERBOARD_CACHE = AnswerCache("gamification:leaderboard", 15)
LEADERBOARD_MAX = 100


def leaderboard_rows(*, found: dict | None = None, limit: int = LEADERBOARD_MAX) -> list[tuple]:
    """The top LEADERBOARD_MAX as (user_id, xp, name or "", tag): only users who earned XP
    (xp > 0), are active and did not leave the leaderboard (`leaderboard_visible`). Ties go to
    who reached that total first, then the user id, so the order is total and stable. One
    query on a cache miss, however many users. `found`: the prefetched values of
    `LEADERBOARD_CACHE.keys()`."""
    if not LEADERBOARD_CACHE.on():  # without the cache, read only `limit` rows
        return _leaderboard_read(min(limit, LEADERBOARD_MAX))
    # The cache holds the whole top for every `limit`.
    return LEADERBOARD_CACHE.get_or_build(found=found, build=lambda: _leaderboard_read(LEADERBOARD_MAX))


def _leaderboard_top(count: int):
    return (
        XPTotal.objects.filter(xp__gt=0, user__is_active=True, user__leaderboard_visible=True)
        .order_by("-xp", "xp_reached_at", "user_id")
        .values("xp", owner=UUIDText("user_id"), first=F("user__first_name"), last=F("user__last_name"))[:count]
    )


# Index xp_total_leaderboard_order; compiled once per `count` on PostgreSQL (apps/core/sqlread.py).
_LEADERBOARD_TOP = CompiledList("gamification.leaderboard", _leaderboard_top, varying=())


def _leaderboard_read(count: int) -> list[tuple]:
    rows = []
    for row in _LEADERBOARD_TOP.rows(count=count):
        user_id = row["owner"]
        name = _chosen_name(row["first"], row["last"])
        rows.append((user_id, row["xp"], name, "" if name else _name_tag(user_id)))
    return rows


def leaderboard(*, user, limit: int, found: dict | None = None) -> list[dict]:
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
        for rank, (user_id, xp, name, tag) in enumerate(leaderboard_rows(found=found, limit=limit)[:limit], start=1)
    ]


def xp_paid(*, user, reasons: tuple[str, ...] | list[str], object_id) -> bool:
    """Whether the ledger already paid `object_id` under any of `reasons` (e.g. a goal done
    as small or as big: paid once per goal, whatever its size is now)."""
    from .models import XPEvent

    return XPEvent.objects.filter(user=user, reason__in=list(reasons), object_id=str(object_id)).exists()
