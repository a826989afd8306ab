"""GET /esoterics/today: the moon, the user's numerology and the daily tip for one local day.

Daily tip rules
- Without a date of birth, or for any day other than the user's local today, the tip is a
  static text rotated by date (`source: "static"`): asking for other dates must not be a way
  to make unlimited AI calls.
- Otherwise one AI tip per user per local day (`source: "ai"`), whatever the locale: a tip
  is kept in the language it was written in for the rest of that day (switching `locale` back
  and forth must not buy new AI calls).
- No request ever calls the AI. The day's AI tip is PREPARED by the Celery beat task
  `esoterics.tips_schedule` (every 15 minutes): for users with a date of birth who were active
  recently (a session used within ESOTERICS_TIP_ACTIVE_DAYS) and whose local time has reached
  ESOTERICS_TIP_PREPARE_HOUR, it enqueues `esoterics.tips_prepare` in batches of ids; that task
  makes the AI call and stores the tip. Until the tip exists the endpoint answers the static
  tip at once. AI failures in the task are logged and the static tip stays.
- Read order: the Django cache (`esoterics:tip:{user_id}:{date}`, 36 h) → `users.daily_tip_cache`
  when its date matches. A prepared tip is written to both; the DB copy is what survives a
  Redis outage (django-redis answers None on errors because of IGNORE_EXCEPTIONS).
- One AI call per user-day, however many beats, re-runs or redelivered tasks: before calling
  the AI a task CLAIMS the user-day in `users.daily_tip_cache` (`{"date", "claimed_at",
  "attempts"}`, under the row lock). A claim is held for TIP_CLAIM_SECONDS (longer than a
  call with its retries can take); a failed attempt may be retried by a later beat after
  that, at most TIP_MAX_ATTEMPTS times a day.
- Tips are a daily freebie: they are not checked against or charged to the text quota. What
  caps them instead is AI_UNMETERED_DAILY_LIMIT: at most that many tip generations (failed
  ones included) per user in any 24 hours.
"""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from rest_framework import serializers

from apps.accounts.models import User
from apps.ai import client as ai_client
from apps.ai.errors import AIError
from apps.core import ratelimit
from apps.core.exceptions import RateLimited
from apps.core.locale import locale_of_user
from apps.core.timezones import local_date

from . import content, selectors
from .selectors import daily_tip_cache_key, local_today, moon_describe, numerology_describe, user_time_zone_name

logger = logging.getLogger(__name__)

TIP_TASK = "esoterics.daily_tip"
TIP_CACHE_SECONDS = 36 * 60 * 60
# A user-day known to have no tip yet is remembered this long, so the static answer costs no
# DB read; the task's cache.set replaces the marker as soon as the tip exists.
TIP_MISSING_CACHE_SECONDS = 60
TIP_MAX_LENGTH = 600
TIP_MAX_ATTEMPTS = 3
# Ids per `esoterics.tips_prepare` task (each is one AI call in a row) and per scan query.
TIP_TASK_USERS = 10
TIP_SCAN_BATCH = 500
SOURCE_STATIC = "static"
SOURCE_AI = "ai"


class TipOutput(serializers.Serializer):
    """What the model must answer for `esoterics.daily_tip`."""

    text = serializers.CharField(max_length=TIP_MAX_LENGTH, allow_blank=False, trim_whitespace=True)


def _stored_tip_fits(stored, *, day: date) -> bool:
    """The stored tip is the day's tip, in whatever language it was written (the locale is not
    compared: one AI tip per user per day). A claim (no text yet) does not fit."""
    return (
        isinstance(stored, dict)
        and stored.get("date") == day.isoformat()
        and isinstance(stored.get("text"), str)
        and bool(stored["text"])
    )


def _static_tip(day: date, locale: str) -> dict:
    return {"text": content.static_tip(day, locale), "source": SOURCE_STATIC, "date": day}


