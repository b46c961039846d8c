"""The virus scanner seam: with ``CLAMD_SOCKET`` set, every upload is scanned before it is stored.

``scan_for_viruses`` streams the file to ClamAV's daemon over its Unix socket with the INSTREAM
command (``zINSTREAM\\0``, then chunks each led by its length as four big-endian bytes, then a
zero length) and reads the one-line reply: ``stream: OK``, or ``stream: <signature> FOUND``. A
file clamd finds something in is refused (``InfectedFileError``, a ``ValidationError`` whose
message names no signature; the log does). A scanner that is configured but cannot answer
(not running, too slow, a reply we do not understand, a file over its ``StreamMaxLength``)
refuses the upload too, as ``ScannerUnavailableError``: an unscanned file is never stored
because the scanner happened to be down. Without ``CLAMD_SOCKET`` nothing is scanned.
"""

import logging
import socket
import struct
from pathlib import Path

from django.conf import settings

from isms.files.errors import ScannerUnavailableError
from isms.files.inspection.errors import UnacceptableFileError, display_name

logger = logging.getLogger(__name__)

# Well under clamd's default StreamMaxLength (25 MB) per chunk; the total is what it limits.
CHUNK_SIZE = 256 * 1024
COMMAND = b"zINSTREAM\0"
END_OF_STREAM = struct.pack(">I", 0)
CLEAN_REPLY = "stream: OK"
FOUND_SUFFIX = " FOUND"
REPLY_PREFIX = "stream: "
MAX_REPLY_BYTES = 4096


class InfectedFileError(UnacceptableFileError):
    def __init__(self, filename: str) -> None:
        super().__init__(
            f"{display_name(filename)} was refused: the virus scanner found malware in it. "
            "Nothing was stored.",
            code="virus_found",
        )


def scan_for_viruses(path: Path, *, filename: str) -> None:
    """Refuse the file at ``path`` if clamd finds malware in it or cannot say (when configured)."""
    socket_path = str(settings.CLAMD_SOCKET or "")
    if not socket_path:
        return
    reply = _instream(socket_path, path)
    if reply == CLEAN_REPLY:
        return
    if reply.startswith(REPLY_PREFIX) and reply.endswith(FOUND_SUFFIX):
        signature = reply[len(REPLY_PREFIX) : -len(FOUND_SUFFIX)]
        logger.warning("clamd found %s in the upload %r", signature, display_name(filename))
        raise InfectedFileError(filename)
    logger.error("clamd could not scan the upload %r: %r", display_name(filename), reply[:200])
    raise ScannerUnavailableError()


def _instream(socket_path: str, path: Path) -> str:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(float(settings.CLAMD_TIMEOUT_SECONDS))
            connection.connect(socket_path)
            connection.sendall(COMMAND)
            with path.open("rb") as file:
                while chunk := file.read(CHUNK_SIZE):
                    connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(END_OF_STREAM)
            return _read_reply(connection)
    except OSError as error:  # refused, missing, timed out, closed midway (over StreamMaxLength)
        logger.error("The virus scanner at %s cannot be used: %s", socket_path, error)
        raise ScannerUnavailableError() from error


def _read_reply(connection: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < MAX_REPLY_BYTES:
        received = connection.recv(MAX_REPLY_BYTES)
        if not received:
            break
        reply += received
    return reply.rstrip(b"\0").decode("utf-8", errors="replace").strip()
