"""How fast the application serves a stored version PDF, compared with a static file.

Run from the project root: ``.venv/bin/python bench/pdf_download.py``. Prints one line of plain
figures, medians of three interleaved rounds, e.g.
``pdf_download app_rps=850.2 routed_rps=300.1 static_rps=1900.5 ratio=0.45 ...``.

The download view must stay a thin wrapper around the stored file: it looks the version up and
streams bytes that were rendered once at publication. Serving the same bytes as a static file
through WhiteNoise, from the same gunicorn server, is the floor to compare it with, so the ratio
shows what routing, the database lookup and the middleware cost per download. The run also
proves the view never renders. gunicorn loads this module as its configuration too
(``--config python:bench.pdf_download``), so its ``post_fork`` hook runs in every worker and
counts WeasyPrint layouts there; the script also checks that the version row was not re-stamped
and no file was written to private storage.

Everything happens in a throw-away data directory (database, private files, static root) with
``isms.settings.base`` configured through the environment: DEBUG off, SQLite, local storage.
Gunicorn's sync workers close the connection after every response, so each request opens a new
TCP connection for both targets alike; ``http.client`` reconnects on its own.
"""

import contextlib
import hashlib
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Running the file directly puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(ROOT))

CLIENT_THREADS = 4
ROUNDS = 3
WARM_UP_SECONDS = 0.5
MEASURE_SECONDS = 2.0
SERVER_WORKERS = 2
SERVER_START_TIMEOUT = 30.0
STATIC_PATH = "/static/bench/same.pdf"
# Where the server's workers note each PDF layout; see post_fork.
LAYOUT_LOG_ENV = "BENCH_LAYOUT_LOG"
# A policy of ordinary length from the demo content; only its first version is published.
DEMO_DOCUMENT_SLUG = "information-security-policy"


@dataclass(frozen=True)
class StoredPdf:
    """The published version the benchmark downloads, as the database records it."""

    version_id: int
    url_path: str  # the direct link the public pages use
    routed_path: str  # the readable address, routed through the Wagtail page tree
    sha256: str
    content: bytes


@dataclass(frozen=True)
class RenderTraces:
    """What a rendering leaves behind: a layout in the server, the row's stamp, a private file."""

    layouts: int
    rendered_at: dict[int, datetime | None]
    private_files: dict[str, int]


@dataclass
class LoadResult:
    """Requests completed by all client threads, over the wall time of the phase."""

    requests: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def bench_environment(data_dir: Path) -> dict[str, str]:
    """The environment both this process and gunicorn run Django with.

    An operator's DATABASE_URL or S3 bucket must never be touched by a benchmark, so those are
    replaced or removed rather than inherited.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "DJANGO_", "DATABASE_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "isms.settings.base",
            "ISMS_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
            "DJANGO_SECRET_KEY": "bench-only-key-" + os.urandom(24).hex(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            # Persistent connections, as production has them by default.
            "DATABASE_CONN_MAX_AGE": "600",
            LAYOUT_LOG_ENV: str(data_dir / "layouts.log"),
        }
    )
    return environment


def set_up_django(environment: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(environment)
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def publish_demo_policy() -> StoredPdf:
    """Publish one demo policy the way an officer would; its PDF renders on commit."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.storage import storages

    from isms.demo.documents import (
        demo_documents,
        ensure_document,
        ensure_organisation,
        ensure_site_tree,
    )
    from isms.roles import Role
    from policies.models import DocumentVersion

    ensure_organisation()
    indexes = ensure_site_tree()
    officer = get_user_model().objects.create_user(
        username="bench-officer", first_name="Bench", last_name="Officer"
    )
    officer.groups.add(Group.objects.get(name=Role.COMPLIANCE_OFFICER.value))
    # Four eyes: someone else writes the version the officer approves.
    author = get_user_model().objects.create_user(
        username="bench-engineer", first_name="Bench", last_name="Engineer"
    )
    author.groups.add(Group.objects.get(name=Role.SECURITY_ENGINEER.value))
    document = next(doc for doc in demo_documents() if doc.slug == DEMO_DOCUMENT_SLUG)
    ensure_document(
        replace(document, versions=document.versions[:1]),
        index=indexes[document.kind],
        author=author,
        approver=officer,
    )
    version = DocumentVersion.objects.select_related("page").get(slug=DEMO_DOCUMENT_SLUG)
    if not version.is_pdf_ready:
        raise RuntimeError("Publishing did not render the PDF; the benchmark needs one.")
    with storages["private"].open(version.pdf_file, "rb") as stored:
        content = stored.read()
    return StoredPdf(
        version_id=version.pk,
        url_path=f"/pdf/{version.pk}/{version.pdf_filename}",
        routed_path=f"{version.page.url}versions/{version.number}/pdf/",
        sha256=version.pdf_sha256,
        content=content,
    )


def copy_to_static_root(pdf: StoredPdf) -> None:
    """Put the same bytes where WhiteNoise finds them; it indexes STATIC_ROOT at start-up."""
    from django.conf import settings

    target = Path(settings.STATIC_ROOT) / STATIC_PATH.removeprefix(settings.STATIC_URL)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf.content)


def render_traces(layout_log: Path) -> RenderTraces:
    from django.conf import settings

    from policies.models import DocumentVersion

    private_root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return RenderTraces(
        layouts=len(layout_log.read_text().splitlines()) if layout_log.exists() else 0,
        rendered_at=dict(DocumentVersion.objects.values_list("pk", "pdf_rendered_at")),
        private_files={
            str(path.relative_to(private_root)): path.stat().st_mtime_ns
            for path in private_root.rglob("*")
            if path.is_file()
        },
    )


