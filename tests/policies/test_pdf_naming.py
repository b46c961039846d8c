"""Naming a version's PDF, which every public page does, must not load WeasyPrint."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from datetime import date

import django

django.setup()
import isms.urls  # noqa: F401  (everything the web process loads for a request)
from policies.models import DocumentVersion

version = DocumentVersion(slug="isp", major=1, minor=2, effective_date=date(2025, 1, 1))
print(version.pdf_filename, "weasyprint" in sys.modules)
"""


def test_naming_a_pdf_does_not_load_weasyprint_into_the_web_process() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "isms.settings.test"},
    )

    assert result.stdout.split() == ["isp-v1.2-2025-01-01.pdf", "False"]
