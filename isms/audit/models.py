import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from isms.audit.actions import action_label
from isms.audit.keys import ChainKey, UnknownChainKeyError, chain_key

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One entry of the hash-chained audit trail: who did what, to which object, when, from where.

    Written only by `isms.audit.services.audit_record`, which numbers events without gaps and
    chains each to the one before: `previous_hash` is the previous event's `hash`, and `hash` is
    the HMAC-SHA-256 of this event's canonical content (`canonical_content`), previous hash
    included, under the key `key_id` names (`isms.audit.keys`; the key itself is never in the
    database). Changing, removing or inserting an event breaks the chain, appending one needs the
    key, and `manage.py verify_audit_log` names every broken link. Events written before the
    chain was keyed have no `key_id` and a plain SHA-256; they may only begin the trail. The
    unique `previous_hash` makes the database refuse a fork, and triggers (migrations 0003,
    0004) refuse every UPDATE and DELETE.

    Everything the chain covers is frozen as text (the actor's username and name, the target's
    type, id and label), so a renamed user or a deleted object leaves the event readable and its
    hash intact. The actor and target type keys are conveniences for filtering and are not hashed;
    deleting a user sets `actor` to NULL, the one change the triggers allow.
    """

    sequence = models.PositiveBigIntegerField(primary_key=True)
    # No `choices`: a new action in the catalogue must not need a migration of this table.
    action = models.CharField("action code", max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField("actor's username", max_length=150, blank=True)
    actor_name = models.CharField("actor", max_length=255, blank=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_type_label = models.CharField("target type", max_length=200, blank=True)
    target_id = models.CharField("target id", max_length=64, blank=True)
    target_label = models.CharField("target", max_length=255, blank=True)
    occurred_at = models.DateTimeField("occurred at", db_index=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField("HMAC-SHA-256", max_length=64)
    key_id = models.CharField("signing key", max_length=16, blank=True)

    # Kept out of Wagtail's reference index: each event would add rows saying it points at its
    # actor and its target's content type, read only by a user's bulk-delete warning, and that link
    # is SET_NULL (the chain keeps the actor's name as text), so nothing would be protected.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-sequence"]
        verbose_name = "audit event"
        verbose_name_plural = "audit trail"
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_event_target"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action_label}"

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    action_label.fget.short_description = "action"  # type: ignore[attr-defined]

    @property
    def detail_json(self) -> str:
        return json.dumps(self.detail, sort_keys=True, ensure_ascii=False)

    detail_json.fget.short_description = "detail"  # type: ignore[attr-defined]

    def canonical_content(self) -> dict[str, Any]:
        content = {
            "sequence": self.sequence,
            "action": self.action,
            "actor_username": self.actor_username,
            "actor_name": self.actor_name,
            "target_type": self.target_type_label,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "ip_address": self.ip_address,
            "detail": self.detail,
            "previous_hash": self.previous_hash,
        }
        if self.key_id:
            content["key_id"] = self.key_id
        return content

    @property
    def next_key_id(self) -> str:
        """The key the event after this one must be signed with ("" where any held key may
        begin: after an unkeyed event). A rotation event names the new key."""
        if not self.key_id:
            return ""
        if self.action == "audit.key_rotated":
            return str(self.detail.get("new_key_id", ""))
        return self.key_id

    def compute_hash(self, key: ChainKey | None = None) -> str:
        """The link this event should carry, signed with the key `key_id` names (by default
        looked up among the keys this server holds). Unkeyed events, from before the chain was
        keyed, are a plain SHA-256. Raises UnknownChainKeyError when the key is not held."""
        message = canonical_json(self.canonical_content())
        if not self.key_id:
            return hashlib.sha256(message).hexdigest()
        key = key or chain_key(self.key_id)
        if key is None or key.key_id != self.key_id:
            raise UnknownChainKeyError(self.key_id)
        return key.sign(message)


def canonical_json(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8. The hash is taken over this."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()
