"""Writes and rules of reminders: settings, the schedule (next fire per user and kind), the
minute dispatcher and the sender.

The flow: `reminders_dispatch_due` (Celery beat, every minute) claims due schedule rows
through the `next_fire_at` index, writes one `pending` delivery per (user, kind, local date)
— a unique constraint, so a second beat or worker inserts nothing — moves each row's
`next_fire_at` to its next fire, commits, and queues the new deliveries in chunks.
`reminder_deliver` claims one delivery (`pending` → `sending`, a conditional UPDATE), checks
the skip rules, sends once through one channel and records the outcome."""

import logging
import time as clock
import uuid
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.conf import settings as conf
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from apps.core.exceptions import ValidationFailed
from apps.core.timezones import iso_week_start, user_zone
from apps.rituals.models import JournalEntry, WeeklyReview, WeeklyReviewStatus

from . import mail, telegram
from .messages import message_build
from .models import (
    DeliveryStatus,
    ReminderChannel,
    ReminderDelivery,
    ReminderKind,
    ReminderSchedule,
    ReminderSettings,
)
from .schedule import in_quiet_hours, next_fire
from .selectors import settings_of

logger = logging.getLogger("apps.reminders")

KINDS = list(ReminderKind.values)


# --- Settings ---------------------------------------------------------------------------------


def telegram_usable(user, settings: ReminderSettings) -> bool:
    return bool(settings.telegram_enabled and user.telegram_id)


def email_usable(user, settings: ReminderSettings) -> bool:
    return bool(settings.email_enabled and user.email and user.is_email_verified)


def reminders_update(*, user, data: dict) -> ReminderSettings:
    """Partial update (PUT /me/reminders, already validated). Turning on a channel the user
    cannot receive is 422: email needs a verified email, Telegram a linked Telegram account."""
    settings = settings_of(user)
    channels = data.get("channels") or {}
    fields = {}
    if channels.get("email") and not (user.email and user.is_email_verified):
        raise ValidationFailed(fields={"channels.email": ["Verify your email address first."]})
    if channels.get("telegram") and not user.telegram_id:
        raise ValidationFailed(fields={"channels.telegram": ["Link your Telegram account first."]})
    for kind in ("morning", "evening", "weekly_review"):
        for key, value in (data.get(kind) or {}).items():
            fields[f"{kind}_{key}"] = value
    for key in ("telegram", "email"):
        if key in channels:
            fields[f"{key}_enabled"] = channels[key]
    if "quiet_hours" in data:
        quiet = data["quiet_hours"]
        fields["quiet_start"] = quiet["start"] if quiet else None
        fields["quiet_end"] = quiet["end"] if quiet else None
    for name, value in fields.items():
        setattr(settings, name, value)
    with transaction.atomic():
        settings.save()
        schedule_recompute(user=user, settings=settings)
    return settings


