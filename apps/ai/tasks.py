from celery import shared_task


@shared_task(name="ai.jobs_purge", ignore_result=True)
def jobs_purge() -> int:
    """Celery beat (CELERY_BEAT_SCHEDULE): delete AI jobs older than AI_JOB_RETENTION_DAYS."""
    from .services import ai_jobs_purge

    return ai_jobs_purge()
