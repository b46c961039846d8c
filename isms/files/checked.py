"""An uploaded file's way into the private storage: size-limited, inspected, hashed, ours.

Every file a person hands us goes this way, whoever they are: evidence from an engineer or a CI
pipeline, a certificate from an officer, an anonymous reporter's screenshot. The bytes are first
on local disk (the checks look at a file more than once: a ZIP's directory sits at its end);
``isms.files.inspection`` decides from the content whether we accept it and as what; the virus
scanner, when one is configured (``isms.files.scanning``), has its say; only then does
``private_file_store`` stream it to the private storage under our own name, hashing as it
goes. Any refusal is a ``ValidationError`` and leaves nothing stored.
"""

import contextlib
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO

from django.conf import settings

from isms.files.inspection import InspectedFile, inspect_file
from isms.files.scanning import scan_for_viruses
from isms.files.store import CHUNK_SIZE, FileTooLargeError, StoredFile, private_file_store

MAX_FILENAME_CHARACTERS = 200


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed inspection and is stored: where, what it is, and the name it came as."""

    stored: StoredFile
    inspected: InspectedFile
    filename: str


def shown_filename(name: str, *, fallback: str = "file") -> str:
    """The client's file name made safe to show and to offer again: no folders, no control codes."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    return cleaned[-MAX_FILENAME_CHARACTERS:] or fallback


def checked_file_store(
    *, source: IO[bytes], filename: str, prefix: str, max_bytes: int, fallback_name: str = "file"
) -> CheckedFile:
    """Check the file from its content, then stream it to the private storage under our name.

    Where Django already spooled an upload to disk, that file is inspected as it is; anything
    else is copied there in chunks under ``max_bytes``, never held whole in memory. Raises a
    ``ValidationError`` (too large, empty, a type we do not accept, malware) or an
    ``UploadUnavailableError`` (the scanner or the storage is down) and leaves nothing stored.
    """
    shown = shown_filename(filename, fallback=fallback_name)
    with _on_local_disk(source, limit=max_bytes) as path:
        inspected = inspect_file(path, filename=shown)
        scan_for_viruses(path, filename=shown)
        with path.open("rb") as local:
            stored = private_file_store(
                source=local, prefix=prefix, extension=inspected.extension, max_bytes=max_bytes
            )
    return CheckedFile(stored=stored, inspected=inspected, filename=shown)


@contextlib.contextmanager
def _on_local_disk(source: IO[bytes], *, limit: int) -> Iterator[Path]:
    size = getattr(source, "size", None)
    if isinstance(size, int) and size > limit:
        raise FileTooLargeError(limit)
    temporary_path = getattr(source, "temporary_file_path", None)
    if temporary_path is not None:
        source.seek(0)
        yield Path(temporary_path())
        return
    with tempfile.NamedTemporaryFile(prefix="upload-", dir=settings.FILE_UPLOAD_TEMP_DIR) as spool:
        _copy_limited(source, spool, limit=limit)
        spool.flush()
        yield Path(spool.name)


def _copy_limited(source: IO[bytes], target: IO[bytes], *, limit: int) -> None:
    if hasattr(source, "seek"):
        with contextlib.suppress(OSError, ValueError):
            source.seek(0)
    copied = 0
    while chunk := source.read(CHUNK_SIZE):
        copied += len(chunk)
        if copied > limit:
            raise FileTooLargeError(limit)
        target.write(chunk)
