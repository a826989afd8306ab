"""The API's JSON parser: DRF's, plus a body nested too deeply to decode (RecursionError, e.g.
1,000 levels of `[`) is 400 INVALID_JSON logged in one line, not a 500 with a traceback."""

import logging

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

logger = logging.getLogger("apps.core.errors")


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            logger.warning("JSON body nested too deeply; refused with INVALID_JSON")
            raise ParseError("JSON parse error - nesting too deep") from exc
