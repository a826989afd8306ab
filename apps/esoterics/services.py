"""GET /esoterics/today: the moon, the user's numerology and the daily tip for one local day.

Daily tip rules
- Without a date of birth, or for any day other than the user's local today, the tip is a
  static text rotated by date (`source: "static"`): asking for other dates must not be a way
  to make unlimited AI calls.
- Otherwise one AI tip per user per local day (`source: "ai"`), whatever the locale: a tip
  is kept in the language it was written in for the rest of that day (switching `locale` back
  and forth must not buy new AI calls). Read order: the Django cache
  (`esoterics:tip:{user_id}:{date}`, 36 h) → `users.daily_tip_cache` when its date matches →
  generate. A generated tip is written to both; the DB copy is what survives a Redis
  outage (django-redis answers None on errors because of IGNORE_EXCEPTIONS). The DB read costs
  nothing extra: the user row comes with the authenticated session.
- Tips are a daily freebie: they are not checked against or charged to the text quota. What
  caps them instead is AI_UNMETERED_DAILY_LIMIT: at most that many tip generations (failed
  ones included) per user in any 24 hours; past it the static tip is answered.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from rest_framework import serializers

from apps.accounts.models import User
from apps.ai import client as ai_client
from apps.ai.errors import AIBadResponse, AIError, AITimeout, AIUnavailable
from apps.core import ratelimit
from apps.core.exceptions import RateLimited
from apps.core.locale import locale_of_user

from . import content
from .errors import EsotericsAIFailed, EsotericsAIProxyError
from .selectors import daily_tip_cache_key, local_today, moon_describe, numerology_describe, user_time_zone_name

logger = logging.getLogger(__name__)

TIP_TASK = "esoterics.daily_tip"
TIP_CACHE_SECONDS = 36 * 60 * 60
TIP_MAX_LENGTH = 600
SOURCE_STATIC = "static"
SOURCE_AI = "ai"


class TipOutput(serializers.Serializer):
    """What the model must answer for `esoterics.daily_tip`."""

    text = serializers.CharField(max_length=TIP_MAX_LENGTH, allow_blank=False, trim_whitespace=True)


def _stored_tip_fits(stored, *, day: date, locale: str) -> bool:
    """The stored tip is the day's tip, in whatever language it was written (`locale` is not
    compared: one AI tip per user per day)."""
    return (
        isinstance(stored, dict)
        and stored.get("date") == day.isoformat()
        and isinstance(stored.get("text"), str)
        and bool(stored["text"])
    )


def daily_tip_generate(*, user: User, day: date, locale: str, moon: dict, numerology: dict | None) -> str:
    """One AI completion, mapped to the endpoint's errors: timeouts and connection failures
    → ESOTERICS_AI_PROXY_ERROR, anything else → ESOTERICS_AI_FAILED."""
    context = {"date": day.isoformat(), "moon": moon, "numerology": numerology, "first_name": user.first_name}
    try:
        result = ai_client.complete_json(task=TIP_TASK, locale=locale, context=context, output=TipOutput)
    except (AITimeout, AIUnavailable) as exc:
        logger.warning("Daily tip for user %s: AI service unreachable or slow: %s", user.pk, exc)
        raise EsotericsAIProxyError() from exc
    except AIBadResponse as exc:
        logger.warning("Daily tip for user %s: unusable AI answer: %s", user.pk, exc)
        raise EsotericsAIFailed() from exc
    except AIError as exc:
        logger.warning("Daily tip for user %s failed: %s", user.pk, exc)
        raise EsotericsAIFailed() from exc
    return result.data["text"].strip()


def daily_tip_get(*, user: User, day: date, today: date, locale: str, moon: dict, numerology: dict | None) -> dict:
    """The tip for `day` (see the module docstring for the rules and the read order)."""
    if user.date_of_birth is None or day != today:
        return {"text": content.static_tip(day, locale), "source": SOURCE_STATIC, "date": day}
    key = daily_tip_cache_key(user.pk, day)
    stored = cache.get(key)
    if not _stored_tip_fits(stored, day=day, locale=locale):
        stored = user.daily_tip_cache
        if _stored_tip_fits(stored, day=day, locale=locale):  # the cache lost it: put it back
            cache.set(key, stored, TIP_CACHE_SECONDS)
    if not _stored_tip_fits(stored, day=day, locale=locale):
        try:
            unmetered_ai_call_hit(user=user)
        except RateLimited:
            logger.warning("Daily tip for user %s: unmetered AI cap reached; static tip", user.pk)
            return {"text": content.static_tip(day, locale), "source": SOURCE_STATIC, "date": day}
        text = daily_tip_generate(user=user, day=day, locale=locale, moon=moon, numerology=numerology)
        stored = _daily_tip_store(
            user=user, day=day, locale=locale, tip={"date": day.isoformat(), "text": text, "locale": locale}
        )
        cache.set(key, stored, TIP_CACHE_SECONDS)
        user.daily_tip_cache = stored
    return {"text": stored["text"], "source": SOURCE_AI, "date": day}


def unmetered_ai_call_hit(*, user: User) -> None:
    """Count one AI call that no quota covers; RateLimited past AI_UNMETERED_DAILY_LIMIT in
    the last 24 hours (kept in the database while the cache is down)."""
    ratelimit.limit_hit(
        scope="ai-unmetered", ident=str(user.pk), limit=settings.AI_UNMETERED_DAILY_LIMIT, window=24 * 3600
    )


def _daily_tip_store(*, user: User, day: date, locale: str, tip: dict) -> dict:
    """Save `tip` in the user row unless a concurrent request stored one for this day first;
    return the tip that is kept. Two first requests of the day may both ask the AI, but they
    answer with the same tip, and so does every later request. The user row is locked only
    for this read and one-column UPDATE (no save() rewriting the whole row)."""
    with transaction.atomic():
        current = User.objects.select_for_update().values_list("daily_tip_cache", flat=True).get(pk=user.pk)
        if _stored_tip_fits(current, day=day, locale=locale):
            return current
        User.objects.filter(pk=user.pk).update(daily_tip_cache=tip)
    return tip


def esoterics_today(*, user: User, day: date | None = None) -> dict:
    """`{date, moon, numerology, daily_ai_tip}` for local calendar `day` (default: the
    user's today in their time zone)."""
    tz_name = user_time_zone_name(user)
    locale = locale_of_user(user)
    today = local_today(tz_name)
    day = day or today
    moon = moon_describe(day=day, tz_name=tz_name, locale=locale)
    numerology = numerology_describe(birth_date=user.date_of_birth, day=day, locale=locale)
    tip = daily_tip_get(user=user, day=day, today=today, locale=locale, moon=moon, numerology=numerology)
    return {"date": day, "moon": moon, "numerology": numerology, "daily_ai_tip": tip}
