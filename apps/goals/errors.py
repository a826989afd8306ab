from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class GoalNotFound(APIError):
    code = "GOAL_NOT_FOUND"
    http_code = 404
    message = _("Goal not found.")


class GoalsAITimeout(APIError):
    code = "GOALS_AI_TIMEOUT"
    http_code = 504
    message = _("The AI did not answer in time. Try again later.")


class GoalsAIFailed(APIError):
    code = "GOALS_AI_FAILED"
    http_code = 502
    message = _("The AI could not suggest goals. Try again later.")
