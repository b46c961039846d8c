"""A real ClamAV daemon for tests, with a one-line signature database of our own.

Debian's clamav-daemon installs here, but its signature downloads cannot work in CI; the EICAR
test file is all the tests need to find, so the session starts clamd on a socket in a temporary
folder with a body signature (``.ndb``: name, target type, offset, hex) that matches the EICAR
string anywhere, inside an archive too. Registered as a plugin in tests/conftest.py: a test asks
for ``clamd_socket`` (the path) or ``clamd_scanning`` (``CLAMD_SOCKET`` pointed at it). Skipped
when clamd is not installed, except in CI, which installs it.
"""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The EICAR anti-virus test file (eicar.org): harmless, and every scanner calls it a virus.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE_NAME = "Isms-Test-Eicar"
START_TIMEOUT_SECONDS = 30


def clamd_binary() -> str | None:
    # /usr/sbin is not on every user's PATH.
    return shutil.which("clamd") or next(
        (path for path in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(path).exists()),
        None,
    )


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = clamd_binary()
    if binary is None:
        reason = "clamd is not installed (Debian package 'clamav-daemon')."
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} CI installs it before the tests, so this is a real failure.")
        pytest.skip(f"{reason} The virus scanner tests need it.")
    folder = tmp_path_factory.mktemp("clamd")
    sock = folder / "clamd.sock"
    (folder / "isms-test.ndb").write_text(f"{SIGNATURE_NAME}:0:*:{EICAR.hex()}\n")
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {folder}\nTemporaryDirectory {folder}\n"
        f"LogFile {folder / 'clamd.log'}\nForeground yes\n"
    )
    daemon = subprocess.Popen(  # noqa: S603 (our own binary and config)
        [binary, "--config-file", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(sock, daemon, log=folder / "clamd.log")
        yield str(sock)
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill()


def _wait_for(sock: Path, daemon: subprocess.Popen[bytes], *, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            pytest.fail(f"clamd exited with {daemon.returncode}: {_tail(log)}")
        if sock.exists() and _answers(sock):
            return
        time.sleep(0.1)
    pytest.fail(f"clamd did not start within {START_TIMEOUT_SECONDS} s: {_tail(log)}")


def _answers(sock: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            connection.connect(str(sock))
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


def _tail(log: Path) -> str:
    return log.read_text()[-2000:] if log.exists() else "(no log)"


@pytest.fixture
def clamd_scanning(clamd_socket: str, settings: Any) -> str:
    """Uploads in this test are scanned by the session's clamd."""
    settings.CLAMD_SOCKET = clamd_socket
    return clamd_socket
