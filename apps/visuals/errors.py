from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class VisualsStoryNotFound(APIError):
    code = "VISUALS_STORY_NOT_FOUND"
    http_code = 404
    message = _("Story not found.")


class VisualsImageKeyNotFound(APIError):
    code = "VISUALS_IMAGE_KEY_NOT_FOUND"
    http_code = 404
    message = _("The story has no picture with this key.")


class VisualsPromptMissing(APIError):
    code = "VISUALS_PROMPT_MISSING"
    http_code = 400
    message = _("The story has no picture description for this key.")


class VisualsAssetNotFound(APIError):
    code = "VISUALS_ASSET_NOT_FOUND"
    http_code = 404
    message = _("Picture not found.")


class VisualsAIBadResponse(APIError):
    code = "VISUALS_AI_BAD_RESPONSE"
    http_code = 502
    message = _("The image service answered with something that is not a usable picture. Try again later.")


class VisualsAITimeout(APIError):
    code = "VISUALS_AI_TIMEOUT"
    http_code = 504
    message = _("The image service did not answer in time. Try again later.")
