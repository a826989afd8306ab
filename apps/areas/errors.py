from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class AreaNotFound(APIError):
    code = "AREA_NOT_FOUND"
    http_code = 404
    message = _("Area not found.")


class AreaAlreadyExists(APIError):
    code = "AREA_ALREADY_EXISTS"
    http_code = 400
    message = _("An area with this id already exists.")
