"""A PDF whose rendering failed can be rendered again: `manage.py render_pending_pdfs`, and the
download page that tells the officer so."""

from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from policies.models import DocumentVersion, PolicyPage
from policies.pdf import PdfSource, RenderedPdf
from tests.factories import PERSONAS, make_policy, publish_version
from tests.html import text_of

STAFF_HINT = "python manage.py render_pending_pdfs"


@pytest.fixture
def unrendered(policies_index: Any, officer: Any) -> list[DocumentVersion]:
    """Two published versions whose rendering never ran (the on-commit task is not executed)."""
    second = make_policy(policies_index, title="Access Control Policy", slug="access-control")
    return [
        publish_version(page, version="1.0", effective=date(2025, 1, 1), by=officer)
        for page in (make_policy(policies_index), second)
    ]


def run() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("render_pending_pdfs", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_renders_every_missing_pdf(unrendered: list[DocumentVersion], stub_pdf: None) -> None:
    output, _ = run()

    for version in unrendered:
        version.refresh_from_db()
        assert version.is_pdf_ready
        assert f"Rendered: {version} (1 pages)" in output
    assert "Rendered 2 of 2 missing PDF(s)." in output
    assert run()[0] == "Every published record has its PDF.\n"


def test_it_goes_on_after_a_failure_and_exits_non_zero(
    unrendered: list[DocumentVersion], stub_pdf: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policies.pdf.renderer

    stub = policies.pdf.renderer.render_pdf

    def render(source: PdfSource) -> RenderedPdf:
        if source.slug == "isp":
            raise OSError("Pango is not installed")
        return stub(source)

    monkeypatch.setattr("policies.pdf.renderer.render_pdf", render)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"1 PDF\(s\) could not be rendered: Information Secu"):
        call_command("render_pending_pdfs", stdout=out, stderr=err)

    broken, fine = (DocumentVersion.objects.get(pk=version.pk) for version in unrendered)
    assert not broken.is_pdf_ready
    assert fine.is_pdf_ready
    failure = "Failed: Information Security Policy, version 1.0: Pango is not installed"
    assert failure in err.getvalue()
    assert "Rendered 1 of 2 missing PDF(s)." in out.getvalue()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pending_page_tells_only_staff_who_can_publish_what_to_run(
    client_for: Callable[[str], Client], policy: PolicyPage, officer: Any, persona: str
) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)

    response = client_for(persona).get(f"{version.page.url}versions/1.0/pdf/")

    assert response.status_code == 202
    text = text_of(response)
    assert "The PDF is being prepared" in text
    assert (STAFF_HINT in text) == (persona == "officer")
