"""Uploads through the API when the virus scanner objects or a service (clamd, S3) is down.

Malware is the client's problem (400, like any refused file); a scanner or a storage that cannot
be used is not (503 with Retry-After, so a pipeline retries), and neither leaves anything behind.
"""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from evidence.models import Evidence, EvidenceRevision
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from tests.api.conftest import error, period
from tests.clamd import EICAR
from tests.evidence.files import pdf_bytes
from tests.evidence.test_hostile_uploads import stored_files
from tests.s3 import keys_seen_afterwards

pytestmark = pytest.mark.django_db

URL = "/api/v1/evidence/"


def submit(client: Client, content: bytes, name: str = "eicar.txt") -> Any:
    return client.post(
        URL,
        {
            "title": "Endpoint scan",
            "controls": ["iso27001-2022:A.8.8"],
            **period(),
            "file": SimpleUploadedFile(name, content),
        },
    )


def assert_nothing_kept(settings: Any) -> None:
    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    assert stored_files(settings) == []


def test_malware_is_a_400_that_names_no_signature(
    api_client: Any, annex_a_control: Any, clamd_scanning: str, settings: Any
) -> None:
    response = submit(api_client("engineer"), EICAR)

    assert response.status_code == 400
    assert error(response)["message"] == (
        "eicar.txt was refused: the virus scanner found malware in it. Nothing was stored."
    )
    assert_nothing_kept(settings)
    # The refusal does not roll the event back with the request.
    [event] = AuditEvent.objects.filter(action=AuditAction.FILE_VIRUS_FOUND)
    assert (event.actor_username, event.detail["filename"]) == ("engineer", "eicar.txt")


def test_a_clean_file_is_accepted_while_scanning(
    api_client: Any, annex_a_control: Any, clamd_scanning: str
) -> None:
    response = submit(api_client("engineer"), b"host,finding\nweb-1,none\n", "hosts.csv")

    assert response.status_code == 201, response.content


def test_a_scanner_that_is_down_is_a_503_to_retry(
    api_client: Any, annex_a_control: Any, settings: Any, tmp_path: Path
) -> None:
    settings.CLAMD_SOCKET = str(tmp_path / "clamd.sock")

    response = submit(api_client("engineer"), b"host,finding\nweb-1,none\n", "hosts.csv")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = error(response)
    assert body["code"] == "scanner_unavailable"
    assert body["message"].startswith("The virus scanner is unavailable, so the file was not")
    assert_nothing_kept(settings)


@pytest.mark.s3
def test_an_s3_outage_is_a_503_to_retry_and_nothing_is_stored(
    api_client: Any, annex_a_control: Any, s3_down: str
) -> None:
    response = submit(api_client("engineer"), pdf_bytes(), "scan.pdf")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = error(response)
    assert body["code"] == "storage_unavailable"
    assert body["message"].startswith("The file storage is unavailable, so nothing was stored")
    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    assert keys_seen_afterwards(s3_down) == []
