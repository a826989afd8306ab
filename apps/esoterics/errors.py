from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class EsotericsAIProxyError(APIError):
    code = "ESOTERICS_AI_PROXY_ERROR"
    http_code = 502
    message = _("The AI service is unreachable. Try again later.")


class EsotericsAIFailed(APIError):
    code = "ESOTERICS_AI_FAILED"
    http_code = 502
    message = _("The daily tip could not be generated. Try again later.")
