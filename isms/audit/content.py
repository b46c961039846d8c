"""The SHA-256 of a record's content, carried by the event that creates the record.

The database refuses changes to a record, but its schema owner can drop the triggers. So the
creating event, which is signed (``isms.audit.keys``), carries ``content_sha256``: the SHA-256 of
the record's canonical content, read back as stored. ``verify_audit_log`` reads each record again,
rehashes it the same way, and names every record whose content is no longer what was recorded.
What a record's content is, is said by its app's ``RecordCheck.content``.
"""

import datetime
import hashlib
import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from isms.audit.models import canonical_json

type RecordContent = Callable[[models.Model], Mapping[str, Any]]


def content_value(value: Any) -> Any:
    """A column's value as JSON says it, the same whichever database it was read from."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def fields_content(*names: str) -> RecordContent:
    """The content of a record as these columns of it (``attname``s: ``page_id``, not ``page``)."""

    def content(record: models.Model) -> dict[str, Any]:
        return {name: content_value(getattr(record, name)) for name in names}

    return content


def content_sha256(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(dict(content))).hexdigest()


def record_content_sha256(record: models.Model) -> str:
    """The record's content hash, taken from the row as the database now holds it."""
    from isms.audit.checks import record_check_for

    check = record_check_for(type(record))
    if check.content is None:
        raise ValueError(f"{type(record).__name__} has no content registered to hash.")
    stored = type(record)._default_manager.get(pk=record.pk)
    return content_sha256(check.content(stored))
