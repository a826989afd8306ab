import contextvars
import logging

from django.core.signals import request_finished

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (`%(request_id)s`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id == "-":  # e.g. ASGI, where the middleware ran in another context
            request_id = getattr(getattr(record, "request", None), "request_id", None) or "-"
        record.request_id = request_id
        return True


def _request_id_clear(**kwargs) -> None:
    request_id_var.set("-")


# After the response is closed (the access line is written before that): the thread's next
# log lines belong to no request.
request_finished.connect(_request_id_clear, dispatch_uid="apps.core.logging.request_id_clear")
