"""Ingesting evidence files through the service, then verify_evidence against sha256sum.

Run from the project root: ``.venv/bin/python bench/evidence_ingest.py``. It submits FILES text
files of 1 MB each through ``evidence_create`` (inspected, hashed, stored, one transaction and
audit event each), then rehashes every stored file twice in the same run: once as
``verify_evidence`` does, once with coreutils' ``sha256sum``, and prints both rates and their
ratio (the goal is at least 0.8), with ``openssl dgst -sha256`` beside them: Python's hashlib
uses OpenSSL's SHA-256 (SHA-NI instructions where the processor has them), Debian's sha256sum
its own portable code.
"""

import io
import subprocess
import time

from _evidence_setup import control_and_engineer, peak_rss_mib, setup

FILES = 1_000
ROUNDS = 2
MEGABYTE = 1024 * 1024


def one_megabyte(number: int) -> bytes:
    row = f"host-{number:05d},finding,none,checked\n".encode()
    return (row * (MEGABYTE // len(row) + 1))[:MEGABYTE]


def main() -> int:
    data_dir = setup("ingest")
    import datetime

    from django.utils import timezone

    from evidence.content import FileContent
    from evidence.services import evidence_create
    from evidence.verification import evidence_files_verify

    control, engineer = control_and_engineer()
    today = timezone.localdate()
    started = time.perf_counter()
    for number in range(FILES):
        evidence_create(
            title=f"Scan {number}",
            controls=[control],
            period_start=today - datetime.timedelta(days=30),
            period_end=today,
            produced_by=engineer,
            source="api",  # type: ignore[arg-type]
            content=FileContent(io.BytesIO(one_megabyte(number)), f"scan-{number}.csv"),
        )
    ingest_seconds = time.perf_counter() - started
    ingest_peak = peak_rss_mib()

    files = sorted(str(path) for path in (data_dir / "private" / "evidence").rglob("*.csv"))
    verify_seconds, sha256sum_seconds, openssl_seconds = float("inf"), float("inf"), float("inf")
    for _ in range(ROUNDS):  # alternated, best of each: both read the same warm page cache
        started = time.perf_counter()
        subprocess.run(["sha256sum", *files], check=True, stdout=subprocess.DEVNULL)  # noqa: S603,S607
        sha256sum_seconds = min(sha256sum_seconds, time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            ["openssl", "dgst", "-sha256", *files],  # noqa: S607
            check=True,
            stdout=subprocess.DEVNULL,
        )
        openssl_seconds = min(openssl_seconds, time.perf_counter() - started)
        started = time.perf_counter()
        checked = sum(1 for check in evidence_files_verify() if check.intact)
        verify_seconds = min(verify_seconds, time.perf_counter() - started)
        assert checked == FILES, checked

    megabytes = FILES * MEGABYTE / MEGABYTE
    verify_rate, sha_rate = megabytes / verify_seconds, megabytes / sha256sum_seconds
    print(
        f"evidence_ingest files={FILES} size_mb=1 files_per_s={FILES / ingest_seconds:.1f} "
        f"ingest_peak_rss_mib={ingest_peak:.0f}"
    )
    print(
        f"verify_evidence mb_per_s={verify_rate:.0f} sha256sum_mb_per_s={sha_rate:.0f} "
        f"ratio={verify_rate / sha_rate:.2f} openssl_mb_per_s={megabytes / openssl_seconds:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
