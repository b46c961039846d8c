"""The PDF of a published version: what a customer or an auditor reads in the downloaded file."""

import datetime
import hashlib
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from isms.records.numbers import versioned_file_stem
from policies.pdf import PdfLogo, PdfSource, RenderedPdf, logo_media_type, render_pdf
from policies.pdf.renderer import (
    LOGO_URL,
    STYLESHEET,
    anchor_headings,
    footer_title,
    pdf_fetcher,
)

# Published from a UTC+1 office: the cover and the metadata must both say 14:05 UTC.
PUBLISHED_AT = datetime.datetime(
    2025, 1, 28, 15, 5, 31, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
)
FILLER = (
    "Vendela Software reviews this control at least once a year and whenever a significant "
    "change to the service makes it necessary. The owner records the outcome of each review, "
    "with the evidence that the control operated during the period."
)
SECTIONS = (
    "Purpose and scope",
    "Roles and responsibilities",
    "Change management",
    "Access control",
    "Supplier management",
    "Incident response",
    "Business continuity",
)


def make_source(**overrides: object) -> PdfSource:
    fields: dict[str, object] = {
        "title": "Vendela Cloud Delivery Model (VCDM)",
        "slug": "vcdm",
        "kind_label": "Programme document",
        "version": "1.1",
        "effective_date": datetime.date(2025, 2, 1),
        "published_at": PUBLISHED_AT,
        "publisher": "Vendela Software",
        "approved_by": "Olivia Officer",
        "summary": "How Vendela Software builds and runs the cloud services it delivers.",
        "change_summary": "Added quarterly restore tests to business continuity.",
        "body_html": "<p>This document has a single paragraph.</p>",
    }
    fields.update(overrides)
    return PdfSource(**fields)  # type: ignore[arg-type]


def long_body() -> str:
    """Several pages of body, so later headings land several pages after the contents."""
    paragraphs = "".join(f"<p>{FILLER}</p>" for _ in range(6))
    return "".join(
        f"<h2>{heading}</h2>{paragraphs}<h3>Records of {heading.lower()}</h3>{paragraphs}"
        for heading in SECTIONS
    )


def pages_text(rendered: RenderedPdf) -> list[str]:
    reader = PdfReader(io.BytesIO(rendered.content))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def long_pdf() -> RenderedPdf:
    return render_pdf(make_source(body_html=long_body()))


@pytest.fixture(scope="module")
def long_pages(long_pdf: RenderedPdf) -> list[str]:
    return pages_text(long_pdf)


def test_it_prints_version_effective_date_and_page_number_on_every_page(
    long_pages: list[str],
) -> None:
    total = len(long_pages)
    assert total > 4
    for number, text in enumerate(long_pages, start=1):
        assert "Version 1.1" in text, f"page {number}"
        assert "2025-02-01" in text, f"page {number}"
        assert re.search(rf"\bPage {number} of {total}\b", text), f"page {number}"


def test_it_reports_the_page_count_of_the_pdf(long_pdf: RenderedPdf) -> None:
    assert long_pdf.page_count == len(PdfReader(io.BytesIO(long_pdf.content)).pages)


def test_it_hashes_the_bytes_it_returns(long_pdf: RenderedPdf) -> None:
    assert long_pdf.sha256 == hashlib.sha256(long_pdf.content).hexdigest()


def test_it_names_the_file_after_slug_version_and_effective_date(long_pdf: RenderedPdf) -> None:
    assert long_pdf.filename == "vcdm-v1.1-2025-02-01.pdf"
    assert (
        versioned_file_stem(slug="isp", number="2.10", effective_date=datetime.date(2026, 12, 31))
        == "isp-v2.10-2026-12-31"
    )


def test_it_records_title_subject_publisher_and_publication_time_as_metadata(
    long_pdf: RenderedPdf,
) -> None:
    metadata = PdfReader(io.BytesIO(long_pdf.content)).metadata

    assert metadata is not None
    assert metadata.title == "Vendela Cloud Delivery Model (VCDM)"
    assert metadata.subject == "Programme document, version 1.1, effective 2025-02-01"
    assert metadata.author == "Vendela Software"
    assert metadata.creator == "Vendela Software"
    assert metadata.creation_date == PUBLISHED_AT
    assert metadata.creation_date.utcoffset() == datetime.timedelta(0)


