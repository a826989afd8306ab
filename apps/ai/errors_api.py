"""The AI-job layer's own API errors (the modules' `*_AI_TIMEOUT` / `*_AI_FAILED` live in
their apps)."""

from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError, RetryLaterError


class AIBusy(RetryLaterError):
    code = "AI_BUSY"
    http_code = 503
    message = _("The AI service is busy. Try again in a few seconds.")


class JobNotFound(APIError):
    code = "JOB_NOT_FOUND"
    http_code = 404
    message = _("Job not found.")
