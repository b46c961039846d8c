"""``Authorization: Bearer <token>`` for the API, with a reason for every refusal."""

from datetime import UTC
from typing import Any

from django.contrib.auth.models import User
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from isms.api.models import ApiToken, token_prefix
from isms.api.services import api_token_record_use

SCHEME = "Bearer"
INVALID = "Invalid token."


class BearerTokenAuthentication(BaseAuthentication):
    """Finds the token by its clear prefix, then compares SHA-256 digests in constant time.

    A request without an Authorization header is anonymous (and refused by ``IsAuthenticated``
    with 401); any other scheme, a malformed, unknown, revoked or expired token, or a token whose
    user is inactive is a 401 that says which. ``request.auth`` is the ApiToken, which the rate
    limit is keyed on.
    """

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).decode("latin-1").split()
        if not header:
            return None
        if header[0].lower() != SCHEME.lower():
            raise exceptions.AuthenticationFailed(
                f"Send the token as “Authorization: {SCHEME} <token>”."
            )
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(INVALID)
        return self.authenticate_token(header[1])

    def authenticate_token(self, plaintext: str) -> tuple[User, ApiToken]:
        prefix = token_prefix(plaintext)
        token = (
            ApiToken.objects.select_related("user").filter(prefix=prefix).first()
            if prefix
            else None
        )
        if token is None or not token.matches(plaintext):
            raise exceptions.AuthenticationFailed(INVALID)
        if token.is_revoked:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        if token.expires_at is not None and token.is_expired():
            expired_on = token.expires_at.astimezone(UTC).date().isoformat()
            raise exceptions.AuthenticationFailed(f"This token expired on {expired_on}.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token's user account is inactive.")
        api_token_record_use(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return f'{SCHEME} realm="api"'


def request_token(request: Any) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
