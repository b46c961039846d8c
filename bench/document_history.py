"""Whether a long history makes a document's pages slower: 3 versions against 100.

Run from the project root: ``.venv/bin/python bench/document_history.py``. Prints one line per
page and history length and a summary, e.g.
``document_history document versions=100 rps=61.0 ratio=0.95 goal=0.9``.

A document page lists every published version and its compare form offers each of them, so the
cost of a page must not grow with the history: the page of a document with 100 versions should
serve at least 0.9 of the rate of one with 3. The public page cache is turned off for this run,
since a cached page costs the same whatever it shows; what is measured is the work of building
the page. Two demo policies are published the way an officer would (one PDF each); their further
versions are copies of the first record, inserted directly (the records are immutable, but new
rows may be added), so that setting up a hundred versions does not render a hundred PDFs. Rounds
are interleaved (every target once per round, three rounds), the median of each is printed, and
the load average, since the machine is shared. It reuses bench/pdf_download.py's server and load
helpers (production-like settings, gunicorn, 2 sync workers).
"""

import os
import shutil
import signal
import statistics
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pdf_download as harness  # noqa: E402
from bench.public_pages import bench_people, fingerprint  # noqa: E402

ROUNDS = 3
WARM_UP_SECONDS = 0.5
MEASURE_SECONDS = 2.0
GOAL = 0.9
SHORT, LONG = 3, 100
# Two public demo policies; every version copied in both carries the first one's text, so the
# shown text is the same length and only the history differs.
DOCUMENTS = {SHORT: "information-security-policy", LONG: "responsible-disclosure-policy"}


def publish_histories() -> dict[str, str]:
    """Two demo policies, with SHORT and LONG versions; the addresses of the pages to measure."""

    from isms.demo.documents import (
        demo_documents,
        ensure_document,
        ensure_organisation,
        ensure_site_tree,
    )
    from policies.models import DocumentVersion

    ensure_organisation()
    indexes = ensure_site_tree()
    officer, author = bench_people()
    by_slug = {document.slug: document for document in demo_documents()}
    for slug in DOCUMENTS.values():
        document = by_slug[slug]
        ensure_document(
            replace(document, versions=document.versions[:1]),
            index=indexes[document.kind],
            author=author,
            approver=officer,
        )
    text = DocumentVersion.objects.get(slug=DOCUMENTS[SHORT]).body_html
    targets: dict[str, str] = {}
    for count, slug in DOCUMENTS.items():
        targets.update(_addresses(count, _extend_history(slug, count, text)))
    return targets


def _extend_history(slug: str, count: int, text: str) -> list[str]:
    """Copies of the first record, a week apart after it, so all are in force in turn (and none
    is upcoming); the page URL and the version numbers, oldest first."""
    from policies.models import DocumentVersion

    first = DocumentVersion.objects.select_related("page").get(slug=slug)
    copies = []
    for step in range(1, count):
        copy = DocumentVersion.objects.get(pk=first.pk)
        copy.pk = None
        copy.major, copy.minor = 1 + step // 10, step % 10
        copy.effective_date = first.effective_date + timedelta(days=7 * step)
        copy.change_summary = f"Revision {step}: clarified the wording."
        copy.body_html = text
        copies.append(copy)
    DocumentVersion.objects.bulk_create(copies)
    numbers = [first.number, *(copy.number for copy in copies)]
    return [first.page.url, *numbers]


def _addresses(count: int, page_and_numbers: list[str]) -> dict[str, str]:
    url, *numbers = page_and_numbers
    return {
        f"document versions={count}": url,
        f"compare versions={count}": f"{url}compare/?older={numbers[-2]}&newer={numbers[-1]}",
    }


def run(data_dir: Path) -> int:
    environment = harness.bench_environment(data_dir)
    environment["PUBLIC_PAGE_CACHE"] = "false"
    harness.set_up_django(environment)
    harness.migrate()
    targets = publish_histories()
    from django.db import connections

    connections.close_all()
    rates: dict[str, list[float]] = {name: [] for name in targets}
    with harness.gunicorn_server(environment, data_dir / "gunicorn.log") as port:
        harness.wait_until_serving(port, next(iter(targets.values())))
        hashes = {name: fingerprint(port, path) for name, path in targets.items()}
        for _ in range(ROUNDS):
            for name, path in targets.items():
                harness.load(port, path, hashes[name], seconds=WARM_UP_SECONDS)
                result = harness.load(port, path, hashes[name], seconds=MEASURE_SECONDS)
                rates[name].append(result.rps)
    medians = {name: statistics.median(values) for name, values in rates.items()}
    ratios = []
    for page in ("document", "compare"):
        short, long = medians[f"{page} versions={SHORT}"], medians[f"{page} versions={LONG}"]
        ratios.append(long / short)
        print(f"document_history {page} versions={SHORT} rps={short:.1f}")
        print(f"document_history {page} versions={LONG} rps={long:.1f} ratio={long / short:.2f}")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"document_history worst_ratio={min(ratios):.2f} goal={GOAL} load_average={load}")
    return 0


def main() -> int:
    signal.signal(signal.SIGTERM, harness.raise_on_sigterm)
    data_dir = Path(tempfile.mkdtemp(prefix="isms-bench-history-"))
    try:
        return run(data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
