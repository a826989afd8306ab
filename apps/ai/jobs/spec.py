"""What an AI module declares (AIJobSpec), and the registry of kinds with their Celery tasks."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from apps.core.exceptions import APIError

from .. import client
from .connections import release_db_connection, release_pooled_connection

logger = logging.getLogger(__name__)


class AIJobSpec:
    """What an AI module declares; see the package docstring."""

    kind: str = ""
    label = ""  # its human name (gettext_lazy) in the admin and the overview; "" shows the kind
    resource: str = "text"  # the quota it is charged to: "text" or "image"
    timeout_error: type[APIError] = APIError
    failed_error: type[APIError] = APIError
    output = None  # a DRF Serializer class for text jobs

    def context(self, *, user, params: dict, locale: str) -> dict:
        """What the AI sees; for an image job `{"prompt": ..., "colour": "#RRGGBB" or None}`."""
        raise NotImplementedError

    def call(self, *, user, params: dict, locale: str):
        """The AI call, outside any transaction. Text jobs ask for JSON validated by `output`;
        image jobs render the context's prompt (the offline backend paints in its colour)."""
        context = self.context(user=user, params=params, locale=locale)
        if self.resource == "image":
            release_db_connection()  # the image service may take many seconds
            return client.generate_image(prompt=context["prompt"], colour=context.get("colour"))
        release_pooled_connection()  # the AI may take seconds; a pooled connection serves others meanwhile
        return client.complete_json(task=self.kind, locale=locale, context=context, output=self.output)

    def save(self, *, job, user, params: dict, result, locale: str) -> dict:
        raise NotImplementedError

    # With a unique_key: True when a succeeded job is THE result for its key (one review per
    # week), so a request that raced past the module's own check joins it instead of calling
    # the AI again; False when the key only means "one at a time" (a new picture).
    unique_result_is_final = False

    def unique_key(self, params: dict) -> str:
        """What makes the result unique (e.g. the reviewed week), or "" when any number of
        these jobs may run: while one runs, a request with the same key joins it."""
        return ""


_SPECS: dict[str, AIJobSpec] = {}


def ai_job_register(spec_class: type[AIJobSpec]) -> type[AIJobSpec]:
    """Register a module's job and the Celery task of the same name that runs it."""
    from .execute import ai_job_execute  # the worker's side runs the specs registered here

    spec = spec_class()
    if not spec.kind:
        raise ValueError(f"{spec_class.__name__} has no kind")
    _SPECS[spec.kind] = spec

    def run(task, job_id: str) -> dict:
        # A message the broker delivers again (its consumer died before acknowledging it), or
        # this task's own retry below: either may take over the job its last try left running.
        delivery = getattr(task.request, "delivery_info", None) or {}
        redelivered = bool(delivery.get("redelivered")) or bool(task.request.retries)
        try:
            return ai_job_execute(job_id=job_id, redelivered=redelivered)
        except DatabaseError as exc:  # no database (or no pooled connection in time): try again soon
            logger.warning("AI job %s: database unavailable (%s), retrying", job_id, exc)
            raise task.retry(exc=exc, countdown=1, max_retries=settings.AI_JOB_MAX_ATTEMPTS) from exc

    run.__name__ = run.__qualname__ = spec.kind.replace(".", "_")
    run.__module__ = spec_class.__module__
    # No Celery result: the job's row is its result. Storing one (django-celery-results'
    # get_or_create) cost ~2,200 Python calls and four statements per job (bench/PROFILE.md).
    shared_task(name=spec.kind, bind=True, ignore_result=True)(run)
    return spec_class


def ai_job_spec(kind: str) -> AIJobSpec:
    """The spec of a registered kind (KeyError for any other: a bug in the caller)."""
    return _SPECS[kind]


def ai_job_spec_or_none(kind: str) -> AIJobSpec | None:
    """The spec of `kind`, or None for a kind no module registers (any more)."""
    return _SPECS.get(kind)


def ai_job_kinds() -> list[str]:
    """Every registered kind, in the order the apps registered them (INSTALLED_APPS)."""
    return list(_SPECS)


def ai_job_label(kind: str):
    """The kind's human name; an unknown kind (a retired job's old rows) shows as stored."""
    spec = _SPECS.get(kind)
    return (spec.label if spec is not None else "") or kind
