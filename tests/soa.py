"""The Statement of Applicability in tests: a small Annex A with its entries, a second officer to
approve, publishing helpers (a pytest plugin, registered in tests/conftest.py)."""

import datetime
from typing import Any

import pytest

from isms.frameworks.models import ApplicabilityEntry, Control, SoaSubmission, SoaVersion
from isms.frameworks.soa.services import (
    soa_entries_ensure,
    soa_entry_update,
    soa_submission_approve,
    soa_version_submit,
)
from isms.roles import Role
from tests.factories import ControlFactory, FrameworkFactory, UserFactory

ANNEX_A_REFS = ("A.5.1", "A.5.15", "A.6.3", "A.7.1", "A.7.4", "A.8.8", "A.8.13")
EXCLUSION = "We occupy no premises with information systems; our cloud provider's are certified."


@pytest.fixture
def annex_a(db: None) -> dict[str, Control]:
    """Seven Annex A controls, a clause and another framework's control, with entries made."""
    controls = {ref: ControlFactory(ref=ref, title=f"Control {ref}") for ref in ANNEX_A_REFS}
    ControlFactory(ref="6.1.3", title="Risk treatment")
    ControlFactory(ref="A.5.1", framework=FrameworkFactory(code="iso27002-2022", name="Other"))
    soa_entries_ensure()
    return controls


@pytest.fixture
def approver(db: None) -> Any:
    return UserFactory(
        username="approver", first_name="Camilla", last_name="Holm", role=Role.COMPLIANCE_OFFICER
    )


def entry(ref: str) -> ApplicabilityEntry:
    return ApplicabilityEntry.objects.get(
        control__framework__code="iso27001-2022", control__ref=ref
    )


def exclude(ref: str, *, by: Any, justification: str = EXCLUSION) -> ApplicabilityEntry:
    return soa_entry_update(
        entry=entry(ref),
        by=by,
        applicable=False,
        justification=justification,
        implementation_status="not_applicable",
    )


def submit(
    *,
    by: Any,
    requested_approver: Any = None,
    number: str = "1.0",
    effective_date: datetime.date = datetime.date(2026, 1, 1),
    change_summary: str = "First published Statement of Applicability.",
) -> SoaSubmission:
    return soa_version_submit(
        by=by,
        requested_approver=requested_approver,
        number=number,
        effective_date=effective_date,
        change_summary=change_summary,
    )


def publish(*, by: Any, approved_by: Any, **submission: Any) -> SoaVersion:
    """Both steps: ``by`` submits, asking ``approved_by``, who approves."""
    submitted = submit(by=by, requested_approver=approved_by, **submission)
    return soa_submission_approve(submission=submitted, by=approved_by)


@pytest.fixture
def stub_soa_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Publishing runs end to end with a tiny stand-in for WeasyPrint, for tests about views."""
    import hashlib

    from isms.frameworks.soa.pdf import RenderedSoaPdf

    def render(source: Any) -> RenderedSoaPdf:
        content = b"%PDF-1.7 soa stub".ljust(2048, b" ")
        return RenderedSoaPdf(
            content=content, page_count=3, sha256=hashlib.sha256(content).hexdigest()
        )

    monkeypatch.setattr("isms.frameworks.soa.pdf.render_soa_pdf", render)
