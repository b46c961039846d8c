"""How long publishing takes to render a PDF, against plain WeasyPrint on the same text.

Run from the project root: ``.venv/bin/python bench/pdf_render.py`` (add ``--parts`` for the cost
of each part). The reference lays out the very HTML our template produces (cover, contents,
body) with plain WeasyPrint: no stylesheet of ours, no web font, no tags, default options. The
body alone is printed too, as it was measured before. Times are CPU seconds of this process
(the machine is shared, and wall time follows the other sessions' load), medians of 3
interleaved rounds after a warm-up; the load average is printed beside them.

``--parts`` switches one part off at a time in a copy of the pipeline here (never in the product
code) and prints what the render saves without it.
"""

import datetime
import os
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import django

# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policies.pdf import PdfSource, render_pdf

ROUNDS = 3
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


def soa_source() -> object:
    """A published SoA shaped like the demo's: 93 controls in four themes, a few excluded."""
    from isms.frameworks.soa.pdf import SoaPdfRow, SoaPdfSource, SoaPdfTheme
    from isms.frameworks.soa.selectors import SoaSummary
    from isms.pdf.cover import PdfCover

    sizes = (("5", "Organizational controls", 37), ("6", "People controls", 8))
    sizes += (("7", "Physical controls", 14), ("8", "Technological controls", 34))
    themes = tuple(
        SoaPdfTheme(
            ref=ref,
            title=title,
            rows=tuple(
                SoaPdfRow(
                    ref=f"A.{ref}.{n}",
                    title=f"Control {ref}.{n} of the {title.lower()}",
                    applicable=n % 11 != 0,
                    justification=PARAGRAPH[: 120 + 7 * (n % 20)],
                    status="Implemented" if n % 4 else "Partially implemented",
                )
                for n in range(1, count + 1)
            ),
        )
        for ref, title, count in sizes
    )
    cover = PdfCover(
        title="Statement of Applicability",
        kind_label="ISO/IEC 27001:2022, Annex A",
        version="1.0",
        effective_date=datetime.date(2025, 2, 1),
        published_at=datetime.datetime(2025, 1, 28, 14, 5, tzinfo=datetime.UTC),
        publisher="Vendela Software",
        approved_by="Carla CISO",
        classification="Internal",
        summary="Which Annex A controls apply, why, and how far each is implemented.",
    )
    summary = SoaSummary(
        total=93, applicable=85, excluded=8, implemented=64, partial=21, planned=0, not_started=0
    )
    return SoaPdfSource(
        cover=cover,
        published_by="Olivia Officer",
        framework="ISO/IEC 27001:2022, Annex A",
        themes=themes,
        summary=summary,
    )


