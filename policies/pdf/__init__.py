"""PDF rendering of published document versions; see ``renderer`` for how it is wired."""

from policies.pdf.renderer import PdfSource, RenderedPdf, render_pdf
from policies.versioning import pdf_filename

__all__ = ["PdfSource", "RenderedPdf", "pdf_filename", "render_pdf"]
