"""Serving private files: one response helper with an explicit cache policy.

Views check permissions and then hand the stored file's facts to ``private_file_response``; it
never decides who may see a file, only how it is sent.
"""

import hashlib
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from http import HTTPStatus
from typing import IO, Any, NoReturn

from django.core.files.storage import storages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control

from isms.files.store import CHUNK_SIZE, PRIVATE_STORAGE, measure_stored_file

logger = logging.getLogger(__name__)

# Files up to this size are checked in memory before sending; larger ones spill to a temporary
# file, so checking a hash never holds a large file in memory.
SPOOL_IN_MEMORY_BYTES = 8 * 1024 * 1024
# A file served to the browser is never a document of our origin: no script, no forms, no
# plugins, nothing fetched, even if a browser were to render it instead of saving it. The
# `default-src 'none'` beside `sandbox` is what scanners such as the Mozilla Observatory grade.
SANDBOX_POLICY = "default-src 'none'; sandbox"


class CachePolicy(Enum):
    """Who may keep a copy of a response.

    ``PUBLIC_IMMUTABLE`` is only for frozen public files whose URL names one version forever (a
    published document's PDF); ``PRIVATE_NO_STORE`` is for anything gated or personal (evidence,
    a watermarked report): no shared cache, and no copy on disk in the browser either.
    """

    PUBLIC_IMMUTABLE = "public-immutable"
    PRIVATE_NO_STORE = "private-no-store"


@dataclass(frozen=True)
class ServedFile:
    """The facts a view knows about a stored file: where it is and what its bytes must be."""

    storage_name: str
    filename: str
    content_type: str
    size: int
    sha256: str


class StoredFileMismatchError(Exception):
    """The stored bytes are not the ones recorded: never serve them."""


def private_file_response(
    request: HttpRequest,
    file: ServedFile,
    *,
    cache: CachePolicy,
    max_age: int = 0,
    verify: bool = False,
) -> HttpResponseBase:
    """Send a stored file as an attachment, with headers that keep it inert and correctly cached.

    With ``verify``, the bytes are hashed before anything is sent and a mismatch raises
    ``StoredFileMismatchError`` (the caller answers with an error and logs it); without it, the file
    streams straight from the storage. The ETag is the recorded SHA-256, so a client holding the
    same bytes gets a 304; with ``verify`` only once the stored bytes are hashed and still match,
    so a client holding the old ETag of a tampered (or missing) file is told, not reassured.
    """
    etag = f'"{file.sha256}"'
    response: HttpResponseBase | None = get_conditional_response(request, etag=etag)
    if response is not None and verify and response.status_code == HTTPStatus.NOT_MODIFIED:
        _check_stored_bytes(file)
    if response is None:
        source = _verified_copy(file) if verify else _opened(file)
        response = FileResponse(
            source,
            as_attachment=True,
            filename=file.filename,
            content_type=file.content_type,
            headers={"Content-Length": str(file.size)},
        )
    response["ETag"] = etag
    _apply_file_headers(response, cache=cache, max_age=max_age)
    return response


def generated_file_response(
    *,
    produce: Callable[[IO[bytes]], None],
    claim: Callable[[], None],
    filename: str,
    content_type: str,
) -> HttpResponseBase:
    """Send bytes made for this one download (a stored PDF stamped with a per-download watermark).

    ``produce`` writes the bytes into a spool (memory up to 8 MB, then disk); only when it has
    succeeded does ``claim`` run (counting the download against a grant's limit, say), and only
    when the claim has succeeded is the first byte sent. So a failed check of the source, or a
    failed stamp, consumes nothing, and a refused claim sends nothing; either raises to the
    caller. The response has no ETag (no stored hash describes these bytes, and a client's
    cached copy is not a reason to skip the claim), is ``private, no-store``, and its
    Content-Length is the length of what is sent.
    """
    # Closed by the response once sent, or here when producing or claiming fails.
    spool: tempfile.SpooledTemporaryFile[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
        max_size=SPOOL_IN_MEMORY_BYTES
    )
    try:
        produce(spool)
        size = spool.tell()
        claim()
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type=content_type,
        headers={"Content-Length": str(size)},
    )
    _apply_file_headers(response, cache=CachePolicy.PRIVATE_NO_STORE, max_age=0)
    return response


def file_refused_response(message: str, *, status: int) -> HttpResponse:
    """A plain error for a download that cannot be served, cached by nobody."""
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    _apply_file_headers(response, cache=CachePolicy.PRIVATE_NO_STORE, max_age=0)
    return response


def _apply_file_headers(response: HttpResponseBase, *, cache: CachePolicy, max_age: int) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    # Django's CSP middleware keeps a policy a view has already set.
    response["Content-Security-Policy"] = SANDBOX_POLICY
    if cache is CachePolicy.PUBLIC_IMMUTABLE:
        patch_cache_control(response, public=True, max_age=max_age, immutable=True)
    else:
        patch_cache_control(response, private=True, no_store=True, max_age=0)


def _opened(file: ServedFile) -> Any:
    """The stored file, opened for streaming. A remote storage opens lazily, at the first read,
    which would come after the headers are sent; reading nothing now makes an unreachable or
    missing file raise here, while an error can still be answered."""
    stored = storages[PRIVATE_STORAGE].open(file.storage_name, "rb")
    try:
        stored.read(0)
    except BaseException:
        stored.close()
        raise
    return stored


def _verified_copy(file: ServedFile) -> tempfile.SpooledTemporaryFile[bytes]:
    """Read the stored file once into a spool, hashing it; hand out the spool only if it matches."""
    # Closed by the response once sent, or here on a mismatch.
    spool: tempfile.SpooledTemporaryFile[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
        max_size=SPOOL_IN_MEMORY_BYTES
    )
    digest = hashlib.sha256()
    with storages[PRIVATE_STORAGE].open(file.storage_name, "rb") as stored:
        while chunk := stored.read(CHUNK_SIZE):
            digest.update(chunk)
            spool.write(chunk)
    if digest.hexdigest() != file.sha256 or spool.tell() != file.size:
        spool.close()
        _refuse_changed(file)
    spool.seek(0)
    return spool


def _check_stored_bytes(file: ServedFile) -> None:
    """Hash the stored file without keeping it (nothing is sent): it must still be as recorded."""
    measured = measure_stored_file(file.storage_name)
    if measured is None:
        raise FileNotFoundError(file.storage_name)
    if measured.sha256 != file.sha256 or measured.size != file.size:
        _refuse_changed(file)


def _refuse_changed(file: ServedFile) -> NoReturn:
    logger.error(
        "Refused to serve %s: its bytes no longer match the recorded SHA-256.", file.storage_name
    )
    raise StoredFileMismatchError(file.storage_name)