def renders_between(before: RenderTraces, after: RenderTraces) -> int:
    """Renderings seen between two snapshots; zero only if no trace of one appeared.

    The layout count sees every rendering, kept or thrown away; the row and the files are checked
    as well so that a rendering outside WeasyPrint's HTML.render would not pass unseen. One
    rendering can leave several traces, so take the largest count, not the sum.
    """
    restamped = sum(
        1 for pk, stamp in after.rendered_at.items() if before.rendered_at.get(pk) != stamp
    )
    written = sum(
        1 for name, mtime in after.private_files.items() if before.private_files.get(name) != mtime
    )
    return max(after.layouts - before.layouts, restamped, written)


def post_fork(server: object, worker: object) -> None:
    """gunicorn hook, run in each worker before it loads the application: count PDF layouts.

    Every PDF the application makes goes through weasyprint.HTML.render, whichever code path
    asks for it and whether or not the result is stored, so one line per call in a shared file
    counts the renderings the server did. The class attribute is patched, so the renderer's own
    reference to HTML sees it.
    """
    import weasyprint

    layout_log = Path(os.environ[LAYOUT_LOG_ENV])
    original = weasyprint.HTML.render

    def counting_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        with layout_log.open("a") as log:
            log.write(f"{os.getpid()}\n")
        return original(self, *args, **kwargs)

    weasyprint.HTML.render = counting_render


@contextlib.contextmanager
def gunicorn_server(environment: dict[str, str], log_path: Path) -> Iterator[int]:
    """Run one gunicorn on an ephemeral loopback port; yield the port, always stop it."""
    command = [
        sys.executable, "-m", "gunicorn",
        "--config", "python:bench.pdf_download",
        "--bind", "127.0.0.1:0",
        "--workers", str(SERVER_WORKERS),
        "--worker-class", "sync",
        "--chdir", str(ROOT),
        "--log-level", "info",
        # gunicorn 27 opens a control socket at one fixed path in $HOME; two servers would clash.
        "--no-control-socket",
        "isms.wsgi:application",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - a fixed command line
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield wait_for_port(server, log_path)
        finally:
            stop(server)


def wait_for_port(server: subprocess.Popen[bytes], log_path: Path) -> int:
    """Binding port 0 cannot race another program for a free port; gunicorn logs the one it got."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log_path.read_text()}")
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log_path.read_text())
        if found:
            return int(found.group(1))
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not start in time:\n{log_path.read_text()}")


def wait_until_serving(port: int, path: str) -> None:
    """The master listens before its workers have imported Django; wait for a real answer."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 200:
                return
        time.sleep(0.1)
    raise RuntimeError("gunicorn's workers did not answer in time.")


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the master stop its own workers; kill only if it does not."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def download_loop(port: int, path: str, sha256: str, deadline: float, result: LoadResult) -> None:
    """One client: download until the deadline, checking every status and every byte."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    done = 0
    try:
        while time.monotonic() < deadline:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200 or hashlib.sha256(body).hexdigest() != sha256:
                with result.lock:
                    result.errors.append(f"{path}: status {response.status}, {len(body)} bytes")
                return
            done += 1
    except (OSError, http.client.HTTPException) as error:
        with result.lock:
            result.errors.append(f"{path}: {error!r}")
    finally:
        connection.close()
        with result.lock:
            result.requests += done


def load(port: int, path: str, sha256: str, *, seconds: float) -> LoadResult:
    """Drive the server from CLIENT_THREADS clients at once for a fixed time."""
    result = LoadResult()
    start = time.monotonic()
    deadline = start + seconds
    clients = [
        threading.Thread(target=download_loop, args=(port, path, sha256, deadline, result))
        for _ in range(CLIENT_THREADS)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    result.seconds = time.monotonic() - start
    if result.errors:
        raise RuntimeError("Bad responses: " + "; ".join(result.errors[:5]))
    return result


def measure(port: int, path: str, sha256: str) -> LoadResult:
    load(port, path, sha256, seconds=WARM_UP_SECONDS)
    return load(port, path, sha256, seconds=MEASURE_SECONDS)


def run(data_dir: Path) -> int:
    environment = bench_environment(data_dir)
    set_up_django(environment)
    migrate()
    pdf = publish_demo_policy()
    copy_to_static_root(pdf)
    from django.db import connections

    # gunicorn's workers open their own connections; keep none open on the SQLite file here.
    connections.close_all()
    layout_log = Path(environment[LAYOUT_LOG_ENV])
    targets = {"app": pdf.url_path, "routed": pdf.routed_path, "static": STATIC_PATH}
    rates: dict[str, list[float]] = {name: [] for name in targets}
    with gunicorn_server(environment, data_dir / "gunicorn.log") as port:
        wait_until_serving(port, STATIC_PATH)
        before = render_traces(layout_log)
        # Interleaved rounds, so a neighbour's load on the shared machine falls on every target.
        for _ in range(ROUNDS):
            for name, path in targets.items():
                rates[name].append(measure(port, path, pdf.sha256).rps)
        renders = renders_between(before, render_traces(layout_log))
    app, routed, static = (statistics.median(rates[name]) for name in targets)
    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"pdf_download app_rps={app:.1f} routed_rps={routed:.1f} static_rps={static:.1f} "
        f"ratio={app / static:.2f} routed_ratio={routed / static:.2f} "
        f"size_kib={len(pdf.content) / 1024:.0f} rounds={ROUNDS} "
        f"renders_during_download={renders} load_average={load_average}"
    )
    return 1 if renders else 0


def raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit so the server is stopped and the folder removed."""
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, raise_on_sigterm)
    data_dir = Path(tempfile.mkdtemp(prefix="isms-bench-download-"))
    try:
        return run(data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