def daily_tip_get(*, user: User, day: date, today: date, locale: str) -> dict:
    """The tip for `day`: the prepared AI tip when there is one, else the static tip. Never
    calls the AI (see the module docstring for the rules and the read order)."""
    if user.date_of_birth is None or day != today:
        return _static_tip(day, locale)
    key = daily_tip_cache_key(user.pk, day)
    stored = cache.get(key)
    if isinstance(stored, dict) and stored.get("date") == day.isoformat() and stored.get("missing"):
        return _static_tip(day, locale)
    if not _stored_tip_fits(stored, day=day):
        stored = user.daily_tip_cache
        if not _stored_tip_fits(stored, day=day):
            cache.add(key, {"date": day.isoformat(), "missing": True}, TIP_MISSING_CACHE_SECONDS)
            return _static_tip(day, locale)
        cache.set(key, stored, TIP_CACHE_SECONDS)  # the cache lost it: put it back
    return {"text": stored["text"], "source": SOURCE_AI, "date": day}


def unmetered_ai_call_hit(*, user: User) -> None:
    """Count one AI call that no quota covers; RateLimited past AI_UNMETERED_DAILY_LIMIT in
    the last 24 hours (kept in the database while the cache is down)."""
    ratelimit.limit_hit(
        scope="ai-unmetered", ident=str(user.pk), limit=settings.AI_UNMETERED_DAILY_LIMIT, window=24 * 3600
    )


def esoterics_today(*, user: User, day: date | None = None) -> dict:
    """`{date, moon, numerology, daily_ai_tip}` for local calendar `day` (default: the
    user's today in their time zone)."""
    tz_name = user_time_zone_name(user)
    locale = locale_of_user(user)
    today = local_today(tz_name)
    day = day or today
    moon = moon_describe(day=day, tz_name=tz_name, locale=locale)
    numerology = numerology_describe(birth_date=user.date_of_birth, day=day, locale=locale)
    tip = daily_tip_get(user=user, day=day, today=today, locale=locale)
    return {"date": day, "moon": moon, "numerology": numerology, "daily_ai_tip": tip}


# --- preparing the day's tip (Celery: esoterics.tips_schedule -> esoterics.tips_prepare) -----


def tip_claim_seconds() -> float:
    """How long a claim is held: longer than one AI call with all its retries can take, so a
    second run never calls while the first still may; a crashed run's claim lapses after it."""
    attempts = settings.AI_PROXY_MAX_RETRIES + 1
    return attempts * settings.AI_PROXY_TIMEOUT_SECONDS + attempts * 5 + 60


def _tip_claim(*, user_id, now: datetime) -> tuple[User, date] | None:
    """Claim the user's local today for one AI call; None when there is nothing to do (a tip
    is stored, another run holds the claim, the day's attempts are spent, the user no longer
    qualifies). The row lock makes two runs for one user-day take turns."""
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .only("id", "first_name", "time_zone", "locale", "date_of_birth", "daily_tip_cache")
            .filter(pk=user_id, is_active=True, date_of_birth__isnull=False)
            .first()
        )
        if user is None:
            return None
        day = local_date(user=user, at=now)
        stored = user.daily_tip_cache if isinstance(user.daily_tip_cache, dict) else {}
        attempts = 0
        if stored.get("date") == day.isoformat():
            if _stored_tip_fits(stored, day=day):
                return None
            attempts = int(stored.get("attempts") or 0)
            held_until = float(stored.get("claimed_at") or 0) + tip_claim_seconds()
            if attempts >= TIP_MAX_ATTEMPTS or held_until > now.timestamp():
                return None
        claim = {"date": day.isoformat(), "claimed_at": now.timestamp(), "attempts": attempts + 1}
        User.objects.filter(pk=user.pk).update(daily_tip_cache=claim)
        user.daily_tip_cache = claim
    return user, day


