"""Writes to the audit trail. Every app records its events through `audit_record`."""

import json
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from isms.audit.actions import CHECKPOINTED_ACTIONS, AuditAction
from isms.audit.checkpoints import audit_checkpoint_write_quietly
from isms.audit.context import client_ip, current_request
from isms.audit.keys import ChainKey, chain_key, current_chain_key
from isms.audit.models import GENESIS_HASH, AuditEvent, canonical_json

# A detail is context (a version number, a page id), not a payload; larger ones are refused.
MAX_DETAIL_BYTES = 4096
# The key of the PostgreSQL advisory lock that serialises appends; any constant unique to us.
APPEND_LOCK_KEY = 0x1A0D17


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
    object. Appends are serialised, so two events never claim the same predecessor. When the
    server's key is not the one the trail's last segment is signed with, the key rotation is
    recorded first, under the old key (`audit_key_rotate`).

    The append is part of the caller's transaction, without a savepoint of its own (two
    statements fewer on every audited write): a database error while appending rolls back the
    change being recorded with it, which cannot then be committed without its event. The refusals
    (the ValueErrors above, a segment key this server does not hold) are raised outside the
    transaction block, so they leave the caller's transaction usable, as a savepoint did.
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
    with transaction.atomic(savepoint=False):
        _lock_the_chain()
        last = _last_event()
        refusal = _unheld_segment_key(last)
        if refusal is None:
            _append(event, after=_rotated_if_needed(last), key=current_chain_key())
            if action in CHECKPOINTED_ACTIONS:
                transaction.on_commit(audit_checkpoint_write_quietly)
    if refusal is not None:
        raise refusal
    return event


@transaction.atomic
def audit_key_rotate() -> AuditEvent | None:
    """Start a new segment of the trail under AUDIT_CHAIN_KEY, if the last one is under another.

    The rotation event names the new key and is itself signed with the old one, so the trail
    says, under the key it trusted until then, which key it trusts from now on. Returns the
    rotation event, or None when the trail is already signed with the current key.
    """
    _lock_the_chain()
    last = _last_event()
    rotated = _rotated_if_needed(last)
    if rotated is last:
        return None
    transaction.on_commit(audit_checkpoint_write_quietly)
    return rotated


def _last_event() -> AuditEvent | None:
    # What the next link needs: the number, the hash, and which key the segment is signed with.
    fields = ("sequence", "hash", "key_id", "action", "detail")
    return AuditEvent.objects.order_by("-sequence").only(*fields).first()


def _unheld_segment_key(last: AuditEvent | None) -> ImproperlyConfigured | None:
    """The refusal to append after ``last``, when its segment is signed with a key this server
    neither uses nor lists as previous (so it cannot sign the rotation)."""
    segment_key_id = last.next_key_id if last else ""
    if segment_key_id in ("", current_chain_key().key_id) or chain_key(segment_key_id):
        return None
    return ImproperlyConfigured(
        f"The audit trail's last event #{last.sequence if last else 0} is signed with key "
        f"{segment_key_id}, which this server does not hold: list the old key in "
        "AUDIT_CHAIN_PREVIOUS_KEYS so that the rotation can be signed with it."
    )


def _rotated_if_needed(last: AuditEvent | None) -> AuditEvent | None:
    if (refusal := _unheld_segment_key(last)) is not None:
        raise refusal
    current = current_chain_key()
    segment_key_id = last.next_key_id if last else ""
    if segment_key_id in ("", current.key_id):
        return last
    old_key = chain_key(segment_key_id)
    assert old_key is not None  # noqa: S101 (held, checked above)
    rotation = AuditEvent(
        action=AuditAction.KEY_ROTATED,
        occurred_at=timezone.now(),
        detail={"previous_key_id": old_key.key_id, "new_key_id": current.key_id},
        **_actor_fields(None),
    )
    _append(rotation, after=last, key=old_key)
    return rotation


def _append(event: AuditEvent, *, after: AuditEvent | None, key: ChainKey) -> None:
    event.sequence = after.sequence + 1 if after else 1
    event.previous_hash = after.hash if after else GENESIS_HASH
    event.key_id = key.key_id
    event.hash = event.compute_hash(key)
    event.save(force_insert=True)


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
