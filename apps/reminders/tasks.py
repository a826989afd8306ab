"""Celery tasks: `reminders.dispatch_due` (beat, every minute) and `reminders.send`."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from . import services

logger = logging.getLogger("apps.reminders")

BEAT_HEARTBEAT_KEY = "reminders:beat:last"
BEAT_HEARTBEAT_SECONDS = 24 * 3600


@shared_task(name="reminders.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    """Queue every due reminder and return (the sends run in `reminders.send`). Leaves the
    beat heartbeat that the status page reads."""
    now = timezone.now()
    cache.set(BEAT_HEARTBEAT_KEY, now.timestamp(), BEAT_HEARTBEAT_SECONDS)
    queued = services.reminders_dispatch_due(
        now=now, enqueue=lambda ids: send.delay(ids), again=lambda: dispatch_due.apply_async(expires=55)
    )
    if queued:
        logger.info("reminders: %d queued", queued)
    return queued


def _retry(ids: list[str], countdown: float) -> None:
    send.apply_async(args=[ids], countdown=countdown)


@shared_task(name="reminders.send", ignore_result=True)
def send(delivery_ids: list[str]) -> dict:
    outcomes: dict[str, int] = {}
    for delivery_id in delivery_ids:
        try:
            status = services.reminder_deliver(delivery_id, retry=_retry)
        except Exception:  # one bad delivery must not lose the rest of the chunk
            logger.exception("reminder %s: unexpected error", delivery_id)
            status = "error"
        outcomes[status] = outcomes.get(status, 0) + 1
    return outcomes
