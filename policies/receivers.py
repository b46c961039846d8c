"""Wiring from Wagtail's publishing events to the services; no logic of its own.

Wagtail publishes through several paths (the editor's Publish button runs its publish action
directly, workflow approval and scheduled publishing go through Revision.publish), and
`page_published` is the one event all of them send, inside the publishing request's transaction.
"""

from typing import Any

from wagtail.models import Revision

from policies.models import VersionedDocumentPage


def record_published_version(
    sender: type, instance: Any, revision: Revision, **kwargs: Any
) -> None:
    from policies.services import document_version_record, publication_approver

    # Scheduled publishing also sends the signal, before the page goes live: nothing to record.
    if not isinstance(instance, VersionedDocumentPage) or not instance.live:
        return
    if instance.live_revision_id != revision.pk:
        return
    document_version_record(
        page=instance, revision=revision, approved_by=publication_approver(revision)
    )
