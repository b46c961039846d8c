"""Streaming files into the private storage, hashed and size-limited on the way."""

import contextlib
import hashlib
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages

from isms.files.errors import StorageUnavailableError

logger = logging.getLogger(__name__)

PRIVATE_STORAGE = "private"
CHUNK_SIZE = 1024 * 1024
# What a storage fails with when it cannot be reached or will not write: botocore's and boto3's
# errors for S3 (no connection, a timeout, access denied, a failed multipart upload), OSError for
# a local disk (full, unmounted, not writable).
STORAGE_ERRORS = (BotoCoreError, ClientError, Boto3Error, OSError)


@dataclass(frozen=True)
class StoredFile:
    """Where a stored file lives and what it was: its name in the storage, hash and size."""

    name: str
    sha256: str
    size: int


class FileTooLargeError(ValidationError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The file is larger than the limit of {_megabytes(limit)}.", code="file_too_large"
        )


class EmptyFileError(ValidationError):
    def __init__(self) -> None:
        super().__init__("The file is empty.", code="empty_file")


class _HashingReader(File):  # type: ignore[type-arg]
    """A read-only file that hashes and counts what passes through it, up to a limit.

    Storage backends read their source in chunks (FileSystemStorage through ``chunks()``, S3
    through boto3's multipart upload), so the hash is computed while the bytes stream to the
    storage, in one pass, with memory bounded by the chunk size.
    """

    def __init__(self, source: IO[bytes], *, limit: int) -> None:
        super().__init__(source)
        self.source = source
        self.digest = hashlib.sha256()
        self.count = 0
        self.limit = limit
        self.source_error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.source.read(size)
        except BaseException as error:
            self.source_error = error  # the source failed, not the storage
            raise
        self.count += len(data)
        if self.count > self.limit:
            raise FileTooLargeError(self.limit)
        self.digest.update(data)
        return data

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        while data := self.read(chunk_size or CHUNK_SIZE):
            yield data

    def seekable(self) -> bool:
        # Read once, front to back: a backend that seeks (boto3 computing a size, or reading
        # multipart chunks at offsets) would otherwise hash bytes twice or out of order.
        return False


def private_file_store(
    *, source: IO[bytes], prefix: str, extension: str, max_bytes: int
) -> StoredFile:
    """Stream ``source`` into the private storage under ``<prefix>/<random>.<extension>``.

    The name is ours, never the client's; the hash and size are measured from the bytes actually
    written. Anything that goes wrong (too large, empty, the storage failing midway) removes what
    was written and raises: no partial object is ever left for a row to point at. A storage that
    cannot be used is logged and raised as ``StorageUnavailableError`` (503 in the API, a form
    error in the admin), not as the backend's own exception.
    """
    storage = storages[PRIVATE_STORAGE]
    name = f"{prefix.strip('/')}/{uuid.uuid4().hex}.{extension.lstrip('.')}"
    reader = _HashingReader(source, limit=max_bytes)
    try:
        stored_name = storage.save(name, reader)
        if reader.count == 0:
            raise EmptyFileError()
    except STORAGE_ERRORS as error:
        _delete_quietly(storage, name)
        if error is reader.source_error:
            raise
        logger.error("The private storage could not store %s: %r", name, error)
        raise StorageUnavailableError() from error
    except BaseException:
        _delete_quietly(storage, name)
        raise
    return StoredFile(name=stored_name, sha256=reader.digest.hexdigest(), size=reader.count)


@contextmanager
def removed_on_error(stored: StoredFile) -> Iterator[StoredFile]:
    """Delete a stored file again if the block that records it fails (no file without a row)."""
    try:
        yield stored
    except BaseException:
        _delete_quietly(storages[PRIVATE_STORAGE], stored.name)
        raise


def _delete_quietly(storage: Storage, name: str) -> None:
    # The original failure is the one to report, not a failed clean-up.
    with contextlib.suppress(Exception):
        storage.delete(name)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def measure_stored_file(name: str) -> StoredFile | None:
    """Rehash a stored file, streaming it: its SHA-256 and size now, or None when it is missing."""
    storage = storages[PRIVATE_STORAGE]
    digest, size = hashlib.sha256(), 0
    try:
        with storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK_SIZE):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return None
    return StoredFile(name=name, sha256=digest.hexdigest(), size=size)
