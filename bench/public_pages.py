"""How fast anonymous readers get the public pages with the page cache on, against a minimal view.

Run from the project root: ``.venv/bin/python bench/public_pages.py``. Prints one line per page
and a summary, e.g. ``public_pages home rps=900.0 ratio=0.75 ...``.

The public page cache (isms.public_cache) answers a repeated anonymous read without routing the
page or querying the database; what remains is the middleware every response passes through. So
the floor to compare with is a minimal Django view through the same middleware and settings
(bench/_public_pages_urls.py), from the same gunicorn (production-like settings, 2 sync workers,
each with its own local-memory cache). The pages: home, one document, its as-of and its compare
addresses, for a demo policy with two published versions. Rounds are interleaved (every target
once per round, three rounds) and the median of each is printed, with the load average, since
the machine is shared. It reuses bench/pdf_download.py's server and load helpers.
"""

import hashlib
import http.client
import os
import shutil
import signal
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pdf_download as harness  # noqa: E402

ROUNDS = 3
WARM_UP_SECONDS = 0.5
MEASURE_SECONDS = 2.0
GOAL = 0.5
MINIMAL_PATH = "/bench/minimal/"  # bench/_public_pages_urls.py


def publish_two_versions() -> dict[str, str]:
    """The demo policy with two versions; the addresses of the pages to measure."""

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
    document = next(d for d in demo_documents() if d.slug == harness.DEMO_DOCUMENT_SLUG)
    if len(document.versions) < 2:
        raise RuntimeError("The benchmark needs a demo document with two versions.")
    ensure_document(
        replace(document, versions=document.versions[:2]),
        index=indexes[document.kind],
        author=author,
        approver=officer,
    )
    older, newer = DocumentVersion.objects.filter(slug=document.slug).order_by("major", "minor")
    url = older.page.url
    return {
        "home": "/",
        "document": url,
        "compare": f"{url}compare/?older={older.number}&newer={newer.number}",
        "as_of": f"{url}as-of/?date={older.effective_date.isoformat()}",
    }


def fingerprint(port: int, path: str) -> str:
    """The body's hash (a cached page is the same bytes every time); fails unless 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return hashlib.sha256(body).hexdigest()


def run(data_dir: Path) -> int:
    environment = harness.bench_environment(data_dir)
    environment["DJANGO_SETTINGS_MODULE"] = "bench._public_pages_settings"
    harness.set_up_django(environment)
    harness.migrate()
    targets = {"minimal": MINIMAL_PATH, **publish_two_versions()}
    from django.db import connections

    connections.close_all()
    rates: dict[str, list[float]] = {name: [] for name in targets}
    with harness.gunicorn_server(environment, data_dir / "gunicorn.log") as port:
        harness.wait_until_serving(port, MINIMAL_PATH)
        hashes = {name: fingerprint(port, path) for name, path in targets.items()}
        for _ in range(ROUNDS):
            for name, path in targets.items():
                harness.load(port, path, hashes[name], seconds=WARM_UP_SECONDS)
                result = harness.load(port, path, hashes[name], seconds=MEASURE_SECONDS)
                rates[name].append(result.rps)
    medians = {name: statistics.median(values) for name, values in rates.items()}
    floor = medians.pop("minimal")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    for name, rps in medians.items():
        print(f"public_pages {name} rps={rps:.1f} ratio={rps / floor:.2f} goal={GOAL}")
    worst = min(rps / floor for rps in medians.values())
    print(f"public_pages minimal_rps={floor:.1f} worst_ratio={worst:.2f} load_average={load}")
    return 0


def main() -> int:
    signal.signal(signal.SIGTERM, harness.raise_on_sigterm)
    data_dir = Path(tempfile.mkdtemp(prefix="isms-bench-pages-"))
    try:
        return run(data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())


def bench_people() -> tuple[Any, Any]:
    """The officer who publishes and the engineer who writes the benchmark's versions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from isms.roles import Role

    users = get_user_model().objects
    officer = users.create_user(username="bench-officer", first_name="B", last_name="Officer")
    officer.groups.add(Group.objects.get(name=Role.COMPLIANCE_OFFICER.value))
    author = users.create_user(username="bench-engineer", first_name="B", last_name="Engineer")
    author.groups.add(Group.objects.get(name=Role.SECURITY_ENGINEER.value))
    return officer, author
