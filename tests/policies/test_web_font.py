"""The Inter font ships with the site, so pages and PDFs look the same on every host."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from policies.pdf.renderer import STYLESHEET

SITE_CSS = settings.BASE_DIR / "static" / "css" / "site.css"
FONT_URL = re.compile(r'url\("([^"]+\.woff2)"\)')
# Renders a PDF in a process whose fontconfig knows no fonts at all, and writes it to stdout.
RENDER_WITHOUT_SYSTEM_FONTS = """
import datetime, sys, django
django.setup()
from policies.pdf import PdfSource, render_pdf
source = PdfSource(
    title="Access Control Policy", slug="acp", kind_label="Policy", version="1.0",
    effective_date=datetime.date(2025, 1, 1),
    published_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    publisher="Vendela Software", approved_by="Olivia Berg", summary="Who may see what.",
    change_summary="First edition.", body_html="<h2>Scope</h2><p>All <em>staff</em>.</p>",
)
sys.stdout.buffer.write(render_pdf(source).content)
"""


def font_urls(stylesheet: Path) -> list[str]:
    return FONT_URL.findall(stylesheet.read_text())


def test_the_site_stylesheet_names_font_files_that_exist() -> None:
    urls = font_urls(SITE_CSS)

    assert len(urls) == 5
    for url in urls:
        assert (SITE_CSS.parent / url).resolve().is_file(), url


def test_the_pdf_stylesheet_names_static_font_files_that_exist() -> None:
    urls = font_urls(STYLESHEET)

    assert len(urls) == 5
    for url in urls:
        assert url.startswith("static:")
        assert finders.find(url.removeprefix("static:")), url


def test_the_font_licence_ships_with_the_fonts() -> None:
    licence = settings.BASE_DIR / "static" / "fonts" / "OFL.txt"

    assert "SIL Open Font License, Version 1.1" in licence.read_text()


def test_a_pdf_embeds_inter_from_our_files_on_a_host_without_fonts(tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<fontconfig><dir>{tmp_path / 'none'}</dir><cachedir>{tmp_path}</cachedir></fontconfig>"
    )
    environ = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "isms.settings.test",
        "PYTHONPATH": str(settings.BASE_DIR),
    }

    rendered = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", RENDER_WITHOUT_SYSTEM_FONTS],
        env=environ,
        capture_output=True,
        check=True,
        timeout=120,
    )

    reader = PdfReader(io.BytesIO(rendered.stdout))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"Inter", "Inter-Bold", "Inter-Semi-Bold", "Inter-Italic"}