def email_unsubscribe(*, user_id) -> bool:
    """One-click unsubscribe: email reminders off. False for an unknown user."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    settings = settings_of(user)
    settings.email_enabled = False
    with transaction.atomic():
        settings.save()
        schedule_recompute(user=user, settings=settings)
    return True


# --- Schedule ---------------------------------------------------------------------------------


def kind_time(settings: ReminderSettings, kind: str):
    """(enabled, local time, ISO weekday or None) of one kind."""
    if kind == ReminderKind.WEEKLY_REVIEW:
        return settings.weekly_review_enabled, settings.weekly_review_time, settings.weekly_review_weekday
    return getattr(settings, f"{kind}_enabled"), getattr(settings, f"{kind}_time"), None


def fire_after(*, user, settings: ReminderSettings, kind: str, paused: bool, after: datetime) -> datetime | None:
    """The kind's next fire strictly after `after`, or None while it is off, paused or no
    channel can reach the user."""
    enabled, at, weekday = kind_time(settings, kind)
    if not enabled or paused or not (telegram_usable(user, settings) or email_usable(user, settings)):
        return None
    return next_fire(after=after, at=at, zone=user_zone(user), weekday=weekday)[0]


def schedule_recompute(*, user, settings: ReminderSettings | None = None, now: datetime | None = None) -> None:
    """Create the user's schedule rows if missing and set each kind's next fire from now.
    Called on every settings change, time-zone or Telegram link change, journal entry and send."""
    settings = settings or settings_of(user)
    now = now or timezone.now()
    ReminderSchedule.objects.bulk_create(
        [ReminderSchedule(user=user, kind=kind) for kind in KINDS], ignore_conflicts=True
    )
    rows = list(ReminderSchedule.objects.filter(user=user))
    for row in rows:
        row.next_fire_at = fire_after(user=user, settings=settings, kind=row.kind, paused=row.paused, after=now)
    ReminderSchedule.objects.bulk_update(rows, ["next_fire_at"])


def ritual_written(*, user, kind: str) -> None:
    """The user wrote a `kind` entry (or completed the week's review): the kind is no longer
    ignored, a pause ends, and its next fire is recomputed. Two queries, run after the entry's
    commit (apps.reminders.apps)."""
    settings = settings_of(user)
    fire = fire_after(user=user, settings=settings, kind=kind, paused=False, after=timezone.now())
    ReminderSchedule.objects.filter(user=user, kind=kind).update(ignored_in_a_row=0, paused=False, next_fire_at=fire)


# --- Dispatch (the minute task) ---------------------------------------------------------------


SETTINGS_FIELDS = [
    "morning_enabled", "morning_time", "evening_enabled", "evening_time", "weekly_review_enabled",
    "weekly_review_weekday", "weekly_review_time", "telegram_enabled", "email_enabled",
]
DUE_COLUMNS = [
    "id", "kind", "paused", "next_fire_at", "user_id", "user__time_zone", "user__telegram_id", "user__email",
    "user__is_email_verified", *[f"user__reminder_settings__{name}" for name in SETTINGS_FIELDS],
]


SQL_CHUNK = 1000  # rows per INSERT / UPDATE statement: 10,000 parameters at most


def _due_rows(*, now: datetime, batch_size: int) -> list[tuple]:
    """Up to `batch_size` due rows, locked (SKIP LOCKED: parallel dispatchers share the work),
    read as plain tuples with what scheduling needs: 1,000 rows cost milliseconds, not models."""
    return list(
        ReminderSchedule.objects.filter(next_fire_at__lte=now)
        .order_by("next_fire_at")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list(*DUE_COLUMNS)[:batch_size]
    )


def _row_user_settings(row: tuple, defaults: ReminderSettings):
    user = SimpleNamespace(pk=row[4], time_zone=row[5], telegram_id=row[6], email=row[7], is_email_verified=row[8])
    values = row[9:]
    if values[0] is None:  # never changed their settings: the defaults
        return user, defaults
    return user, SimpleNamespace(**dict(zip(SETTINGS_FIELDS, values, strict=True)))


def _insert_new(deliveries: list[tuple]) -> set[str]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the deliveries actually written; a
    (user, kind, local date) that already has one is left alone (the constraint decides)."""
    if len(deliveries) > SQL_CHUNK:  # keep each statement under the drivers' parameter limits
        return set().union(*(_insert_new(deliveries[i : i + SQL_CHUNK]) for i in range(0, len(deliveries), SQL_CHUNK)))
    if not deliveries:
        return set()
    table = ReminderDelivery._meta.db_table
    columns = "id, user_id, kind, local_date, fire_at, status, channel, reason, attempts, created_at"
    now = timezone.now()
    params = []
    for delivery_id, user_id, kind, day, fire, status, reason in deliveries:
        params += [_db(ReminderDelivery, "id", delivery_id), _db(ReminderDelivery, "user", user_id), kind, day, fire,
                   status, "", reason, 0, now]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(deliveries))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT DO NOTHING RETURNING id",  # noqa: S608
            params,
        )
        return {str(uuid.UUID(str(row[0]))) for row in cursor.fetchall()}


def _db(model, field: str, value):
    return model._meta.get_field(field).get_db_prep_value(value, connection)


