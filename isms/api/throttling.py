from typing import TYPE_CHECKING

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from isms.api.authentication import request_token

if TYPE_CHECKING:
    from rest_framework.views import APIView


class TokenRateThrottle(SimpleRateThrottle):
    """``API_RATE_LIMIT`` requests per token (default 120 a minute), counted in the default cache.

    Keyed on the token's id, so a user's two pipelines have a limit each; a request without a
    token (the public docs and schema) is counted per client address.
    """

    scope = "api"

    def get_cache_key(self, request: Request, view: "APIView") -> str:
        token = request_token(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
