from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class FutureStoryInvalidAreaId(APIError):
    code = "FUTURE_STORY_INVALID_AREA_ID"
    http_code = 400
    message = _("Unknown or inactive area.")


class FutureStoryDraftEmpty(APIError):
    code = "FUTURE_STORY_DRAFT_EMPTY"
    http_code = 400
    message = _("Answer at least one question before generating your story.")


class FutureStoryNotFound(APIError):
    code = "FUTURE_STORY_NOT_FOUND"
    http_code = 404
    message = _("There is no future story yet.")


class FutureStoryInvalidHorizon(APIError):
    code = "FUTURE_STORY_INVALID_HORIZON"
    http_code = 400
    message = _("The horizon must be “3y” or “5y”.")


class FutureStoryAITimeout(APIError):
    code = "FUTURE_STORY_AI_TIMEOUT"
    http_code = 504
    message = _("The AI did not answer in time. Try again later.")


class FutureStoryAIFailed(APIError):
    code = "FUTURE_STORY_AI_FAILED"
    http_code = 502
    message = _("The AI could not write your story. Try again later.")
