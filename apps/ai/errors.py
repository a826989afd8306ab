"""Errors of the AI layer.

`AIError` and its kinds are what the AI client raises; the AI-job layer maps them to the
module's own `*_AI_TIMEOUT` (504) and `*_AI_FAILED` / `*_AI_BAD_RESPONSE` (502) APIErrors. The
APIErrors below are the layer's own answers."""

from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError, RetryLaterError


class AIError(Exception):
    """The AI service failed or answered with something unusable."""


class AITimeout(AIError):
    """The AI service did not answer in time (after retries)."""


class AIBadResponse(AIError):
    """The answer could not be used: invalid JSON twice, wrong shape, not an image."""


class AIUnavailable(AIError):
    """The AI service could not be reached (connection refused, reset, DNS)."""


class AIBusy(RetryLaterError):
    code = "AI_BUSY"
    http_code = 503
    message = _("The AI service is busy. Try again in a few seconds.")


class JobNotFound(APIError):
    code = "JOB_NOT_FOUND"
    http_code = 404
    message = _("Job not found.")
