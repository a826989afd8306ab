from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class StepNotFound(APIError):
    code = "STEP_NOT_FOUND"
    http_code = 404
    message = _("Step not found.")


class StepsGoalsNotFound(APIError):
    code = "STEPS_GOALS_NOT_FOUND"
    http_code = 404
    message = _("Some of the goals were not found.")


class StepsAITimeout(APIError):
    code = "STEPS_AI_TIMEOUT"
    http_code = 504
    message = _("The AI did not answer in time. Try again later.")


class StepsAIFailed(APIError):
    code = "STEPS_AI_FAILED"
    http_code = 502
    message = _("The AI could not plan the steps. Try again later.")
