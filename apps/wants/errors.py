from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class WantsDraftNotFound(APIError):
    code = "WANTS_DRAFT_NOT_FOUND"
    http_code = 404
    message = _("There is no wants draft. Start the exercise first.")


class WantsRawNotFound(APIError):
    code = "WANTS_RAW_NOT_FOUND"
    http_code = 404
    message = _("Wants record not found.")


class WantsCompletedNotFound(APIError):
    code = "WANTS_COMPLETED_NOT_FOUND"
    http_code = 404
    message = _("There is no completed wants exercise to analyse.")


class WantsStreamAlreadyCompleted(APIError):
    code = "WANTS_STREAM_ALREADY_COMPLETED"
    http_code = 409
    message = _("The wants stream is already completed.")


class WantsRawImmutable(APIError):
    code = "WANTS_RAW_IMMUTABLE"
    http_code = 409
    message = _("A completed wants record cannot be changed.")


class WantsRawNotReady(APIError):
    code = "WANTS_RAW_NOT_READY"
    http_code = 422
    message = _("The wants exercise is not finished yet.")


class WantsAITimeout(APIError):
    code = "WANTS_AI_TIMEOUT"
    http_code = 504
    message = _("The AI did not answer in time. Try again later.")


class WantsAIFailed(APIError):
    code = "WANTS_AI_FAILED"
    http_code = 502
    message = _("The AI could not analyse your wants. Try again later.")
