"""A record's PDF is rendered once, stored under our own name, and rendered later if it failed."""

import re
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from isms.files.store import measure_stored_file
from isms.frameworks.models import SoaVersion
from isms.records.pdf import record_pdf_attach, records_without_pdf
from policies.models import PolicyPage
from tests.factories import publish_version
from tests.frameworks.conftest import publish


@pytest.fixture
def soa(annex_a: Any, officer: Any, approver: Any, stub_soa_pdf: None) -> SoaVersion:
    return publish(by=officer, approved_by=approver)


def test_an_soa_pdf_is_stored_through_the_private_store_under_our_name(soa: SoaVersion) -> None:
    record_pdf_attach(soa)

    assert re.fullmatch(rf"soa-versions/{soa.pk}/[0-9a-f]{{32}}\.pdf", soa.pdf_file)
    measured = measure_stored_file(soa.pdf_file)
    assert measured is not None
    assert (measured.sha256, measured.size, soa.pdf_page_count) == (soa.pdf_sha256, 2048, 3)


def test_publishing_queues_the_rendering_after_commit(
    annex_a: Any,
    officer: Any,
    approver: Any,
    stub_soa_pdf: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = publish(by=officer, approved_by=approver)
    version.refresh_from_db()
    assert not version.is_pdf_ready  # nothing is rendered inside the publishing transaction

    for callback in callbacks:
        callback()

    version.refresh_from_db()
    assert version.is_pdf_ready


def test_pending_pdfs_of_every_record_type_are_rendered_by_one_command(
    soa: SoaVersion, policy: PolicyPage, officer: Any, stub_pdf: None
) -> None:
    document = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    assert set(records_without_pdf()) == {soa, document}
    out = StringIO()

    call_command("render_pending_pdfs", stdout=out)

    assert "Rendered 2 of 2 missing PDF(s)." in out.getvalue()
    assert list(records_without_pdf()) == []
