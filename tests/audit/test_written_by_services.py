"""Audit events are written by services, never by views, forms, admin hooks or models.

A view that records an event itself is one more place to forget it (the API's evidence detail
once recorded nothing while the admin's recorded "viewed"). Every call of ``audit_record`` must
sit in a services module or in one of the few seams below, each of which is itself the service
for what it records.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("isms", "policies", "evidence", "certifications", "search", "security")
SEAMS = {
    # Where the chain itself is written.
    "isms/audit/services.py",
    # Django's own sign-in signals: nothing of ours runs in between to call a service.
    "isms/audit/receivers.py",
    # The one way to send a stored file records the download and its refusals.
    "isms/files/downloads.py",
    # A rendered PDF is claimed and its hash recorded in one transaction, after the publication.
    "isms/records/pdf.py",
    # Wagtail's password view wrapped: the throttle records each guess.
    "isms/page_passwords.py",
}


def calls_audit_record(path: Path) -> bool:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
            if name == "audit_record":
                return True
    return False


def writers() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if calls_audit_record(path):
                found.append(path.relative_to(ROOT).as_posix())
    return found


def test_it_finds_the_writers_it_checks() -> None:
    assert "evidence/services.py" in writers()


def test_only_services_and_the_named_seams_write_audit_events() -> None:
    outside = [
        path
        for path in writers()
        if path not in SEAMS and Path(path).name != "services.py" and "/services/" not in path
    ]
    assert outside == [], "record the event in a service and call it from here"
