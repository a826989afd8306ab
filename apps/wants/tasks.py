"""Celery tasks of wants: load by id, call one service, never let an exception cross the
broker (apps.ai.runner maps the outcome to the HTTP answer)."""

import logging
import uuid

from celery import shared_task
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.ai.errors import AIError, AITimeout
from apps.ai.runner import task_error, task_ok
from apps.limits.errors import QuotaExceeded

from . import services
from .models import WantsRaw, WantsRawStatus

logger = logging.getLogger(__name__)


@shared_task(name="wants.analyze", bind=True)
def wants_analyze(self, *, user_id: str, raw_id: str) -> dict:
    """Analyse one completed wants_raw; `{"analysis_id"}` on success. Idempotent per task id."""
    try:
        user = User.objects.get(pk=user_id, is_active=True)
        raw = WantsRaw.objects.get(pk=raw_id, user=user, status=WantsRawStatus.COMPLETED)
    except (User.DoesNotExist, WantsRaw.DoesNotExist, ValueError, ValidationError):
        logger.warning("wants.analyze: user %s / raw %s not found", user_id, raw_id)
        return task_error("failed", reason="not_found")
    task_id = self.request.id or f"wants.analyze:{uuid.uuid4()}"
    try:
        analysis = services.analysis_create(user=user, raw=raw, task_id=task_id)
    except QuotaExceeded as exc:
        return task_error("quota_exceeded", **exc.details)
    except AITimeout:
        logger.warning("wants.analyze %s: AI timeout", task_id)
        return task_error("timeout")
    except AIError as exc:  # AIBadResponse included
        logger.warning("wants.analyze %s: AI failed: %s", task_id, exc)
        return task_error("failed")
    except Exception:
        logger.exception("wants.analyze %s crashed", task_id)
        return task_error("failed")
    return task_ok({"analysis_id": str(analysis.id)})
