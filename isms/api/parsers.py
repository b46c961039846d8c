from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with nesting too deep for Python's parser answered as a 400.

    ``json`` recurses once per bracket, so a body of some thousands of ``[`` raises
    RecursionError, which DRF does not catch (it catches ValueError): a 500 for anyone.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
