"""An uploaded file's way into the private storage: size-limited, inspected, hashed, ours.

Every file a person hands us goes this way, whoever they are: evidence from an engineer or a CI
pipeline, a certificate from an officer, an anonymous reporter's screenshot. The bytes are first
on local disk (the checks look at a file more than once: a ZIP's directory sits at its end);
``isms.files.inspection`` decides from the content whether we accept it and as what; the virus
scanner, when one is configured (``isms.files.scanning``), has its say; only then does
``private_file_store`` stream it to the private storage under our own name, hashing as it
goes. Any refusal is a ``ValidationError`` and leaves nothing stored; malware found is also an
audit event (``isms.files.services``).

Files another storage keeps (Wagtail's documents and images, ``isms.files.wagtail_forms``) take
the same way up to the storing, through ``checked_file``.
"""

import contextlib
import hashlib
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from isms.files.inspection import EVIDENCE, Acceptable, InspectedFile, inspect_file
from isms.files.scanning import InfectedFileError, scan_for_viruses
from isms.files.services import file_virus_found_record
from isms.files.store import CHUNK_SIZE, FileTooLargeError, StoredFile, private_file_store

type Uploader = AbstractBaseUser | AnonymousUser | None

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
    *,
    source: IO[bytes],
    filename: str,
    prefix: str,
    max_bytes: int,
    uploaded_by: Uploader,
    acceptable: Acceptable = EVIDENCE,
    fallback_name: str = "file",
) -> CheckedFile:
    """Check the file from its content, then stream it to the private storage under our name.

    Where Django already spooled an upload to disk, that file is inspected as it is; anything
    else is copied there in chunks under ``max_bytes``, never held whole in memory. Raises a
    ``ValidationError`` (too large, empty, a type ``acceptable`` does not take, malware) or an
    ``UploadUnavailableError`` (the scanner or the storage is down) and leaves nothing stored.
    """
    shown = shown_filename(filename, fallback=fallback_name)
    with _on_local_disk(source, limit=max_bytes) as path:
        inspected = _checked(path, filename=shown, acceptable=acceptable, uploaded_by=uploaded_by)
        with path.open("rb") as local:
            stored = private_file_store(
                source=local, prefix=prefix, extension=inspected.extension, max_bytes=max_bytes
            )
    return CheckedFile(stored=stored, inspected=inspected, filename=shown)


def checked_file(
    *,
    source: IO[bytes],
    filename: str,
    max_bytes: int,
    acceptable: Acceptable,
    uploaded_by: Uploader,
) -> InspectedFile:
    """Check a file that another storage will keep, as ``checked_file_store`` would; store nothing.

    Raises as ``checked_file_store`` does. ``source`` is left at its start, for the caller to
    store from.
    """
    shown = shown_filename(filename)
    try:
        with _on_local_disk(source, limit=max_bytes) as path:
            return _checked(path, filename=shown, acceptable=acceptable, uploaded_by=uploaded_by)
    finally:
        source.seek(0)


def _checked(
    path: Path, *, filename: str, acceptable: Acceptable, uploaded_by: Uploader
) -> InspectedFile:
    inspected = inspect_file(path, filename=filename, acceptable=acceptable)
    try:
        scan_for_viruses(path, filename=filename)
    except InfectedFileError:
        file_virus_found_record(
            uploaded_by=uploaded_by,
            upload=acceptable.name,
            filename=filename,
            sha256=_sha256_of(path),
        )
        raise
    return inspected


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


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
