from rest_framework.renderers import JSONRenderer

from .envelope import success_envelope


class EnvelopeRenderer(JSONRenderer):
    """Wraps every DRF body in the envelope. Error responses from the exception handler carry
    the whole envelope already (`response.envelope_ready`)."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        request = renderer_context.get("request")
        if response is not None and getattr(response, "envelope_ready", False):
            body = data
        else:
            body = success_envelope(data, request, getattr(response, "pagination", None))
        return super().render(body, accepted_media_type, renderer_context)
