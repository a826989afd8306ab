"""Content negotiation with DRF's answer, minus its work for the requests nearly every client
sends: no `Accept` header, `*/*` or exactly the first renderer's type, and no `?format=`. DRF
parses the query string and the Accept header into media-type objects for each request
(~140 of a list read's ~2,100 Python calls, bench/PROFILE.md); for these requests its answer
is always the first renderer with its own media type. Anything else goes to DRF."""

from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if renderers and not format_suffix:
            override, first = self.settings.URL_FORMAT_OVERRIDE, renderers[0]
            no_override = not override or override not in request.META.get("QUERY_STRING", "")
            if no_override and request.META.get("HTTP_ACCEPT") in (None, "*/*", first.media_type):
                return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)
