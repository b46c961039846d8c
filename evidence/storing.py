"""An evidence file's way into the private storage: size-limited, inspected, hashed, ours."""

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone

from evidence.content import FileContent
from evidence.rules import shown_filename
from isms.files.inspection import InspectedFile, inspect_file
from isms.files.store import CHUNK_SIZE, FileTooLargeError, StoredFile, private_file_store

STORAGE_PREFIX = "evidence"


@dataclass(frozen=True)
class StoredEvidenceFile:
    stored: StoredFile
    inspected: InspectedFile
    filename: str


def max_upload_bytes() -> int:
    return int(settings.EVIDENCE_MAX_UPLOAD_BYTES)


def store_evidence_file(content: FileContent) -> StoredEvidenceFile:
    """Check the file from its content, then stream it to the private storage under our name.

    The checks need to look at the file more than once (a ZIP's directory sits at its end), so
    the bytes are first on local disk: where Django already spooled an upload there, that file is
    used as it is; anything else is copied there in chunks, never held whole in memory. Raises a
    ``ValidationError`` (too large, empty, a type we do not accept) and leaves nothing stored.
    """
    filename = shown_filename(content.filename)
    limit = max_upload_bytes()
    with _on_local_disk(content.source, limit=limit) as path:
        inspected = inspect_file(path, filename=filename)
        with path.open("rb") as local:
            stored = private_file_store(
                source=local,
                prefix=f"{STORAGE_PREFIX}/{timezone.now():%Y/%m}",
                extension=inspected.extension,
                max_bytes=limit,
            )
    return StoredEvidenceFile(stored=stored, inspected=inspected, filename=filename)


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
    with tempfile.NamedTemporaryFile(
        prefix="evidence-", dir=settings.FILE_UPLOAD_TEMP_DIR
    ) as spool:
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
