"""Creating, revoking and using API tokens; each leaves its mark in the audit trail."""

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from isms.api.models import (
    LAST_USED_RESOLUTION,
    USE_AUDIT_INTERVAL,
    ApiToken,
    token_digest,
    token_generate,
)
from isms.audit.actions import AuditAction
from isms.audit.services import audit_record

MAX_NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100
# Two tokens drawing the same 8-hex-digit prefix is rare; drawing it this many times is not.
PREFIX_ATTEMPTS = 5


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None, by: User | None
) -> tuple[ApiToken, str]:
    """A new token for ``user``, and its plaintext: returned here once, never stored."""
    name = name.strip()
    _check_new_token(user=user, name=name, expires_at=expires_at)
    for _ in range(PREFIX_ATTEMPTS):
        plaintext, prefix = token_generate()
        token = ApiToken(user=user, name=name, prefix=prefix, expires_at=expires_at, created_by=by)
        token.digest = token_digest(plaintext)
        try:
            with transaction.atomic():
                token.save(force_insert=True)
            break
        except IntegrityError:
            if not ApiToken.objects.filter(prefix=prefix).exists():
                raise
    else:  # pragma: no cover - needs five collisions in 4 billion
        raise RuntimeError("Could not draw an unused token prefix.")
    audit_record(
        action=AuditAction.API_TOKEN_CREATED,
        actor=by,
        target=token,
        detail={"user": user.get_username(), "name": name, "expires_at": expires_at},
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Revoke a token for good; revoking one already revoked is refused."""
    now = timezone.now()
    claimed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )
    if not claimed:
        raise ValidationError("This token is already revoked.")
    token.refresh_from_db()
    audit_record(
        action=AuditAction.API_TOKEN_REVOKED,
        actor=by,
        target=token,
        detail={"user": token.user.get_username(), "name": token.name},
    )
    return token


def api_token_record_use(*, token: ApiToken) -> None:
    """Note that a token was used: ``last_used_at`` at most once a minute, and an audit event
    on first use and at most once an hour after that, so a busy pipeline does not flood the
    trail. Each is a claim-once update, so two concurrent requests write it once."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    if token.use_recorded_at is not None and now - token.use_recorded_at < USE_AUDIT_INTERVAL:
        return
    with transaction.atomic():
        first_use = token.use_recorded_at is None
        claimed = (
            ApiToken.objects.filter(pk=token.pk)
            .filter(
                Q(use_recorded_at__isnull=True) | Q(use_recorded_at__lte=now - USE_AUDIT_INTERVAL)
            )
            .update(use_recorded_at=now)
        )
        token.use_recorded_at = now
        if claimed:
            audit_record(
                action=AuditAction.API_TOKEN_USED,
                actor=token.user,
                target=token,
                detail={"name": token.name, "first_use": first_use},
            )


def _check_new_token(*, user: User, name: str, expires_at: datetime | None) -> None:
    if not name:
        raise ValidationError({"name": "Give the token a name, such as “ci”."})
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError({"name": f"A token's name is at most {MAX_NAME_LENGTH} characters."})
    if ApiToken.objects.filter(user=user, name=name).exists():
        raise ValidationError(
            {"name": f"{user.get_username()} already has a token named “{name}”."}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "A token's expiry must be in the future."})
