"""The virus scanner seam: with CLAMD_SOCKET set, clamd sees every upload before it is stored.

The clean and infected cases run against a real clamd started for the session (tests/clamd.py)
with a signature for the EICAR test file; the outage cases point CLAMD_SOCKET at a socket that
is missing, silent, or answers nonsense. Malware found is an audit event; an outage is not.
"""

import hashlib
import io
import logging
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from isms.files.checked import checked_file_store
from isms.files.errors import ScannerUnavailableError
from isms.files.inspection import UnacceptableFileError
from isms.files.scanning import InfectedFileError
from tests.clamd import EICAR, SIGNATURE_NAME
from tests.isms.test_files_checked import stored_names

# Malware found writes an audit event, so every test here may reach the database.
pytestmark = pytest.mark.django_db


def store(content: bytes, filename: str = "eicar.txt", uploaded_by: User | None = None) -> Any:
    return checked_file_store(
        source=io.BytesIO(content),
        filename=filename,
        prefix="scanned",
        max_bytes=1 << 20,
        uploaded_by=uploaded_by,
    )


def virus_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.FILE_VIRUS_FOUND))


def zip_of(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_a_clean_file_is_scanned_and_stored(clamd_scanning: str) -> None:
    checked = store(b"host,finding\nweb-1,none\n", "hosts.csv")

    assert stored_names("scanned") == [checked.stored.name.rpartition("/")[2]]


@pytest.mark.parametrize(
    ("content", "filename"),
    [(EICAR, "eicar.txt"), (zip_of("logs/eicar.com.txt", EICAR), "logs.zip")],
    ids=["file", "inside a zip"],
)
def test_a_file_clamd_finds_malware_in_is_refused_and_not_stored(
    clamd_scanning: str, caplog: pytest.LogCaptureFixture, content: bytes, filename: str
) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(InfectedFileError) as refused:
        store(content, filename)

    assert refused.value.code == "virus_found"
    assert refused.value.message == (
        f"{filename} was refused: the virus scanner found malware in it. Nothing was stored."
    )
    assert SIGNATURE_NAME not in refused.value.message
    assert SIGNATURE_NAME in caplog.text  # the operator learns which signature matched
    assert stored_names("scanned") == []


def test_malware_found_is_an_audit_event_naming_the_uploader_the_file_and_its_hash(
    clamd_scanning: str,
) -> None:
    engineer = User.objects.create_user("mallory", first_name="Mallory")

    with pytest.raises(InfectedFileError):
        store(EICAR, "../reports/eicar.txt", uploaded_by=engineer)

    [event] = virus_events()
    assert (event.actor, event.actor_username) == (engineer, "mallory")
    assert event.detail == {
        "upload": "evidence",
        "filename": "eicar.txt",
        "sha256": hashlib.sha256(EICAR).hexdigest(),
    }
    assert event.action_label == "Upload refused: the virus scanner found malware"


def test_a_clean_file_or_one_refused_for_its_type_is_no_virus_event(clamd_scanning: str) -> None:
    store(b"host,finding\nweb-1,none\n", "hosts.csv")
    with pytest.raises(UnacceptableFileError):  # refused before it is scanned
        store(b"<html><script>alert(1)</script></html>", "eicar.txt")

    assert virus_events() == []


def test_nothing_is_scanned_without_a_socket(settings: Any) -> None:
    settings.CLAMD_SOCKET = ""

    assert store(EICAR).inspected.media_type == "text/plain"


@pytest.fixture
def silent_socket(tmp_path: Path) -> Iterator[str]:
    """A socket that accepts a connection and never answers (a hung scanner)."""
    path = str(tmp_path / "silent.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen()
        yield path


def answering(tmp_path: Path, reply: bytes) -> str:
    """A socket that reads the whole INSTREAM, then replies ``reply`` (a confused scanner)."""
    path = str(tmp_path / "confused.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen()

    def serve() -> None:
        connection, _ = server.accept()
        with connection, server:
            received = b""
            while not received.endswith(b"\0\0\0\0"):
                received += connection.recv(65536)
            connection.sendall(reply)

    threading.Thread(target=serve, daemon=True).start()
    return path


def assert_refused_as_unavailable() -> None:
    with pytest.raises(ScannerUnavailableError) as refused:
        store(b"host,finding\nweb-1,none\n", "hosts.csv")

    assert str(refused.value).startswith("The virus scanner is unavailable, so the file was not")
    assert stored_names("scanned") == []
    assert virus_events() == []  # an outage is logged, not recorded as malware


def test_a_configured_scanner_that_is_not_running_refuses_the_upload(
    settings: Any, tmp_path: Path
) -> None:
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")

    assert_refused_as_unavailable()


def test_a_scanner_that_does_not_answer_in_time_refuses_the_upload(
    settings: Any, silent_socket: str
) -> None:
    settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT_SECONDS = silent_socket, 1

    assert_refused_as_unavailable()


@pytest.mark.parametrize(
    "reply",
    [b"INSTREAM size limit exceeded. ERROR\0", b"stream: OK, probably\0", b""],
    ids=["over its size limit", "nonsense", "closed"],
)
def test_a_scanner_that_answers_anything_else_refuses_the_upload(
    settings: Any, tmp_path: Path, reply: bytes
) -> None:
    settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT_SECONDS = answering(tmp_path, reply), 5

    assert_refused_as_unavailable()
