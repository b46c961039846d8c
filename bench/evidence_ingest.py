"""Ingesting evidence through the API against a minimal upload view; then verify_evidence.

Run from the project root: ``.venv/bin/python bench/evidence_ingest.py [--sql]``. It posts 1 MB
plain text files through the Django test client (the whole middleware stack, in this process) to
``POST /api/v1/evidence/`` with a security engineer's token, and the same files to a minimal view
(``bench/_minimal_upload.py``: the same private storage and the same hashing, nothing else), in
interleaved rounds, and prints the median files/s of each, their ratio (the goal is at least 0.5),
the SQL statements one upload costs (``CaptureQueriesContext``, counted outside the timed rounds)
and the load average, since the machine is shared. ``--sql`` lists the API upload's statements.
The files are ``.txt``, whose inspection costs well under a millisecond, so the ratio measures the
request's own weight; what inspecting the same megabyte as a CSV costs (its formula check reads
every cell) is printed beside it, measured on its own.

It then rehashes every file the API stored twice in the same run: once as ``verify_evidence``
does, once with coreutils' ``sha256sum``, and prints both rates and their ratio (the goal is at
least 0.8), with ``openssl dgst -sha256`` beside them: Python's hashlib uses OpenSSL's SHA-256
(SHA-NI instructions where the processor has them), Debian's sha256sum its own portable code.

Bounded: ROUNDS rounds of FILES_PER_ROUND uploads each way (a few hundred megabytes, well under
a minute on a shared two-core machine); a round that would start after DEADLINE_SECONDS is
skipped and the medians are of the rounds run.
"""

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _evidence_setup import control_and_engineer, peak_rss_mib, setup

FILES_PER_ROUND = 40
ROUNDS = 3
WARM_UP = 3
DEADLINE_SECONDS = 90
HASH_ROUNDS = 2
MEGABYTE = 1024 * 1024
API_URL = "/api/v1/evidence/"


def one_megabyte(number: int) -> bytes:
    row = f"host-{number:05d},finding,none,checked\n".encode()
    return (row * (MEGABYTE // len(row) + 1))[:MEGABYTE]


def uploader(client: Any, url: str) -> Callable[[int], None]:
    """Posts file ``number`` to ``url`` as a pipeline would, and insists on a 201."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    today = timezone.localdate()
    fields = {
        "title": "Weekly vulnerability scan",
        "controls": "iso27001-2022:A.8.8",
        "period_start": (today - datetime.timedelta(days=30)).isoformat(),
        "period_end": today.isoformat(),
    }

    def upload(number: int) -> None:
        upload = SimpleUploadedFile(f"scan-{number}.txt", one_megabyte(number), "text/plain")
        response = client.post(url, {**fields, "file": upload})
        assert response.status_code == 201, (url, response.status_code, response.content[:300])

    return upload


def files_per_second(upload: Callable[[int], None], first: int) -> float:
    started = time.perf_counter()
    for number in range(first, first + FILES_PER_ROUND):
        upload(number)
    return FILES_PER_ROUND / (time.perf_counter() - started)


def statements(upload: Callable[[int], None], number: int) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        upload(number)
    return [query["sql"] for query in queries.captured_queries]


def inspection_ms(data_dir: Path) -> dict[str, float]:
    """Median milliseconds ``inspect_file`` takes over one megabyte, as .txt and as .csv."""
    from isms.files.inspection import inspect_file

    path = data_dir / "one-megabyte"
    path.write_bytes(one_megabyte(0))
    timings: dict[str, float] = {}
    for extension in ("txt", "csv"):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            inspect_file(path, filename=f"scan.{extension}")
            runs.append((time.perf_counter() - started) * 1000)
        timings[extension] = statistics.median(runs)
    return timings


def main() -> int:
    started_at = time.perf_counter()
    # Pipelines post far more often than the default limit of 120 a minute allows.
    data_dir = setup("ingest", API_RATE_LIMIT="100000/min")
    from django.test import Client, override_settings

    from evidence.models import EvidenceRevision
    from evidence.verification import evidence_files_verify
    from isms.api.services import api_token_create

    _, engineer = control_and_engineer()
    _, token = api_token_create(user=engineer, name="bench", by=engineer)
    with override_settings(ROOT_URLCONF="_minimal_upload"):
        from _minimal_upload import MINIMAL_URL

        ours = uploader(Client(headers={"Authorization": f"Bearer {token}"}), API_URL)
        minimal = uploader(Client(), MINIMAL_URL)
        number = 0
        for _ in range(WARM_UP):  # caches (content types, permissions), imports, first use
            ours(number)
            minimal(number + 1)
            number += 2
        ours_sql, minimal_sql = statements(ours, number), statements(minimal, number + 1)
        number += 2
        ours_rates, minimal_rates = [], []
        for round_number in range(ROUNDS):
            if time.perf_counter() - started_at > DEADLINE_SECONDS:
                break
            pair = [(ours, ours_rates), (minimal, minimal_rates)]
            for upload, rates in pair if round_number % 2 == 0 else reversed(pair):
                rates.append(files_per_second(upload, number))
                number += FILES_PER_ROUND
    ingest_peak = peak_rss_mib()
    ours_rate, minimal_rate = statistics.median(ours_rates), statistics.median(minimal_rates)
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(
        f"evidence_ingest size_mb=1 files_per_round={FILES_PER_ROUND} rounds={len(ours_rates)} "
        f"api_files_per_s={ours_rate:.1f} minimal_files_per_s={minimal_rate:.1f} "
        f"ratio={ours_rate / minimal_rate:.2f} api_sql_per_upload={len(ours_sql)} "
        f"minimal_sql_per_upload={len(minimal_sql)} load_avg={load!r} "
        f"ingest_peak_rss_mib={ingest_peak:.0f}"
    )
    inspection = inspection_ms(data_dir)
    print(
        f"inspection_ms_per_mb txt={inspection['txt']:.1f} csv={inspection['csv']:.1f} "
        "(not in the minimal view; the rounds above post .txt)"
    )
    if "--sql" in sys.argv:
        for sql in ours_sql:
            print("  ", sql[:200])

    names = EvidenceRevision.objects.values_list("storage_name", flat=True)
    files = sorted(str(data_dir / "private" / name) for name in names)
    verify_seconds, sha256sum_seconds, openssl_seconds = float("inf"), float("inf"), float("inf")
    for _ in range(HASH_ROUNDS):  # alternated, best of each: both read the same warm page cache
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
        assert checked == len(files), (checked, len(files))

    megabytes = len(files)
    verify_rate, sha_rate = megabytes / verify_seconds, megabytes / sha256sum_seconds
    print(
        f"verify_evidence files={len(files)} mb_per_s={verify_rate:.0f} "
        f"sha256sum_mb_per_s={sha_rate:.0f} ratio={verify_rate / sha_rate:.2f} "
        f"openssl_mb_per_s={megabytes / openssl_seconds:.0f} "
        f"seconds={time.perf_counter() - started_at:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
