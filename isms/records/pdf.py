"""A record's PDF: rendered after the publication commits, stored privately, claimed once.

How it is wired. A publishing service calls ``record_pdf_queue(record)`` inside its transaction;
once that commits, the ``render_record_pdf`` task (``isms.records.tasks``, Django's tasks API)
calls ``record_pdf_attach``, which renders through the record type's ``pdf_renderer``, streams
the bytes into the private storage through ``isms.files.store`` (our own name, hashed as
written) and fills the record's PDF fields with one conditional UPDATE that only succeeds while
they are empty. So two renderings that race store two files, one claims the row, and the loser
deletes its file: the winner's bytes are the only ones ever served. ``manage.py
render_pending_pdfs`` renders whatever a failed or lost task left without a PDF.
"""

import io
from collections.abc import Iterator
from typing import Protocol

from django.apps import apps
from django.core.files.storage import storages
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.files.store import PRIVATE_STORAGE, private_file_store, removed_on_error
from isms.records.models import NumberedPdfRecord

# Far above any PDF we render (a long policy is a few hundred KB); a runaway layout is refused.
MAX_PDF_BYTES = 50 * 1024 * 1024
# Sent with `record` once its PDF is stored: pages that said "being prepared" now link to it.
record_pdf_stored = Signal()


class RenderedRecordPdf(Protocol):
    content: bytes
    page_count: int


def record_pdf_attach[R: NumberedPdfRecord](record: R) -> R:
    """Render and store the record's PDF, once. Later calls return the stored one untouched."""
    if record.is_pdf_ready:
        return record
    model = type(record)
    rendered: RenderedRecordPdf = import_string(model.pdf_renderer)(record)
    stored = private_file_store(
        source=io.BytesIO(rendered.content),
        prefix=f"{model.pdf_storage_prefix}/{record.pk}",
        extension="pdf",
        max_bytes=MAX_PDF_BYTES,
    )
    with removed_on_error(stored), transaction.atomic():
        claimed = model._default_manager.filter(pk=record.pk, pdf_sha256="").update(
            pdf_file=stored.name,
            pdf_sha256=stored.sha256,
            pdf_size=stored.size,
            pdf_page_count=rendered.page_count,
            pdf_rendered_at=timezone.now(),
        )
        if claimed:
            # The signed trail keeps the hash, so a rewritten pdf_sha256 column is found too.
            audit_record(
                action=AuditAction.PDF_STORED,
                actor=None,
                target=record,
                detail={"sha256": stored.sha256, "size": stored.size, "pages": rendered.page_count},
            )
    if not claimed:
        storages[PRIVATE_STORAGE].delete(stored.name)
    record.refresh_from_db()
    if claimed:
        record_pdf_stored.send(sender=model, record=record)
    return record


def record_pdf_queue(record: NumberedPdfRecord) -> None:
    """Render the record's PDF in the background once the current transaction commits."""
    from isms.records.tasks import render_record_pdf

    label, pk = record._meta.label, record.pk
    transaction.on_commit(lambda: render_record_pdf.enqueue(label, pk))


def pdf_record_models() -> list[type[NumberedPdfRecord]]:
    """Every installed record type with a PDF, in app order."""
    return [model for model in apps.get_models() if issubclass(model, NumberedPdfRecord)]


def records_without_pdf() -> Iterator[NumberedPdfRecord]:
    """Published records whose PDF was never stored, type by type, oldest first."""
    for model in pdf_record_models():
        yield from model._default_manager.filter(pdf_sha256="").order_by("pk")