def cpu_seconds(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def medians(cases: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Each case once per round, rounds interleaved, so a burst of load hits all of them."""
    for work in cases.values():
        work()
    seconds: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(ROUNDS):
        for name, work in cases.items():
            seconds[name].append(cpu_seconds(work))
    return {name: statistics.median(values) for name, values in seconds.items()}


def plain(html: str) -> Callable[[], bytes]:
    from weasyprint import HTML

    return lambda: HTML(string=html).write_pdf()


def document_html(document: PdfSource) -> str:
    from django.template.loader import render_to_string

    from policies.pdf import renderer

    context = renderer._template_context(document, renderer.anchor_headings(document.body_html))
    return render_to_string(renderer.TEMPLATE_NAME, context)


def soa_html(soa: object) -> str:
    from django.template.loader import render_to_string

    from isms.frameworks.soa import pdf
    from isms.pdf.cover import cover_context

    return render_to_string(pdf.TEMPLATE_NAME, {**cover_context(soa.cover), "source": soa})  # type: ignore[attr-defined]


def compare() -> None:
    from isms.frameworks.soa.pdf import render_soa_pdf

    document = source(sections=SECTIONS)
    soa = soa_source()
    rendered = render_pdf(document)
    figures = medians(
        {
            "document": lambda: render_pdf(document),
            "document_plain": plain(document_html(document)),
            "document_plain_body": plain(document.body_html),
            "soa": lambda: render_soa_pdf(soa),  # type: ignore[arg-type]
            "soa_plain": plain(soa_html(soa)),
        }
    )
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"pdf_render pages={rendered.page_count} cpu_seconds={figures['document']:.2f} "
        f"plain={figures['document_plain']:.2f} "
        f"ratio={figures['document_plain'] / figures['document']:.2f} "
        f"ratio_to_plain_body={figures['document_plain_body'] / figures['document']:.2f} "
        f"size_kib={len(rendered.content) / 1024:.0f} peak_rss_mib={peak_rss_mib:.0f} "
        f"load={os.getloadavg()[0]:.2f}"
    )
    print(
        f"pdf_render_soa cpu_seconds={figures['soa']:.2f} plain={figures['soa_plain']:.2f} "
        f"ratio={figures['soa_plain'] / figures['soa']:.2f}"
    )


def variant(
    html: str, *, sheets: tuple[str, ...], tags: bool = True, cached: bool = True
) -> Callable[[], bytes]:
    """The pipeline of ``isms.pdf.render_html_to_pdf`` with its parts as switches."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from isms.pdf import SafeFileFetcher
    from policies.pdf import renderer

    fetcher = SafeFileFetcher(renderer.ROOTS)
    base_url = f"{renderer.PACKAGE_DIR}/"

    def styles() -> tuple[FontConfiguration, list[CSS]]:
        font_config = FontConfiguration()
        parsed = [
            CSS(string=sheet, base_url=base_url, url_fetcher=fetcher, font_config=font_config)
            for sheet in sheets
        ]
        return font_config, parsed

    kept = styles()

    def work() -> bytes:
        font_config, parsed = kept if cached else styles()
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=font_config, stylesheets=parsed
        )
        return document.write_pdf(pdf_tags=tags, pdf_identifier=True)

    return work


def parts() -> None:
    from policies.pdf import renderer

    document = source(sections=SECTIONS)
    html = document_html(document)
    base, body = (sheet.read_text() for sheet in renderer.STYLESHEETS)
    sheets = (base, body)
    toc_content = 'leader(". ") target-counter(attr(href url), page)'
    cases = {
        "full pipeline": variant(html, sheets=sheets),
        "fonts and stylesheets parsed per render": variant(html, sheets=sheets, cached=False),
        "without PDF tags": variant(html, sheets=sheets, tags=False),
        "without the web font": variant(
            html, sheets=(re.sub(r"@font-face\s*{[^}]*}", "", base), body)
        ),
        "without the contents": variant(
            re.sub(r'<nav id="pdf-contents".*?</nav>', "", html, flags=re.S), sheets=sheets
        ),
        "contents without leader dots": variant(
            html,
            sheets=(base, body.replace(toc_content, '" " target-counter(attr(href url), page)')),
        ),
        "contents without page numbers": variant(
            html, sheets=(base, body.replace(toc_content, 'leader(". ") "12"'))
        ),
        "without the cover": variant(
            re.sub(r'<section id="pdf-cover".*?</section>\s*(?=<nav)', "", html, flags=re.S),
            sheets=sheets,
        ),
        "without header and footer boxes": variant(
            html,
            sheets=(
                re.sub(
                    r"@page\s*{.*?\n}\n",
                    "@page { size: A4; margin: 28mm 22mm 26mm 22mm; }\n",
                    base,
                    flags=re.S,
                ),
                body,
            ),
        ),
        "without document.css": variant(html, sheets=(base,)),
        "template and heading anchors": lambda: document_html(document),
        "plain WeasyPrint, same HTML": plain(html),
    }
    figures = medians(cases)
    full = figures["full pipeline"]
    # A part switched off shows what it costs as a negative difference; the template and
    # plain WeasyPrint are their own totals.
    print(f"{'variant':42} {'cpu s':>6} {'vs full':>8}  (load {os.getloadavg()[0]:.2f})")
    for name, seconds in figures.items():
        print(f"{name:42} {seconds:6.2f} {seconds - full:+8.2f}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isms.settings.test")
    django.setup()
    # The first rendering loads fonts and parses the user-agent stylesheets.
    render_pdf(source(sections=1))
    parts() if "--parts" in sys.argv else compare()


if __name__ == "__main__":
    main()
