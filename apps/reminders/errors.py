from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError


class RemindersUnsubscribeInvalid(APIError):
    code = "REMINDERS_UNSUBSCRIBE_INVALID"
    http_code = 400
    message = _("This unsubscribe link is not valid.")
