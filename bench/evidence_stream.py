"""One 1 GB evidence file streamed through the service: peak memory must stay under 150 MB.

Run from the project root: ``.venv/bin/python bench/evidence_stream.py``. It writes a 1 GB text
file to disk, submits it through ``evidence_create`` as an upload Django had already spooled to a
temporary file (what a large multipart upload is), and prints the time and the process's peak
resident memory, measured before and after, so the figure is what streaming the gigabyte added.
"""

import time
from pathlib import Path

from _evidence_setup import control_and_engineer, peak_rss_mib, setup

SIZE = 1024 * 1024 * 1024
MEGABYTE = 1024 * 1024
LIMIT_MIB = 150


class SpooledUpload:
    """Like Django's TemporaryUploadedFile: a file on disk with its path and size."""

    def __init__(self, path: Path) -> None:
        self.path, self.size, self.file = path, path.stat().st_size, path.open("rb")

    def temporary_file_path(self) -> str:
        return str(self.path)

    def read(self, size: int = -1) -> bytes:
        return self.file.read(size)

    def seek(self, offset: int) -> int:
        return self.file.seek(offset)


def main() -> int:
    data_dir = setup("stream", EVIDENCE_MAX_UPLOAD_BYTES=str(2 * SIZE))
    import datetime

    from django.utils import timezone

    from evidence.content import FileContent
    from evidence.services import evidence_create

    control, engineer = control_and_engineer()
    source = data_dir / "upload.txt"
    line = b"2026-11-30T10:00:00Z scanner host-00001 checked, no findings\n"
    with source.open("wb") as out:
        block = line * (MEGABYTE // len(line) + 1)
        for _ in range(SIZE // MEGABYTE):
            out.write(block[:MEGABYTE])
    before = peak_rss_mib()
    today = timezone.localdate()
    started = time.perf_counter()
    evidence = evidence_create(
        title="Scanner log, one gigabyte",
        controls=[control],
        period_start=today - datetime.timedelta(days=1),
        period_end=today,
        produced_by=engineer,
        source="api",  # type: ignore[arg-type]
        content=FileContent(SpooledUpload(source), "scanner.log.txt"),  # type: ignore[arg-type]
    )
    seconds = time.perf_counter() - started
    peak = peak_rss_mib()
    assert evidence.current_revision is not None and evidence.current_revision.size == SIZE
    print(
        f"evidence_stream size_mb={SIZE // MEGABYTE} seconds={seconds:.1f} "
        f"mb_per_s={SIZE / MEGABYTE / seconds:.0f} peak_rss_mib={peak:.0f} "
        f"rss_before_mib={before:.0f} limit_mib={LIMIT_MIB} within_limit={peak < LIMIT_MIB}"
    )
    return 0 if peak < LIMIT_MIB else 1


if __name__ == "__main__":
    raise SystemExit(main())
