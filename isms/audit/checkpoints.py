"""Checkpoints of the audit trail's head, kept outside the database.

A checkpoint is a small signed JSON file in the private storage (``audit-checkpoints/``): the
sequence and hash of the trail's last event at a moment, when, and the key that signed it. It is
written after every publication commits (``CHECKPOINTED_ACTIONS``) and by
``manage.py audit_checkpoint`` (run it from cron, hourly). Where the private bucket has S3 Object
Lock with a default retention (``manage.py prepare_private_bucket``), S3 refuses to delete or
replace a checkpoint within the retention, whoever asks.

``verify_audit_log`` reads them back: a trail shorter than a checkpoint had its tail cut off; an
event whose hash is no longer the checkpointed one had its history rewritten, even by someone
who holds the signing key. A checkpoint whose signature does not verify is itself a finding.
"""

import hmac
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from isms.audit.keys import ChainKey, current_chain_key
from isms.audit.models import AuditEvent, canonical_json
from isms.files.store import PRIVATE_STORAGE

CHECKPOINT_FOLDER = "audit-checkpoints"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    written_at: str
    signed_with: str
    signature: str = ""

    def payload(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if key != "signature"}

    def signed(self, key: ChainKey) -> "Checkpoint":
        return Checkpoint(**self.payload(), signature=key.sign(canonical_json(self.payload())))

    def verifies_under(self, key: ChainKey) -> bool:
        expected = key.sign(canonical_json(self.payload()))
        return hmac.compare_digest(expected, self.signature)


def audit_checkpoint_write() -> tuple[str, Checkpoint] | None:
    """Checkpoint the trail's head now; None when the trail is empty or the head is already
    checkpointed. Returns the storage name and the checkpoint."""
    head = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
    if head is None:
        return None
    storage = storages[PRIVATE_STORAGE]
    name = f"{CHECKPOINT_FOLDER}/{head.sequence:012d}.json"
    if storage.exists(name):
        return None
    key = current_chain_key()
    checkpoint = Checkpoint(
        sequence=head.sequence,
        hash=head.hash,
        written_at=timezone.now().isoformat(timespec="seconds"),
        signed_with=key.key_id,
    ).signed(key)
    saved = storage.save(name, ContentFile(canonical_json(asdict(checkpoint))))
    return saved, checkpoint


def audit_checkpoint_write_quietly() -> None:
    """For after a commit: a storage outage must not fail what already committed; the next
    checkpoint covers this head too, and the failure is logged."""
    try:
        audit_checkpoint_write()
    except Exception:  # the publication stands; an operator sees the log
        logger.exception("The audit trail's head could not be checkpointed.")


def audit_checkpoints_read() -> Iterator[tuple[str, Checkpoint | None]]:
    """Every stored checkpoint by name, oldest first; None for a file that is not one."""
    storage = storages[PRIVATE_STORAGE]
    try:
        _, names = storage.listdir(CHECKPOINT_FOLDER)
    except FileNotFoundError:
        return
    for name in sorted(names):
        path = f"{CHECKPOINT_FOLDER}/{name}"
        with storage.open(path, "rb") as stored:
            yield path, _parsed(stored.read())


def _parsed(content: bytes) -> Checkpoint | None:
    try:
        fields = json.loads(content)
        checkpoint = Checkpoint(**fields)
    except (ValueError, TypeError):
        return None
    if not isinstance(checkpoint.sequence, int) or not isinstance(checkpoint.hash, str):
        return None
    return checkpoint
