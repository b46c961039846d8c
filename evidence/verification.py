"""Rehash every stored evidence file and compare it with what was recorded at upload."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import Storage, storages

from evidence.models import EvidenceKind, EvidenceRevision
from evidence.storing import STORAGE_PREFIX
from isms.files.store import PRIVATE_STORAGE, measure_stored_file

BATCH = 500


@dataclass(frozen=True)
class RevisionCheck:
    """One revision's file, checked: ``problem`` is empty when its bytes are the recorded ones."""

    revision: EvidenceRevision
    size: int
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def evidence_files_verify() -> Iterator[RevisionCheck]:
    """Each file revision in turn, streamed from storage and rehashed (memory stays flat)."""
    revisions = (
        EvidenceRevision.objects.filter(kind=EvidenceKind.FILE)
        .select_related("evidence")
        .order_by("pk")
    )
    for revision in revisions.iterator(chunk_size=BATCH):
        measured = measure_stored_file(revision.storage_name)
        if measured is None:
            yield RevisionCheck(revision, 0, "the stored file is missing")
        elif measured.sha256 != revision.sha256 or measured.size != revision.size:
            yield RevisionCheck(
                revision, measured.size, "the stored bytes do not match the recorded SHA-256"
            )
        else:
            yield RevisionCheck(revision, measured.size)


def stored_files_without_revision() -> Iterator[str]:
    """Files under the evidence folder that no revision names, month folder by month folder.

    They are left when a request's transaction rolled back after its file was stored; they cost
    storage, not integrity (no row points at them), so they are reported, not failed on.
    """
    storage = storages[PRIVATE_STORAGE]
    for folder in _folders(storage, STORAGE_PREFIX):
        _, names = storage.listdir(folder)
        recorded = set(
            EvidenceRevision.objects.filter(storage_name__startswith=f"{folder}/").values_list(
                "storage_name", flat=True
            )
        )
        yield from sorted(
            f"{folder}/{name}" for name in names if f"{folder}/{name}" not in recorded
        )


def _folders(storage: Storage, folder: str) -> Iterator[str]:
    try:
        subfolders, _ = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield folder
    for subfolder in sorted(subfolders):
        yield from _folders(storage, f"{folder}/{subfolder}")
