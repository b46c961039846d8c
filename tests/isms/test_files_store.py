"""Streaming private files into storage: hash, size, our own names, nothing left on failure."""

import errno
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from isms.files.errors import StorageUnavailableError
from isms.files.store import (
    CHUNK_SIZE,
    EmptyFileError,
    FileTooLargeError,
    private_file_store,
    removed_on_error,
)


def stored_names() -> list[str]:
    root = Path(storages["private"].location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


class FailingSource(io.RawIOBase):
    """A client that sends some bytes and then goes away."""

    def __init__(self, good_bytes: int) -> None:
        self.left = good_bytes

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise ConnectionResetError("client went away")
        chunk = min(self.left, size if size > 0 else self.left)
        self.left -= chunk
        return b"x" * chunk


class CountingSource(io.BytesIO):
    """Remembers the largest read, to show the store never asks for the whole file at once."""

    largest_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.largest_read = max(self.largest_read, len(data))
        return data


def test_it_stores_the_bytes_under_a_generated_name_with_their_hash_and_size() -> None:
    content = b"scan report\n" * 1000
    stored = private_file_store(
        source=io.BytesIO(content), prefix="evidence/7", extension="pdf", max_bytes=1 << 20
    )
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.name.startswith("evidence/7/") and stored.name.endswith(".pdf")
    assert len(Path(stored.name).stem) == 32
    with storages["private"].open(stored.name, "rb") as handle:
        assert handle.read() == content


def test_it_never_uses_the_clients_file_name() -> None:
    source = io.BytesIO(b"data")
    source.name = "../../etc/passwd"
    stored = private_file_store(source=source, prefix="evidence", extension="txt", max_bytes=10)
    assert "passwd" not in stored.name
    assert stored_names() == [stored.name]


def test_it_reads_in_chunks_not_the_whole_file() -> None:
    source = CountingSource(b"a" * (3 * CHUNK_SIZE + 5))
    stored = private_file_store(source=source, prefix="big", extension="bin", max_bytes=1 << 30)
    assert stored.size == 3 * CHUNK_SIZE + 5
    assert source.largest_read <= CHUNK_SIZE


def test_it_refuses_a_file_over_the_limit_and_leaves_nothing() -> None:
    with pytest.raises(FileTooLargeError, match=r"larger than the limit of 0\.5 MB"):
        private_file_store(
            source=io.BytesIO(b"a" * (CHUNK_SIZE + 1)),
            prefix="evidence",
            extension="pdf",
            max_bytes=CHUNK_SIZE // 2,
        )
    assert stored_names() == []


def test_it_accepts_a_file_exactly_at_the_limit() -> None:
    stored = private_file_store(
        source=io.BytesIO(b"a" * 100), prefix="evidence", extension="txt", max_bytes=100
    )
    assert stored.size == 100


def test_it_refuses_an_empty_file_and_leaves_nothing() -> None:
    with pytest.raises(EmptyFileError):
        private_file_store(source=io.BytesIO(b""), prefix="e", extension="txt", max_bytes=10)
    assert stored_names() == []


def test_a_client_that_goes_away_midway_leaves_nothing() -> None:
    with pytest.raises(ConnectionResetError):
        private_file_store(
            source=FailingSource(2 * CHUNK_SIZE), prefix="e", extension="bin", max_bytes=1 << 30
        )
    assert stored_names() == []


def test_a_disk_that_will_not_write_is_the_storage_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    storage = storages["private"]
    real_save = type(storage)._save

    def fill_the_disk(self: Any, name: str, content: Any) -> str:
        real_save(self, name, ContentFile(content.read(10)))  # a partial file, then a full disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(storage), "_save", fill_the_disk)

    with pytest.raises(StorageUnavailableError) as raised:
        private_file_store(
            source=io.BytesIO(b"x" * 100), prefix="e", extension="txt", max_bytes=1000
        )

    assert isinstance(raised.value.__cause__, OSError)
    assert stored_names() == []


def test_removed_on_error_deletes_the_file_when_recording_it_fails() -> None:
    stored = private_file_store(source=io.BytesIO(b"x"), prefix="e", extension="txt", max_bytes=9)
    with pytest.raises(RuntimeError), removed_on_error(stored):
        raise RuntimeError("the row could not be written")
    assert stored_names() == []


def test_removed_on_error_keeps_the_file_when_all_goes_well() -> None:
    stored = private_file_store(source=io.BytesIO(b"x"), prefix="e", extension="txt", max_bytes=9)
    with removed_on_error(stored):
        pass
    assert stored_names() == [stored.name]


def test_the_limit_error_is_a_validation_error_with_a_code(settings: Any) -> None:
    from django.core.exceptions import ValidationError

    error = FileTooLargeError(100 * 1024 * 1024)
    assert isinstance(error, ValidationError)
    assert error.code == "file_too_large"
    assert error.messages == ["The file is larger than the limit of 100 MB."]
