"""The API's JSON parser (REST_FRAMEWORK's default and web-to-lead's): DRF's own accepts
``NaN``/``Infinity``, ``1e400`` and any nesting (``[`` × 5,000 raised RecursionError, a 500).
It reads through the project's one strict reader (crm.strict_json) and answers 400."""

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from crm.strict_json import NOT_JSON, JsonRefused, strict_loads


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        # The size limit is Django's: DRF hands JSON parsers ``request.body``, which refuses
        # more than DATA_UPLOAD_MAX_MEMORY_SIZE (a 400).
        try:
            text = stream.read().decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ParseError(NOT_JSON) from exc
        try:
            return strict_loads(text)
        except JsonRefused as exc:
            raise ParseError(str(exc)) from exc
