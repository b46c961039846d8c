"""Wiring from Wagtail's publishing events to the services; no logic of its own.

Wagtail publishes through several paths (the editor's Publish button runs its publish action
directly, workflow approval and scheduled publishing go through Revision.publish), and
`page_published` is the one event all of them send, inside the publishing request's transaction.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wagtail.models import Revision

from policies.models import VersionedDocumentPage


@dataclass(frozen=True)
class Publishing:
    """Who is publishing through `VersionedDocumentPage.publish`, which the signal does not say.

    `at` backdates the record; only the demo loader sets it.
    """

    by: Any
    at: datetime | None = None


_publishing: ContextVar[Publishing | None] = ContextVar("policies_publishing", default=None)


@contextmanager
def publishing(*, by: Any, at: datetime | None = None) -> Iterator[None]:
    token = _publishing.set(Publishing(by=by, at=at))
    try:
        yield
    finally:
        _publishing.reset(token)


def record_published_version(
    sender: type, instance: Any, revision: Revision, **kwargs: Any
) -> None:
    from policies.admin_messages import announce_publication
    from policies.services import document_version_record, publication_approver

    # Scheduled publishing also sends the signal, before the page goes live: nothing to record.
    if not isinstance(instance, VersionedDocumentPage) or not instance.live:
        return
    if instance.live_revision_id != revision.pk:
        return
    acting = _publishing.get() or Publishing(by=None)
    record = document_version_record(
        page=instance,
        revision=revision,
        approved_by=publication_approver(revision, published_by=acting.by),
        published_at=acting.at,
    )
    announce_publication(record)
