"""The private file store against a real S3 API: streamed, hashed, and nothing left on failure.

The outage test runs its own moto server and stops it in the middle of an upload; moto keeps its
buckets in this process, so a second server started afterwards shows what the first one kept.
"""

import hashlib
import io
import uuid
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError
from django.conf import settings
from django.test import override_settings
from moto.server import ThreadedMotoServer

from isms.files.errors import StorageUnavailableError
from isms.files.store import CHUNK_SIZE, FileTooLargeError, private_file_store
from tests.s3 import client_at, keys, s3_storage

pytestmark = pytest.mark.s3


class StopsServerMidway(io.RawIOBase):
    """A source that stops the S3 server once part of the file has been read."""

    def __init__(self, server: ThreadedMotoServer, *, total: int, stop_after: int) -> None:
        self.server, self.left, self.stop_after, self.sent = server, total, stop_after, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.sent >= self.stop_after and self.server is not None:
            self.server.stop()
            self.server = None  # type: ignore[assignment]
        chunk = min(self.left, size if size > 0 else self.left)
        self.left -= chunk
        self.sent += chunk
        return b"e" * chunk


def test_it_streams_a_file_to_s3_with_its_hash(s3_storages: None, s3: Any, bucket: str) -> None:
    content = b"vulnerability scan\n" * 200_000  # ~3.8 MB: more than one chunk
    stored = private_file_store(
        source=io.BytesIO(content), prefix="evidence/3", extension="csv", max_bytes=10 << 20
    )
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert keys(s3, bucket) == [f"private/{stored.name}"]
    body = s3.get_object(Bucket=bucket, Key=f"private/{stored.name}")["Body"].read()
    assert hashlib.sha256(body).hexdigest() == stored.sha256


def test_an_oversized_file_leaves_no_object_in_s3(s3_storages: None, s3: Any, bucket: str) -> None:
    with pytest.raises(FileTooLargeError):
        private_file_store(
            source=io.BytesIO(b"z" * (2 * CHUNK_SIZE)),
            prefix="evidence",
            extension="bin",
            max_bytes=CHUNK_SIZE,
        )
    assert keys(s3, bucket) == []


@pytest.mark.parametrize("size", [3 * CHUNK_SIZE, 12 * CHUNK_SIZE], ids=["single", "multipart"])
def test_storage_going_down_midway_leaves_no_object(
    own_server: ThreadedMotoServer, size: int
) -> None:
    host, port = own_server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    bucket = f"isms-outage-{uuid.uuid4().hex[:12]}"
    client_at(endpoint).create_bucket(Bucket=bucket)
    configured = {
        **settings.STORAGES,
        "private": s3_storage(endpoint, bucket, location="private", signed=True),
    }
    outage = pytest.raises(StorageUnavailableError)
    with override_settings(STORAGES=configured), outage as raised:
        private_file_store(
            source=StopsServerMidway(own_server, total=size, stop_after=CHUNK_SIZE),
            prefix="evidence",
            extension="bin",
            max_bytes=1 << 30,
        )

    # The backend's own error is kept as the cause, for the log; the caller gets ours.
    assert isinstance(raised.value.__cause__, EndpointConnectionError)
    witness = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    witness.start()
    try:
        host, port = witness.get_host_and_port()
        assert keys(client_at(f"http://{host}:{port}"), bucket) == []
    finally:
        witness.stop()


def test_a_bucket_that_refuses_the_upload_is_the_storage_unavailable(
    s3_endpoint: str, s3: Any
) -> None:
    configured = {
        **settings.STORAGES,
        "private": s3_storage(s3_endpoint, "no-such-bucket", location="private", signed=True),
    }
    with override_settings(STORAGES=configured), pytest.raises(StorageUnavailableError) as raised:
        private_file_store(
            source=io.BytesIO(b"scan"), prefix="evidence", extension="txt", max_bytes=1 << 20
        )

    assert isinstance(raised.value.__cause__, s3.exceptions.ClientError)
