from celery import shared_task


@shared_task(name="esoterics.tips_schedule", ignore_result=True)
def tips_schedule() -> int:
    """Celery beat (CELERY_BEAT_SCHEDULE): enqueue the day's tip preparation for users who
    are due. Safe to run any number of times: see apps.esoterics.services."""
    from .services import daily_tips_schedule

    return daily_tips_schedule()


@shared_task(name="esoterics.tips_prepare", ignore_result=True)
def tips_prepare(user_ids: list[str]) -> dict:
    """Prepare the day's AI tip for each user id (one AI call per user-day at most)."""
    from .services import daily_tips_prepare

    return daily_tips_prepare(user_ids=user_ids)
