import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mechta.settings.base")

app = Celery("mechta")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_tokens = {}


@task_prerun.connect
def _bind_request_id(task_id=None, task=None, **kwargs):
    """A task's log lines carry the id of the HTTP request that queued it."""
    from apps.core.logging import request_id_var

    request = task.request if task else None
    # A worker exposes custom message headers as request attributes, eager mode under .headers.
    request_id = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")
    if request_id:
        _tokens[task_id] = request_id_var.set(request_id)


@task_postrun.connect
def _unbind_request_id(task_id=None, **kwargs):
    from apps.core.logging import request_id_var

    token = _tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)


@worker_init.connect
def _warm_ai_backend(**kwargs):
    """Load the AI backend before the first job, not inside the first wave of jobs."""
    from apps.ai.client import ai_backend_warm

    ai_backend_warm()
