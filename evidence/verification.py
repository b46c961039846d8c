"""Rehash every stored evidence file and compare it with what was recorded at upload."""

from collections.abc import Iterator
from dataclasses import dataclass

from evidence.models import EvidenceKind, EvidenceRevision
from isms.files.store import measure_stored_file

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
