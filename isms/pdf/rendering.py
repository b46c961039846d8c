"""Lay out HTML as a PDF with WeasyPrint: only our own files, the same bytes every time."""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, override
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Stylesheets name project static files (the web font) as "static:fonts/...": found the way the
# site's own pages find them, never fetched from a network address.
STATIC_SCHEME = "static:"


@dataclass(frozen=True)
class Resource:
    """Bytes the caller hands the renderer under a fixed address (a logo read from storage)."""

    content: bytes
    media_type: str


@dataclass(frozen=True)
class PdfOutput:
    """The bytes of a rendered PDF and what a record stores beside them."""

    content: bytes
    page_count: int
    sha256: str


class SafeFileFetcher(URLFetcher):
    """Let WeasyPrint read files below the given folders and nothing else.

    The HTML often carries text written by people (a document body, a control's justification)
    with links or images pointing anywhere. A rendering that fetched them would depend on the
    network on the day it ran and could be used to reach internal services, so every other URL
    is refused; WeasyPrint then logs the refusal and leaves the resource out. Besides files below
    its folders it answers the project's static files (``static:``) and the ``resources`` the
    caller hands over, each under its own address.
    """

    def __init__(
        self,
        roots: Sequence[Path],
        *,
        resources: Mapping[str, Resource] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.roots = tuple(root.resolve() for root in roots)
        self.resources = dict(resources or {})

    @override
    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.resources:
            resource = self.resources[url]
            return URLFetcherResponse(
                url, body=resource.content, headers={"Content-Type": resource.media_type}
            )
        if url.startswith(STATIC_SCHEME):
            return _static_file(url)
        if not self.allows(url):
            raise ValueError(f"The PDF renderer only reads its own files, not {url!r}.")
        return super().fetch(url, headers)

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        # resolve() collapses ".." and links, so a path cannot climb out of its folder.
        path = Path(url2pathname(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)


def _static_file(url: str) -> URLFetcherResponse:
    found = finders.find(url.removeprefix(STATIC_SCHEME))
    if not isinstance(found, str):
        raise ValueError(f"No static file {url!r}.")
    return URLFetcherResponse(url, body=Path(found).read_bytes())


def render_html_to_pdf(
    *,
    html: str,
    stylesheets: Sequence[Path],
    base_dir: Path,
    roots: Sequence[Path],
    resources: Mapping[str, Resource] | None = None,
) -> PdfOutput:
    """Render ``html`` with ``stylesheets``; relative URLs resolve against ``base_dir``.

    Files may come only from ``roots`` (which should include ``base_dir`` and the stylesheets'
    folders). Metadata comes from the HTML itself (``<title>``, ``<meta name=...>``), and the
    PDF identifier is derived from the content, so the same input always gives the same bytes.
    """
    fetcher = SafeFileFetcher(roots, resources=resources)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=str(base_dir), url_fetcher=fetcher).render(
        font_config=font_config,
        stylesheets=[
            CSS(filename=sheet, url_fetcher=fetcher, font_config=font_config)
            for sheet in stylesheets
        ],
    )
    content = document.write_pdf(
        # A tagged PDF lets screen readers follow headings, lists and reading order.
        pdf_tags=True,
        # Derived from the content rather than random, so re-renders stay byte-identical.
        pdf_identifier=True,
    )
    return PdfOutput(
        content=content,
        page_count=len(document.pages),
        sha256=hashlib.sha256(content).hexdigest(),
    )