def _tip_generate(*, user: User, day: date) -> str:
    """One AI completion for the user's day, in the user's language."""
    tz_name = user_time_zone_name(user)
    locale = locale_of_user(user)
    context = {
        "date": day.isoformat(),
        "moon": moon_describe(day=day, tz_name=tz_name, locale=locale),
        "numerology": numerology_describe(birth_date=user.date_of_birth, day=day, locale=locale),
        "first_name": user.first_name,
    }
    result = ai_client.complete_json(task=TIP_TASK, locale=locale, context=context, output=TipOutput)
    return result.data["text"].strip()


def _tip_store(*, user: User, day: date, text: str) -> dict:
    """Save the tip in the user row unless a tip for this day is there already (then keep that
    one); return the tip that is kept, and put it in the cache."""
    tip = {"date": day.isoformat(), "text": text, "locale": locale_of_user(user)}
    with transaction.atomic():
        current = User.objects.select_for_update().values_list("daily_tip_cache", flat=True).get(pk=user.pk)
        if _stored_tip_fits(current, day=day):
            tip = current
        else:
            User.objects.filter(pk=user.pk).update(daily_tip_cache=tip)
    cache.set(daily_tip_cache_key(user.pk, day), tip, TIP_CACHE_SECONDS)
    return tip


def daily_tip_prepare(*, user_id, now: datetime | None = None) -> str:
    """Prepare one user's AI tip for their local today: claim, call the AI, store. Never
    raises for an AI failure (logged; the static tip stays and a later beat may retry).
    Returns what happened: "prepared", "skipped", "capped" or "failed"."""
    now = now or timezone.now()
    claimed = _tip_claim(user_id=user_id, now=now)
    if claimed is None:
        return "skipped"
    user, day = claimed
    try:
        unmetered_ai_call_hit(user=user)
    except RateLimited:
        logger.warning("Daily tip for user %s: unmetered AI cap reached; static tip stays", user.pk)
        return "capped"
    try:
        text = _tip_generate(user=user, day=day)
    except AIError as exc:
        logger.warning("Daily tip for user %s (%s) failed: %s: %s", user.pk, day, type(exc).__name__, exc)
        return "failed"
    _tip_store(user=user, day=day, text=text)
    return "prepared"


def daily_tips_prepare(*, user_ids: list, now: datetime | None = None) -> dict:
    """`daily_tip_prepare` for each id (one Celery task's share); counts per outcome."""
    outcomes: dict[str, int] = {}
    for user_id in user_ids:
        outcome = daily_tip_prepare(user_id=user_id, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def daily_tips_schedule(*, now: datetime | None = None) -> int:
    """Enqueue tip preparation for every user who is due now (see the module docstring):
    a bounded scan in batches of TIP_SCAN_BATCH ids (keyset by id), TIP_TASK_USERS ids per
    task. Users who already have today's tip are left out by the query itself; anything else
    a second beat enqueues again is skipped by the claim. Returns how many ids were enqueued."""
    from .tasks import tips_prepare

    now = now or timezone.now()
    due = selectors.tip_due_zones(now=now, active_days=settings.ESOTERICS_TIP_ACTIVE_DAYS,
                                  prepare_hour=settings.ESOTERICS_TIP_PREPARE_HOUR)
    if not due:
        return 0
    enqueued = 0
    after = None
    expires = now + timedelta(hours=1)  # a backlog older than that is enqueued again by a later beat
    while True:
        batch = selectors.tip_due_user_ids(
            now=now, active_days=settings.ESOTERICS_TIP_ACTIVE_DAYS, due_zones=due,
            max_attempts=TIP_MAX_ATTEMPTS, after=after, limit=TIP_SCAN_BATCH,
        )
        if not batch:
            return enqueued
        for start in range(0, len(batch), TIP_TASK_USERS):
            ids = [str(user_id) for user_id in batch[start : start + TIP_TASK_USERS]]
            tips_prepare.apply_async(args=[ids], expires=expires)
        enqueued += len(batch)
        after = batch[-1]
        if len(batch) < TIP_SCAN_BATCH:
            return enqueued