def _set_next_fires(pairs: list[tuple[int, datetime | None]]) -> None:
    """Every claimed row's new next fire in ONE statement (UPDATE … FROM VALUES)."""
    if len(pairs) > SQL_CHUNK:
        for i in range(0, len(pairs), SQL_CHUNK):
            _set_next_fires(pairs[i : i + SQL_CHUNK])
        return
    if not pairs:
        return
    table = ReminderSchedule._meta.db_table
    if connection.vendor == "postgresql":
        values = ", ".join(["(%s, %s::timestamptz)"] * len(pairs))
        sql = f"UPDATE {table} AS s SET next_fire_at = v.fire FROM (VALUES {values}) AS v(id, fire) WHERE s.id = v.id"  # noqa: S608
    else:
        values = ", ".join(["(%s, %s)"] * len(pairs))
        sql = f"UPDATE {table} SET next_fire_at = v.column2 FROM (VALUES {values}) AS v WHERE {table}.id = v.column1"  # noqa: S608
    params = [value for row_id, fire in pairs for value in (row_id, _db(ReminderSchedule, "next_fire_at", fire))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def dispatch_batch(*, now: datetime, batch_size: int) -> tuple[int, list[str]]:
    """One transaction: claim up to `batch_size` due rows, write their deliveries (`pending`,
    or `skipped` when found too late), move their next fire. Returns the number of rows
    claimed and the ids of the new `pending` deliveries to send."""
    late = timedelta(minutes=conf.REMINDERS_LATE_AFTER_MINUTES)
    defaults = ReminderSettings()
    with transaction.atomic():
        rows = _due_rows(now=now, batch_size=batch_size)
        deliveries, pending, pairs = [], set(), []
        for row in rows:
            row_id, kind, paused, fire = row[:4]
            user, settings = _row_user_settings(row, defaults)
            delivery_id = str(uuid.uuid4())
            too_late = now - fire > late  # beat was down: not hours late
            deliveries.append(
                (delivery_id, user.pk, kind, fire.astimezone(user_zone(user)).date(), fire,
                 DeliveryStatus.SKIPPED if too_late else DeliveryStatus.PENDING, "late" if too_late else "")
            )
            if not too_late:
                pending.add(delivery_id)
            pairs.append((row_id, fire_after(user=user, settings=settings, kind=kind, paused=paused, after=max(now, fire))))
        inserted = _insert_new(deliveries)
        _set_next_fires(pairs)
    return len(rows), [d[0] for d in deliveries if d[0] in inserted and d[0] in pending]


def reminders_dispatch_due(*, now: datetime | None = None, enqueue=None, again=None) -> int:
    """Dispatch every due reminder, batch by batch, for at most REMINDERS_DISPATCH_MAX_SECONDS;
    rows still due then are handed to `again()` (the task queues itself once more) so a large
    minute keeps going without one endless task. `enqueue(ids)` queues one chunk of deliveries."""
    batch_size = conf.REMINDERS_DISPATCH_BATCH
    chunk = conf.REMINDERS_SEND_CHUNK
    deadline = clock.monotonic() + conf.REMINDERS_DISPATCH_MAX_SECONDS
    total = 0
    while True:
        claimed, ids = dispatch_batch(now=now or timezone.now(), batch_size=batch_size)
        total += len(ids)
        for start in range(0, len(ids), chunk):
            enqueue(ids[start : start + chunk])
        if claimed < batch_size:
            return total
        if clock.monotonic() >= deadline:
            if again is not None:
                again()
            return total


# --- Sending ----------------------------------------------------------------------------------


def _skip_reason(delivery: ReminderDelivery, user, settings: ReminderSettings, schedule: ReminderSchedule) -> str:
    if schedule.paused:
        return "paused"
    local_fire = delivery.fire_at.astimezone(user_zone(user)).time()
    if in_quiet_hours(local_fire, settings.quiet_start, settings.quiet_end):
        return "quiet_hours"
    if delivery.kind == ReminderKind.WEEKLY_REVIEW:
        week = iso_week_start(delivery.local_date)
        if WeeklyReview.objects.filter(user=user, week_start=week, status=WeeklyReviewStatus.COMPLETED).exists():
            return "week_reviewed"
    elif JournalEntry.objects.filter(user=user, type=delivery.kind, entry_date=delivery.local_date).exists():
        return "entry_exists"
    return ""


def _finish(delivery_id, status: str, *, channel: str = "", reason: str = "") -> None:
    ReminderDelivery.objects.filter(pk=delivery_id).update(
        status=status, channel=channel, reason=reason, sent_at=timezone.now() if status == DeliveryStatus.SENT else None
    )


def reminder_deliver(delivery_id, *, retry) -> str:
    """Send one delivery at most once. `retry(ids, countdown)` queues it again later (a 429's
    `retry_after`, or backoff after a 5xx / network / SMTP failure). Returns the final or
    interim status (for logs and tests)."""
    claimed = ReminderDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not_pending"  # another sender has it, or it is finished
    delivery = ReminderDelivery.objects.select_related("user").get(pk=delivery_id)
    user = delivery.user
    settings = settings_of(user)
    schedule, _created = ReminderSchedule.objects.get_or_create(user=user, kind=delivery.kind)
    reason = _skip_reason(delivery, user, settings, schedule)
    if reason:
        _finish(delivery_id, DeliveryStatus.SKIPPED, reason=reason)
        return DeliveryStatus.SKIPPED
    if telegram_usable(user, settings):
        channel = ReminderChannel.TELEGRAM
    elif email_usable(user, settings):
        channel = ReminderChannel.EMAIL
    else:
        _finish(delivery_id, DeliveryStatus.SKIPPED, reason="no_channel")
        return DeliveryStatus.SKIPPED
    last = schedule.ignored_in_a_row + 1 >= conf.REMINDERS_PAUSE_AFTER
    message = message_build(user=user, kind=delivery.kind, local_date=delivery.local_date, last_before_pause=last)
    try:
        if channel == ReminderChannel.TELEGRAM:
            telegram.send_message(chat_id=user.telegram_id, text=message.text)
        else:
            mail.send_email(user=user, message=message)
    except telegram.SendError as exc:
        return _send_failed(delivery, user, settings, channel, exc, retry)
    _finish(delivery_id, DeliveryStatus.SENT, channel=channel)
    _count_ignored(user=user, kind=delivery.kind, pause=last)
    return DeliveryStatus.SENT


def _send_failed(delivery, user, settings, channel: str, exc, retry) -> str:
    if exc.blocked:  # the user blocked the bot: stop trying them
        settings.telegram_enabled = False
        settings.save()
        schedule_recompute(user=user, settings=settings)
        _finish(delivery.pk, DeliveryStatus.FAILED, channel=channel, reason=exc.reason)
        logger.info("reminder %s: user %s blocked the bot; telegram channel off", delivery.pk, user.pk)
        return DeliveryStatus.FAILED
    if exc.retry_after is not None and delivery.attempts < conf.REMINDERS_MAX_ATTEMPTS:
        countdown = exc.retry_after or conf.REMINDERS_RETRY_BACKOFF_SECONDS * 2 ** (delivery.attempts - 1)
        ReminderDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, channel=channel, reason=exc.reason)
        logger.info("reminder %s: %s, retrying in %.1f s", delivery.pk, exc.reason, countdown)
        retry([str(delivery.pk)], countdown)
        return DeliveryStatus.PENDING
    _finish(delivery.pk, DeliveryStatus.FAILED, channel=channel, reason=exc.reason)
    logger.warning("reminder %s failed: %s", delivery.pk, exc.reason)
    return DeliveryStatus.FAILED


def _count_ignored(*, user, kind: str, pause: bool) -> None:
    """A sent reminder counts as ignored until the user writes such an entry (which resets the
    count); the REMINDERS_PAUSE_AFTER-th in a row pauses the kind (its message said so)."""
    updates = {"ignored_in_a_row": F("ignored_in_a_row") + 1}
    if pause:
        updates.update(paused=True, next_fire_at=None)
    ReminderSchedule.objects.filter(user=user, kind=kind).update(**updates)
