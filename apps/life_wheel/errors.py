from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class LifeWheelEmptyScores(APIError):
    code = "LIFE_WHEEL_EMPTY_SCORES"
    http_code = 400
    message = _("Rate at least one area.")


class LifeWheelInvalidAreaId(APIError):
    code = "LIFE_WHEEL_INVALID_AREA_ID"
    http_code = 400
    message = _("Some areas are unknown or inactive.")