def test_it_shows_the_version_facts_on_the_cover(long_pages: list[str]) -> None:
    cover = long_pages[0]

    assert "Vendela Cloud Delivery Model (VCDM)" in cover
    assert "PROGRAMME DOCUMENT" in cover
    assert "Version 1.1" in cover
    assert "Effective 1 February 2025" in cover
    assert cover.count("1 February 2025") == 1, "the effective date is printed once"
    assert "28 January 2025, 14:05 UTC" in cover
    assert "Olivia Officer" in cover
    assert "Added quarterly restore tests to business continuity." in cover


def test_it_lists_each_heading_with_the_page_it_lands_on(long_pages: list[str]) -> None:
    contents = long_pages[1]
    listed = re.search(r"^Incident response[ .]*?(\d+)$", contents, re.MULTILINE)
    landed = next(
        number
        for number, text in enumerate(long_pages, start=1)
        if number > 2 and "Incident response" in text.splitlines()
    )

    assert listed is not None
    assert landed > 4
    assert int(listed.group(1)) == landed


def test_it_lists_subheadings_in_the_contents(long_pages: list[str]) -> None:
    assert re.search(r"^Records of incident response[ .]*?\d+$", long_pages[1], re.MULTILINE)


def test_it_leaves_out_the_contents_when_the_body_has_no_headings() -> None:
    rendered = render_pdf(make_source(body_html=f"<p>{FILLER}</p><ul><li>{FILLER}</li></ul>"))
    pages = pages_text(rendered)

    assert rendered.page_count == 2
    assert not any("Contents" in text for text in pages)
    assert FILLER[:40] in pages[1]


def test_it_shows_html_in_the_title_as_text() -> None:
    title = 'R&D <b>Secure</b> "Coding" <script>x</script>'
    rendered = render_pdf(make_source(title=title, publisher="Smith & <Jones>"))
    metadata = PdfReader(io.BytesIO(rendered.content)).metadata
    *cover, footer = pages_text(rendered)[0].splitlines()

    assert metadata is not None
    assert metadata.title == title
    assert metadata.author == "Smith & <Jones>"
    assert title in " ".join(cover)  # the cover title may wrap
    assert "Smith & <Jones>" in cover
    assert footer.startswith(title)


def test_it_renders_the_same_source_to_the_same_bytes() -> None:
    source = make_source(body_html=f"<h2>Scope</h2><p>{FILLER}</p>")

    assert render_pdf(source).content == render_pdf(source).content


def test_it_refuses_a_publication_time_without_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        render_pdf(make_source(published_at=datetime.datetime(2025, 1, 28, 14, 5)))  # noqa: DTZ001


def test_it_shortens_a_long_title_in_the_footer_only() -> None:
    title = "Information Security Management System Scope, Context and Statement of Applicability"
    rendered = render_pdf(make_source(title=title))
    footer = pages_text(rendered)[0].splitlines()[-1]

    assert footer_title(title) == "Information Security Management System Scope, Context…"
    assert footer.startswith("Information Security Management System Scope, Context…")
    assert footer_title("Access Control Policy") == "Access Control Policy"


def test_it_gives_headings_without_an_id_a_unique_one() -> None:
    body = anchor_headings(
        '<h2>Scope</h2><p id="scope-2">x</p><h3 class="x">Scope</h3><h2 id="kept">Roles</h2>'
        "<h2>Scope &amp; <b>roles</b></h2><h3>Contents</h3><h2>!!</h2>"
    )

    assert [(entry.level, entry.text, entry.anchor) for entry in body.headings] == [
        (2, "Scope", "scope"),
        (3, "Scope", "scope-3"),
        (2, "Roles", "kept"),
        (2, "Scope & roles", "scope-roles"),
        (3, "Contents", "contents"),
        (2, "!!", "section"),
    ]
    assert body.html == (
        '<h2 id="scope">Scope</h2><p id="scope-2">x</p><h3 id="scope-3" class="x">Scope</h3>'
        '<h2 id="kept">Roles</h2><h2 id="scope-roles">Scope &amp; <b>roles</b></h2>'
        '<h3 id="contents">Contents</h3><h2 id="section">!!</h2>'
    )


