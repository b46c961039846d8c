"""How long publishing takes to render a long document's PDF, and how large the file is.

Run from the project root: ``.venv/bin/python bench/pdf_render.py``. Prints one line of plain
figures, e.g. ``pdf_render pages=40 seconds_best=2.80 seconds_median=2.91 ...``, so runs can be
compared by eye or by a script.
"""

import datetime
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import django

# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policies.pdf import PdfSource, RenderedPdf, render_pdf

TIMED_RUNS = 3
# About 40 A4 pages with the cover and the table of contents.
SECTIONS = 29

PARAGRAPH = (
    "Vendela Software reviews this control at least once a year and whenever a significant change "
    "to the service, the organisation or the threat landscape makes it necessary. The owner "
    "records the outcome of each review in the ISMS, together with the evidence that the control "
    "operated effectively during the period, and raises corrective actions for any gap found."
)


def section_html(number: int) -> str:
    """One section shaped like a real policy: headings, prose, a note, lists and definitions."""
    items = "".join(
        f"<li>Control {number}.{item}: the team keeps the record current and reviews it "
        "quarterly with the control owner.</li>"
        for item in range(1, 6)
    )
    steps = "".join(f"<li>Step {step}: {PARAGRAPH[:110]}.</li>" for step in range(1, 4))
    return (
        f"<section><h2>{number}. Control area {number}</h2><p>{PARAGRAPH}</p>"
        f"<h3>{number}.1 Objectives</h3><p>{PARAGRAPH} {PARAGRAPH}</p><ul>{items}</ul>"
        f'<aside class="note"><p><b>Note.</b> {PARAGRAPH[:160]}.</p></aside>'
        f"<h3>{number}.2 Procedure</h3><ol>{steps}</ol><p>{PARAGRAPH}</p>"
        f"<h3>{number}.3 Records</h3><dl><dt>Record</dt><dd>{PARAGRAPH[:150]}.</dd>"
        f"<dt>Retention</dt><dd>Seven years after the end of the contract.</dd></dl>"
        f"<p>{PARAGRAPH}</p></section>"
    )


def source(*, sections: int) -> PdfSource:
    """A document with the given number of sections and realistic cover fields."""
    return PdfSource(
        title="Vendela Cloud Delivery Model (VCDM)",
        slug="vcdm",
        kind_label="Programme document",
        version="1.1",
        effective_date=datetime.date(2025, 2, 1),
        published_at=datetime.datetime(2025, 1, 28, 14, 5, tzinfo=datetime.UTC),
        publisher="Vendela Software",
        approved_by="Olivia Officer",
        summary="How Vendela Software designs, builds, operates and retires its cloud services.",
        change_summary="Added quarterly restore tests to business continuity.",
        body_html="\n".join(section_html(number) for number in range(1, sections + 1)),
    )


def timed_render(document: PdfSource) -> tuple[float, RenderedPdf]:
    start = time.perf_counter()
    rendered = render_pdf(document)
    return time.perf_counter() - start, rendered


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isms.settings.test")
    django.setup()
    # The first rendering loads fonts and parses the user-agent stylesheets.
    render_pdf(source(sections=1))
    document = source(sections=SECTIONS)
    runs = [timed_render(document) for _ in range(TIMED_RUNS)]
    seconds = [elapsed for elapsed, _ in runs]
    rendered = runs[0][1]
    median = statistics.median(seconds)
    # ru_maxrss is in KiB on Linux.
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"pdf_render pages={rendered.page_count} seconds_best={min(seconds):.2f} "
        f"seconds_median={median:.2f} pages_per_second={rendered.page_count / median:.1f} "
        f"size_kib={len(rendered.content) / 1024:.0f} peak_rss_mib={peak_rss_mib:.0f}"
    )


if __name__ == "__main__":
    main()
