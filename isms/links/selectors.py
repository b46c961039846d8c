"""Finding a capability link from the token a visitor brings."""

import hmac

from isms.links.models import CapabilityLink, token_digest


def capability_link_for_token(*, token: str) -> CapabilityLink | None:
    """The link this token opens, whatever its state, or None.

    The row is found by the token's SHA-256 through a unique index, so how long the lookup takes
    says nothing about the secret; the digests are then compared in constant time all the same.
    """
    digest = token_digest(token)
    link = CapabilityLink.objects.filter(token_sha256=digest).first()
    if link is None or not hmac.compare_digest(link.token_sha256, digest):
        return None
    return link
