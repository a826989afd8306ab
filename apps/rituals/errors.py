from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class RitualsAlreadyCompleted(APIError):
    code = "RITUALS_ALREADY_COMPLETED"
    http_code = 409
    message = _("This ritual is already done today.")


class RitualsWeekAlreadyReviewed(APIError):
    code = "RITUALS_WEEK_ALREADY_REVIEWED"
    http_code = 409
    message = _("This week has already been reviewed.")


class RitualsStepsNotFound(APIError):
    code = "RITUALS_STEPS_NOT_FOUND"
    http_code = 404
    message = _("Steps not found.")


class RitualsAITimeout(APIError):
    code = "RITUALS_AI_TIMEOUT"
    http_code = 504
    message = _("The AI did not answer in time. Try again later.")


class RitualsAIFailed(APIError):
    code = "RITUALS_AI_FAILED"
    http_code = 502
    message = _("The AI could not review your week. Try again later.")
