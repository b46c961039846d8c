"""Writes to published document versions: recording a publication, attaching its PDF."""

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.models import OrganisationSettings
from policies.models import DocumentVersion, VersionedDocumentPage
from policies.pdf import PdfSource, render_pdf
from policies.rules import check_next_publication

PDF_STORAGE_PREFIX = "document-versions"


@transaction.atomic
def document_version_record(
    *, page: VersionedDocumentPage, revision: Revision, approved_by: Any
) -> DocumentVersion:
    """Freeze a just-published revision as an immutable version, and queue its PDF.

    Runs inside the publishing transaction: if the version is not acceptable, the publication is
    rolled back with it. The page row is locked so that two publications of the same page are
    decided one after the other; the unique constraint catches anything that slips past.
    """
    Page.objects.select_for_update().filter(pk=page.pk).first()
    content: VersionedDocumentPage = revision.as_object()
    publication = check_next_publication(
        page=page, version_text=content.version_number, effective_date=content.effective_date
    )
    record = DocumentVersion.objects.create(
        page=page,
        revision=revision,
        major=publication.version.major,
        minor=publication.version.minor,
        effective_date=publication.effective_date,
        published_at=timezone.now(),
        approved_by=approved_by,
        approved_by_name=_display_name(approved_by),
        publisher=OrganisationSettings.load().name,
        kind=page.kind,
        title=content.title,
        slug=content.slug,
        summary=content.summary,
        change_summary=content.change_summary or "",
        body_html=content.render_body_html(),
    )
    _audit_publication(record=record, revision=revision)
    transaction.on_commit(lambda: _enqueue_pdf_rendering(record.pk))
    return record


def document_version_attach_pdf(*, version: DocumentVersion) -> DocumentVersion:
    """Render and store the version's PDF, once. Later calls return the stored one untouched.

    The file is written under a name no other version uses before the row is updated; the update
    only succeeds while the PDF fields are still empty, so if two renderings race, the loser
    deletes its file and the winner's bytes are the only ones ever served.
    """
    if version.is_pdf_ready:
        return version
    rendered = render_pdf(_pdf_source(version))
    storage = storages["private"]
    name = storage.save(
        f"{PDF_STORAGE_PREFIX}/{version.page_id}/{rendered.filename}", ContentFile(rendered.content)
    )
    claimed = DocumentVersion.objects.filter(pk=version.pk, pdf_sha256="").update(
        pdf_file=name,
        pdf_sha256=rendered.sha256,
        pdf_size=len(rendered.content),
        pdf_page_count=rendered.page_count,
        pdf_rendered_at=timezone.now(),
    )
    if not claimed:
        storage.delete(name)
    version.refresh_from_db()
    return version


def _pdf_source(version: DocumentVersion) -> PdfSource:
    return PdfSource(
        title=version.title,
        slug=version.slug,
        kind_label=version.get_kind_display(),
        version=version.number,
        effective_date=version.effective_date,
        published_at=version.published_at,
        publisher=version.publisher,
        approved_by=version.approved_by_name,
        summary=version.summary,
        change_summary=version.change_summary,
        body_html=version.body_html,
    )


def _enqueue_pdf_rendering(version_id: int) -> None:
    from policies.tasks import render_document_version_pdf

    render_document_version_pdf.enqueue(version_id)


def publication_approver(revision: Revision) -> Any:
    """Who approved the publication of a revision, whichever path published it.

    Through the review workflow it is whoever approved the last task; when publishing was
    scheduled, whoever scheduled it; otherwise whoever published it, which Wagtail's editor
    records as the author of the revision it saves just before publishing.
    """
    from wagtail.models import PageLogEntry, TaskState

    approval = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    if approval is not None and approval.finished_by is not None:
        return approval.finished_by
    scheduled = (
        PageLogEntry.objects.filter(revision=revision, action="wagtail.publish.schedule")
        .select_related("user")
        .order_by("-timestamp")
        .first()
    )
    if scheduled is not None:
        return scheduled.user
    return revision.user


def _audit_publication(*, record: DocumentVersion, revision: Revision) -> None:
    """The review approvals that led to this version, then the publication itself."""
    from wagtail.models import TaskState

    approvals = TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
    for approval in approvals.select_related("finished_by", "task").order_by("finished_at"):
        audit_record(
            action=AuditAction.DOCUMENT_APPROVED,
            actor=approval.finished_by,
            target=record,
            detail={
                "task": approval.task.name,
                "revision_id": revision.pk,
                "approved_at": approval.finished_at,
                "comment": approval.comment[:500],
            },
        )
    audit_record(
        action=AuditAction.DOCUMENT_PUBLISHED,
        actor=record.approved_by,
        target=record,
        detail={
            "version": record.number,
            "effective_date": record.effective_date,
            "page_id": record.page_id,
            "revision_id": revision.pk,
            "approved_by": record.approved_by_name,
        },
    )


def _display_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
