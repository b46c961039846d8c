"""The keys the audit trail's links are signed with: HMAC-SHA-256, never stored in the database.

``AUDIT_CHAIN_KEY`` signs new events; ``AUDIT_CHAIN_PREVIOUS_KEYS`` are the keys earlier
segments of the trail were signed with, kept so that they can still be verified. Each event
names its key by a fingerprint (``key_id``), an HMAC of a fixed text under the key, which says
which key signed it without saying anything about the key. Someone who can write the database
but cannot read the server's environment cannot compute a link that verifies.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID_LENGTH = 16
_FINGERPRINT_TEXT = b"isms audit chain key fingerprint"


class UnknownChainKeyError(ValueError):
    def __init__(self, key_id: str) -> None:
        super().__init__(
            f"The key {key_id} is neither AUDIT_CHAIN_KEY nor one of AUDIT_CHAIN_PREVIOUS_KEYS."
        )
        self.key_id = key_id


@dataclass(frozen=True)
class ChainKey:
    key_id: str
    secret: bytes = b""

    def sign(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:  # never print the secret
        return f"ChainKey({self.key_id})"


def chain_key_from(secret: str) -> ChainKey:
    encoded = secret.encode()
    key_id = hmac.new(encoded, _FINGERPRINT_TEXT, hashlib.sha256).hexdigest()[:KEY_ID_LENGTH]
    return ChainKey(key_id=key_id, secret=encoded)


def current_chain_key() -> ChainKey:
    """The key new events are signed with."""
    if not settings.AUDIT_CHAIN_KEY:
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEY must be set: the audit trail is signed with it."
        )
    return chain_key_from(settings.AUDIT_CHAIN_KEY)


def chain_keys() -> dict[str, ChainKey]:
    """Every key this server holds, current and previous, by fingerprint."""
    keys = [chain_key_from(secret) for secret in settings.AUDIT_CHAIN_PREVIOUS_KEYS]
    keys.append(current_chain_key())
    return {key.key_id: key for key in keys}


def chain_key(key_id: str) -> ChainKey | None:
    return chain_keys().get(key_id)
