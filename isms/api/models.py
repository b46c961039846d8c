"""API tokens: a secret shown once, kept as its SHA-256, found by a prefix kept in clear."""

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

TOKEN_PREFIX = "isms_"  # noqa: S105 - a public format prefix, not a secret
# "isms_" + 8 hex characters (shown in the admin, looked up), "_", then the secret.
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
SECRET_BYTES = 32
TOKEN_PATTERN = re.compile(r"^(?P<prefix>isms_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$")
# A token's use is written down at most this often: not a database write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# ... and recorded in the audit trail on first use and at most this often after that.
USE_AUDIT_INTERVAL = timedelta(hours=1)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_generate() -> tuple[str, str]:
    """A new token and its prefix. The secret is 32 random bytes, URL-safe base64 (43 chars)."""
    prefix = f"{TOKEN_PREFIX}{secrets.token_hex(4)}"
    return f"{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}", prefix


def token_prefix(token: str) -> str | None:
    """The lookup prefix of something shaped like one of our tokens, else None."""
    match = TOKEN_PATTERN.match(token)
    return match["prefix"] if match else None


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A credential for a script or CI pipeline, acting with exactly its user's permissions.

    Only the SHA-256 of the token is stored: a leaked database does not leak working tokens. The
    prefix (``isms_`` and 8 hex characters) stays in clear so that the admin can show which token
    is which and so that authentication finds the row before comparing digests in constant time.
    Created and revoked through ``isms.api.services``; rows are never deleted, so the audit trail
    always names a token that still exists.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="isms_api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “ci”.")
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField("SHA-256", max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    use_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_name_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.digest, token_digest(token))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, at: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "Revoked"
        return "Expired" if self.is_expired() else "Active"

    status.fget.short_description = "status"  # type: ignore[attr-defined]

    @property
    def display_prefix(self) -> str:
        return f"{self.prefix}…"

    display_prefix.fget.short_description = "token"  # type: ignore[attr-defined]