def test_it_leaves_empty_headings_out_of_the_contents() -> None:
    body = anchor_headings("<h2> </h2><h2>Scope<br>and roles</h2><h3><b></b></h3>")

    assert [entry.text for entry in body.headings] == ["Scope and roles"]
    assert body.html == '<h2> </h2><h2 id="scope-and-roles">Scope<br>and roles</h2><h3><b></b></h3>'


def test_it_keeps_body_markup_byte_for_byte_across_lines() -> None:
    html = "<section>\r\n  <p>Intro</p>\n  <H2\n class='a'>Multi\nline</H2>\n</section>"

    body = anchor_headings(html)

    assert body.html == html.replace("<H2\n", '<H2 id="multi-line"\n')
    assert body.headings[0].text == "Multi line"


def test_it_does_not_give_a_heading_an_id_the_template_uses() -> None:
    body = anchor_headings("<h2>PDF contents</h2><h2>PDF body</h2>")

    assert [entry.anchor for entry in body.headings] == ["pdf-contents-2", "pdf-body-2"]


def test_it_reads_only_files_of_the_pdf_package() -> None:
    fetcher = pdf_fetcher()

    response = fetcher.fetch(STYLESHEET.as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()
    for url in (
        "https://example.com/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/hostname",
        (STYLESHEET.parent / ".." / "apps.py").as_uri(),
        "data:text/plain,hello",
    ):
        with pytest.raises(ValueError, match="only reads its own files"):
            fetcher.fetch(url)


def png_logo() -> PdfLogo:
    image = io.BytesIO()
    Image.new("RGB", (64, 32), "#1f3a5f").save(image, format="PNG")
    return PdfLogo(content=image.getvalue(), media_type="image/png")


GOVERNANCE = {
    "classification": "Internal",
    "document_owner": "Chief Information Security Officer",
    "next_review_date": datetime.date(2026, 2, 1),
}


def test_it_shows_owner_classification_and_next_review_on_the_cover() -> None:
    cover = pages_text(render_pdf(make_source(**GOVERNANCE)))[0]

    assert "Document owner Chief Information Security Officer" in cover
    assert "Classification Internal" in cover
    assert "Next review 1 February 2026 2026-02-01" in cover
    assert "INTERNAL" in cover  # the label beside the organisation's name


def test_it_prints_the_classification_in_the_header_of_every_page_after_the_cover() -> None:
    pages = pages_text(render_pdf(make_source(body_html=long_body(), **GOVERNANCE)))

    assert len(pages) > 4
    header = "VENDELA SOFTWARE Programme document · Internal"
    assert all(header in text.splitlines() for text in pages[1:])


def test_it_puts_the_organisations_logo_on_the_cover() -> None:
    with_logo = PdfReader(io.BytesIO(render_pdf(make_source(logo=png_logo())).content))
    without = PdfReader(io.BytesIO(render_pdf(make_source()).content))

    assert len(with_logo.pages[0].images) == 1
    assert len(without.pages[0].images) == 0


def test_it_renders_a_source_with_logo_and_governance_to_the_same_bytes() -> None:
    source = make_source(logo=png_logo(), **GOVERNANCE)

    assert render_pdf(source).content == render_pdf(source).content


def test_it_answers_the_logo_address_only_from_the_bytes_it_was_given() -> None:
    logo = png_logo()

    response = pdf_fetcher(logo=logo).fetch(LOGO_URL)
    try:
        assert response.read() == logo.content
    finally:
        response.close()
    with pytest.raises(ValueError, match="only reads its own files"):
        pdf_fetcher().fetch(LOGO_URL)


def test_it_tells_png_and_jpeg_logos_from_svg() -> None:
    assert logo_media_type(png_logo().content) == "image/png"
    assert logo_media_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert logo_media_type(b'<svg xmlns="http://www.w3.org/2000/svg"/>') == "image/svg+xml"
