"""The status page's "Reminders" line: are reminders being sent? They need Celery beat (which
runs `reminders.dispatch_due` every minute) and a worker; the task leaves a heartbeat in the
cache, so the line says when the last minute run happened."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .tasks import BEAT_HEARTBEAT_KEY

FRESH_SECONDS = 180  # three missed minutes: beat (or every worker) is gone


def beat_status() -> tuple[str, str]:
    """(status, detail): "up" when the minute task ran lately, else "off" with the reason."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "off", _("off — no beat process (embedded mode: tasks run eagerly, reminders are not sent)")
    last = cache.get(BEAT_HEARTBEAT_KEY)
    if last is None:
        return "off", _("off — no beat process (the minute task has never run)")
    age = time.time() - float(last)
    if age > FRESH_SECONDS:
        return "off", _("off — no beat process (the minute task last ran %(minutes)d min ago)") % {"minutes": age // 60}
    return "up", _("on — the minute task ran %(seconds)d s ago") % {"seconds": age}
