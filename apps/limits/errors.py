from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class QuotaExceeded(APIError):
    code = "QUOTA_EXCEEDED"
    http_code = 403
    message = _("The limit for this period is used up.")
