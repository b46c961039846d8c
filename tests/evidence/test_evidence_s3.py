"""Evidence against a real S3 API (moto's server on loopback): stored, served, verified, atomic."""

import io
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from evidence.content import FileContent
from evidence.models import Evidence, EvidenceRevision
from isms.files import checked
from isms.files.downloads import private_file_download
from isms.files.errors import StorageUnavailableError
from isms.files.responses import CachePolicy, ServedFile
from isms.files.store import CHUNK_SIZE
from tests.evidence.files import pdf_bytes
from tests.factories import make_evidence
from tests.s3 import client_at, keys, keys_seen_afterwards, object_bytes, s3_storage

pytestmark = pytest.mark.s3


def submit(engineer: Any, control: Any, data: bytes, name: str = "scan.pdf") -> Evidence:
    return make_evidence(
        controls=[control],
        produced_by=engineer,
        content=FileContent(source=io.BytesIO(data), filename=name),
    )


def test_it_stores_serves_and_verifies_evidence_in_s3(
    s3_storages: None,
    s3: Any,
    bucket: str,
    engineer: Any,
    annex_a_control: Any,
    client_for: Callable[[str], Client],
) -> None:
    data = pdf_bytes(pages=3)
    evidence = submit(engineer, annex_a_control, data)
    key = f"private/{evidence.current_revision.storage_name}"
    assert keys(s3, bucket) == [key]
    assert object_bytes(s3, bucket, key) == data

    response = client_for("engineer").get(reverse("evidence:download", args=[evidence.pk, 1]))
    assert b"".join(response.streaming_content) == data

    s3.put_object(Bucket=bucket, Key="private/evidence/2026/01/orphan.pdf", Body=b"%PDF-1.7")
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert "Stored files no revision names: 1." in out.getvalue()
    assert "evidence/2026/01/orphan.pdf" in out.getvalue()
    s3.put_object(Bucket=bucket, Key=key, Body=data[:-1] + b"\x00")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_evidence", stdout=out)
    assert "do not match the recorded SHA-256" in out.getvalue()
    tampered = client_for("engineer").get(reverse("evidence:download", args=[evidence.pk, 1]))
    assert tampered.status_code == 409


class StopsServerAfter(io.RawIOBase):
    """Reads a real file and stops the S3 server once part of it has gone up."""

    def __init__(self, source: Any, server: ThreadedMotoServer, *, stop_after: int) -> None:
        self.source, self.server, self.stop_after, self.sent = source, server, stop_after, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.sent >= self.stop_after and self.server is not None:
            self.server.stop()
            self.server = None  # type: ignore[assignment]
        data = self.source.read(size)
        self.sent += len(data)
        return data


