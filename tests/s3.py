"""A real S3 API for tests: moto in server mode on loopback, spoken to over HTTP.

Registered as a plugin in tests/conftest.py, so any test can ask for ``s3_storages`` (Django's
"default" and "private" storages pointed at a fresh bucket), ``s3`` (a boto3 client of our own,
to look at the bucket without going through Django) and ``bucket``. moto does not verify
checksums, so every check on stored bytes hashes them in the test.
"""

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.conf import settings
from django.test import override_settings
from moto.server import ThreadedMotoServer

S3_BACKEND = "storages.backends.s3.S3Storage"
REGION = "us-east-1"
ACCESS_KEY = "moto-access-key"
SECRET_KEY = "moto-secret-key"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """One moto server for the session: it starts in under a second and holds no shared state
    that matters, since every test makes its own bucket."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint: str) -> Any:
    """A boto3 client of our own, to look at the bucket without going through Django."""
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


@pytest.fixture
def bucket(s3: Any) -> str:
    name = f"isms-test-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


def s3_storage(endpoint: str, bucket: str, *, location: str, signed: bool) -> dict[str, Any]:
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "file_overwrite": False,
            "default_acl": None,
            "location": location,
            "querystring_auth": signed,
        },
    }


@pytest.fixture
def s3_storages(s3_endpoint: str, bucket: str) -> Iterator[None]:
    """Point "default" and "private" at the test bucket, as a deployment with S3 does."""
    configured = {
        **settings.STORAGES,
        "default": s3_storage(s3_endpoint, bucket, location="media", signed=False),
        "private": s3_storage(s3_endpoint, bucket, location="private", signed=True),
    }
    with override_settings(STORAGES=configured):
        yield


def keys(s3: Any, bucket: str) -> list[str]:
    listing = s3.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def object_bytes(s3: Any, bucket: str, key: str) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.fixture
def own_server() -> Iterator[ThreadedMotoServer]:
    """A moto server of the test's own, which the test may stop (an S3 outage)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    yield server
    with contextlib.suppress(Exception):  # the test may have stopped it already
        server.stop()


def client_at(endpoint: str) -> Any:
    """A boto3 client for a given moto server."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


@pytest.fixture
def s3_down(own_server: ThreadedMotoServer) -> Iterator[str]:
    """The private storage on a bucket whose S3 server has stopped: an outage. Yields the bucket,
    for ``keys_seen_afterwards``."""
    host, port = own_server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    bucket = f"isms-down-{uuid.uuid4().hex[:12]}"
    client_at(endpoint).create_bucket(Bucket=bucket)
    own_server.stop()
    configured = {
        **settings.STORAGES,
        "private": s3_storage(endpoint, bucket, location="private", signed=True),
    }
    with override_settings(STORAGES=configured):
        yield bucket


def keys_seen_afterwards(bucket: str) -> list[str]:
    """What a bucket holds, through a new server: moto keeps its buckets in this process, so a
    server started after an outage shows what the stopped one kept."""
    witness = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    witness.start()
    try:
        host, port = witness.get_host_and_port()
        return keys(client_at(f"http://{host}:{port}"), bucket)
    finally:
        witness.stop()
