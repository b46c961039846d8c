"""The shared PDF pipeline: same bytes every time, only our own files, page count and hash."""

import datetime
import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from isms.pdf import SafeFileFetcher, human_date, render_html_to_pdf
from isms.pdf.dates import utc_iso, utc_long

HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Statement of Applicability</title><meta name="author" content="Vendela Software">
</head><body><h1>Statement</h1><p style="break-after: page">One</p><p>Two</p>{extra}
</body></html>"""


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    folder.mkdir()
    (folder / "page.css").write_text("@page { size: A4; margin: 2cm } body { font-size: 11pt }")
    (folder / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
        'height="10"/></svg>'
    )
    (tmp_path / "secret.svg").write_text((folder / "dot.svg").read_text())
    return folder


def render(assets: Path, extra: str = "") -> bytes:
    return render_html_to_pdf(
        html=HTML.format(extra=extra),
        stylesheets=[assets / "page.css"],
        base_dir=assets,
        roots=[assets],
    ).content


def test_it_renders_the_same_bytes_every_time(assets: Path) -> None:
    assert render(assets) == render(assets)


def test_it_reports_page_count_and_hash(assets: Path) -> None:
    output = render_html_to_pdf(
        html=HTML.format(extra=""),
        stylesheets=[assets / "page.css"],
        base_dir=assets,
        roots=[assets],
    )
    assert output.page_count == 2
    assert output.sha256 == hashlib.sha256(output.content).hexdigest()
    reader = PdfReader(io.BytesIO(output.content))
    assert len(reader.pages) == 2
    assert reader.metadata is not None
    assert reader.metadata.title == "Statement of Applicability"
    assert reader.metadata.author == "Vendela Software"


def test_it_reads_files_from_its_own_folders(assets: Path) -> None:
    with_image = render(assets, extra='<img src="dot.svg" alt="">')
    assert with_image != render(assets)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "file://attacker.example/share/logo.png",
        "ftp://example.com/x.png",
    ],
)
def test_the_fetcher_refuses_the_network(assets: Path, url: str) -> None:
    assert not SafeFileFetcher([assets]).allows(url)


def test_the_fetcher_refuses_files_outside_its_folders(assets: Path) -> None:
    fetcher = SafeFileFetcher([assets])
    assert fetcher.allows((assets / "dot.svg").as_uri())
    assert not fetcher.allows(f"file://{assets}/../secret.svg")
    assert not fetcher.allows((assets.parent / "secret.svg").as_uri())
    assert not fetcher.allows("file:///etc/passwd")


def test_an_image_from_outside_is_left_out_not_fetched(assets: Path) -> None:
    outside = render(assets, extra='<img src="../secret.svg" alt="">')
    assert outside == render(assets)


def test_dates_do_not_depend_on_the_locale() -> None:
    moment = datetime.datetime(
        2025, 2, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert human_date(datetime.date(2025, 2, 1)) == "1 February 2025"
    assert utc_long(moment) == "1 February 2025, 08:30 UTC"
    assert utc_iso(moment) == "2025-02-01T08:30:00Z"
