from celery import shared_task


@shared_task(name="core.rate_limit_slots_purge", ignore_result=True)
def rate_limit_slots_purge() -> int:
    """Celery beat (CELERY_BEAT_SCHEDULE): delete the database rate-limit slots (written only
    during a cache outage) that no window can still need."""
    from .ratelimit import rate_limit_slots_purge as purge

    return purge()
