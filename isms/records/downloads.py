"""Downloading a record's PDF: one answer for every record type, rendered or not yet.

Document versions (public or behind a Wagtail view restriction) and SoA versions are served by
``record_pdf_download``. Until the PDF is rendered, the answer is the same everywhere,
``pdf_pending_response``: 202 with ``Retry-After``, never stored by a cache, and a page that says
so (with a hint for staff who could render it). Once it is, the stored bytes go out through
``isms.files.downloads``: a public record's PDF is ``public, immutable`` (its address names one
version forever) and not recorded; anything restricted is ``private, no-store`` and every
download is in the audit trail. Whether the bytes are hashed before sending is the record
type's ``pdf_verified_on_download``.
"""

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from isms.files.downloads import private_file_download
from isms.files.responses import CachePolicy
from isms.records.models import NumberedPdfRecord

RETRY_AFTER_SECONDS = 10


def record_pdf_download(
    request: HttpRequest, record: NumberedPdfRecord, *, public: bool, recorded_as: str | None
) -> HttpResponseBase:
    """The record's stored PDF (the caller has answered ``pdf_pending_response`` until then)."""
    if not record.is_pdf_ready:
        raise ValueError(f"{record} has no PDF yet.")
    return private_file_download(
        request,
        record.served_pdf(),
        target=record,
        cache=CachePolicy.PUBLIC_IMMUTABLE if public else CachePolicy.PRIVATE_NO_STORE,
        max_age=settings.DOCUMENT_PDF_CACHE_SECONDS if public else 0,
        verify=type(record).pdf_verified_on_download,
        recorded_as=None if public else recorded_as,
        detail={"version": record.number, "format": "pdf", "sha256": record.pdf_sha256},
    )


def pdf_pending_response(
    request: HttpRequest,
    record: NumberedPdfRecord,
    *,
    title: str,
    back_url: str,
    staff_hint: bool,
) -> TemplateResponse:
    """The one answer while a record's PDF is being rendered."""
    context = {"record": record, "title": title, "back_url": back_url, "staff_hint": staff_hint}
    pending = TemplateResponse(request, "isms/pdf_pending.html", context, status=202)
    pending["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(pending, private=True, no_store=True, max_age=0)
    return pending
