"""The PDF pipeline every app renders through: deterministic WeasyPrint with a safe fetcher.

Each app brings its own template and stylesheet (document versions in policies/pdf, later the
Statement of Applicability, certificates and reports) and calls ``render_html_to_pdf``. The
pipeline guarantees the rest: files are read only from the folders the caller names (never the
network), the same HTML renders to the same bytes, the PDF is tagged for screen readers, and the
result carries its SHA-256 and page count.
"""

from isms.pdf.dates import human_date
from isms.pdf.rendering import PdfOutput, Resource, SafeFileFetcher, render_html_to_pdf

__all__ = ["PdfOutput", "Resource", "SafeFileFetcher", "human_date", "render_html_to_pdf"]
