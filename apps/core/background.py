"""Work that must never run on the request path, in every mode.

`task_after_response(task, *args)` queues a Celery task once the transaction commits. With a
broker a worker runs it; in the embedded (eager) mode it runs in a daemon thread, so even
`make run` answers before the work starts — a response's timing then cannot reveal what the
work found (e.g. whether an account exists, SECURITY 14). BACKGROUND_THREADS=False (tests)
runs eager tasks inline instead."""

import contextvars
import logging
import threading

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger("apps.core.background")


def _run_in_thread(task, args: tuple) -> None:
    try:
        task.apply(args=args, throw=True)
    except Exception:  # a thread has no caller to raise to
        logger.exception("background task %s failed", task.name)
    finally:
        connections.close_all()


def task_after_response(task, *args) -> None:
    def start() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "BACKGROUND_THREADS", True):
            context = contextvars.copy_context()  # keeps the request id on the task's log lines
            threading.Thread(
                target=context.run, args=(_run_in_thread, task, args), name=f"task-{task.name}", daemon=True
            ).start()
        else:
            task.delay(*args)

    transaction.on_commit(start)
