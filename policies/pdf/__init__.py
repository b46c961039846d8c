"""PDF rendering of published document versions; see ``renderer`` for how it is wired."""

from policies.pdf.renderer import PdfLogo, PdfSource, RenderedPdf, logo_media_type, render_pdf
from policies.versioning import pdf_filename

__all__ = ["PdfLogo", "PdfSource", "RenderedPdf", "logo_media_type", "pdf_filename", "render_pdf"]
