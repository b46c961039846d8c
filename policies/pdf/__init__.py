"""PDF rendering of published document versions; see ``renderer`` for how it is wired."""

from policies.pdf.renderer import (
    PdfLogo,
    PdfSource,
    RenderedPdf,
    logo_media_type,
    render_document_version_pdf,
    render_pdf,
)

__all__ = [
    "PdfLogo",
    "PdfSource",
    "RenderedPdf",
    "logo_media_type",
    "render_document_version_pdf",
    "render_pdf",
]