@pytest.mark.parametrize("size", [3 * CHUNK_SIZE, 12 * CHUNK_SIZE], ids=["single", "multipart"])
def test_s3_going_down_midway_leaves_no_row_and_no_object(
    own_server: ThreadedMotoServer,
    engineer: Any,
    annex_a_control: Any,
    monkeypatch: pytest.MonkeyPatch,
    size: int,
) -> None:
    host, port = own_server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    bucket = f"isms-outage-{uuid.uuid4().hex[:12]}"
    client_at(endpoint).create_bucket(Bucket=bucket)
    configured = {
        **settings.STORAGES,
        "private": s3_storage(endpoint, bucket, location="private", signed=True),
    }
    real_store = checked.private_file_store

    def store_while_the_server_stops(*, source: Any, **kwargs: Any) -> Any:
        return real_store(
            source=StopsServerAfter(source, own_server, stop_after=CHUNK_SIZE), **kwargs
        )

    monkeypatch.setattr("isms.files.checked.private_file_store", store_while_the_server_stops)
    text = (b"host,finding\n" + b"web-1,none\n" * (size // 11))[:size]
    with (
        override_settings(STORAGES=configured),
        pytest.raises(StorageUnavailableError),
    ):
        submit(engineer, annex_a_control, text, name="hosts.csv")

    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    witness = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    witness.start()
    try:
        host, port = witness.get_host_and_port()
        assert keys(client_at(f"http://{host}:{port}"), bucket) == []
    finally:
        witness.stop()


def test_the_bucket_gets_versioning_and_a_default_retention(s3_endpoint: str, s3: Any) -> None:
    bucket = f"isms-locked-{uuid.uuid4().hex[:12]}"
    configured = {
        **settings.STORAGES,
        "private": s3_storage(s3_endpoint, bucket, location="private", signed=True),
    }
    out = io.StringIO()
    with override_settings(STORAGES=configured):
        call_command("prepare_private_bucket", "--retention-days", "30", stdout=out)
    assert out.getvalue().strip() == (
        f"Bucket {bucket}: versioning Enabled; COMPLIANCE retention for 30 days."
    )
    s3.put_object(Bucket=bucket, Key="private/evidence/a.txt", Body=b"first")
    s3.put_object(Bucket=bucket, Key="private/evidence/a.txt", Body=b"second")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert len(versions) == 2
    oldest = min(versions, key=lambda version: version["LastModified"])
    with pytest.raises(s3.exceptions.ClientError):
        s3.delete_object(Bucket=bucket, Key="private/evidence/a.txt", VersionId=oldest["VersionId"])


def test_an_existing_bucket_without_object_lock_is_reported(
    s3_endpoint: str, s3: Any, bucket: str
) -> None:
    configured = {
        **settings.STORAGES,
        "private": s3_storage(s3_endpoint, bucket, location="private", signed=True),
    }
    with (
        override_settings(STORAGES=configured),
        pytest.raises(CommandError, match="without Object Lock"),
    ):
        call_command("prepare_private_bucket", "--retention-days", "30", stdout=io.StringIO())


def test_an_s3_outage_is_a_message_on_the_form_and_nothing_is_stored(
    s3_down: str, client_for: Callable[[str], Client], annex_a_control: Any
) -> None:
    response = client_for("engineer").post(
        reverse("evidence:add"),
        {
            "title": "Nessus scan, October",
            "controls": [annex_a_control.pk],
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "kind": "file",
            "file": SimpleUploadedFile("scan.pdf", pdf_bytes()),
        },
    )

    assert response.status_code == 200
    assert "help-critical" in response.text
    assert "The file storage is unavailable, so nothing was stored; try again later." in (
        response.text
    )
    assert not Evidence.objects.exists()
    assert not EvidenceRevision.objects.exists()
    assert keys_seen_afterwards(s3_down) == []


@pytest.mark.parametrize("verify", [True, False], ids=["verified", "streamed"])
def test_a_download_during_an_s3_outage_is_a_503_not_a_500(
    own_server: ThreadedMotoServer,
    engineer: Any,
    annex_a_control: Any,
    client_for: Callable[[str], Client],
    rf: Any,
    verify: bool,
) -> None:
    host, port = own_server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    bucket = f"isms-down-{uuid.uuid4().hex[:12]}"
    client_at(endpoint).create_bucket(Bucket=bucket)
    configured = {
        **settings.STORAGES,
        "private": s3_storage(endpoint, bucket, location="private", signed=True),
    }
    with override_settings(STORAGES=configured):
        evidence = submit(engineer, annex_a_control, pdf_bytes(pages=1))
        revision = evidence.current_revision
        own_server.stop()

        if verify:  # evidence is always verified
            response = client_for("engineer").get(
                reverse("evidence:download", args=[evidence.pk, 1])
            )
        else:  # as public PDFs are served
            request = rf.get("/file")
            request.user = engineer
            response = private_file_download(
                request,
                ServedFile(
                    storage_name=revision.storage_name,
                    filename="scan.pdf",
                    content_type="application/pdf",
                    size=revision.size,
                    sha256=revision.sha256,
                ),
                target=revision,
                cache=CachePolicy.PUBLIC_IMMUTABLE,
                verify=False,
                recorded_as=None,
            )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "storage is unavailable" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
