"""Writes to the audit trail. Every app records its events through `audit_record`."""

import json
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from isms.audit.actions import AuditAction
from isms.audit.context import client_ip, current_request
from isms.audit.models import GENESIS_HASH, AuditEvent, canonical_json

# A detail is context (a version number, a page id), not a payload; larger ones are refused.
MAX_DETAIL_BYTES = 4096
# The key of the PostgreSQL advisory lock that serialises appends; any constant unique to us.
APPEND_LOCK_KEY = 0x1A0D17


@transaction.atomic
def audit_record(
    *,
    action: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, numbered and hashed after the last one.

    The request defaults to the one being served (`isms.audit.context`), for its IP address.
    Raises ValueError for an action not in `AuditAction` or a detail that is not a small JSON
    object. Appends are serialised, so two events never claim the same predecessor.
    """
    event = AuditEvent(
        action=AuditAction(action),
        occurred_at=timezone.now(),
        detail=_detail_as_stored(detail),
        **_actor_fields(actor),
        **_target_fields(target),
    )
    request = request or current_request()
    event.ip_address = client_ip(request) if request is not None else None
    _lock_the_chain()
    last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
    event.sequence = last.sequence + 1 if last else 1
    event.previous_hash = last.hash if last else GENESIS_HASH
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


def _lock_the_chain() -> None:
    # SQLite lets one writer in at a time already; PostgreSQL needs a lock held to commit.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])


def _detail_as_stored(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """The detail as it will read back from the database, so its hash can be recomputed."""
    stored = json.loads(json.dumps(dict(detail or {}), cls=DjangoJSONEncoder))
    encoded = canonical_json(stored)
    if len(encoded) > MAX_DETAIL_BYTES:
        raise ValueError(f"An audit detail is at most {MAX_DETAIL_BYTES} bytes of JSON.")
    if b"\\u0000" in encoded:
        raise ValueError("An audit detail cannot contain NUL characters.")
    return stored


def _actor_fields(actor: AbstractBaseUser | AnonymousUser | None) -> dict[str, Any]:
    if actor is None or not actor.is_authenticated:
        return {"actor": None, "actor_username": "", "actor_name": ""}
    name = getattr(actor, "get_full_name", lambda: "")() or actor.get_username()
    return {"actor": actor, "actor_username": actor.get_username(), "actor_name": name[:255]}


def _target_fields(target: models.Model | None) -> dict[str, Any]:
    if target is None:
        return {}
    if target.pk is None:
        raise ValueError("An audit event's target must be saved first: it is named by its key.")
    target_type = ContentType.objects.get_for_model(target)
    return {
        "target_type": target_type,
        "target_type_label": f"{target_type.app_label}.{target_type.model}",
        "target_id": str(target.pk),
        "target_label": str(target)[:255],
    }
