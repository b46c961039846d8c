"""Serving private files: inert attachments, explicit caching, the hash checked on the way out."""

import hashlib
import io
import logging
from typing import Any

import pytest
from django.core.files.storage import storages
from django.test import RequestFactory

from isms.files.responses import (
    CachePolicy,
    ServedFile,
    StoredFileMismatchError,
    file_refused_response,
    generated_file_response,
    private_file_response,
)
from isms.files.store import private_file_store

CONTENT = b"%PDF-1.7 evidence\n" * 50


@pytest.fixture
def served() -> ServedFile:
    stored = private_file_store(
        source=io.BytesIO(CONTENT), prefix="evidence", extension="pdf", max_bytes=1 << 20
    )
    return ServedFile(
        storage_name=stored.name,
        filename="Pen-test report «2026» Q3.pdf",
        content_type="application/pdf",
        size=stored.size,
        sha256=stored.sha256,
    )


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_it_sends_the_file_as_an_inert_attachment(served: ServedFile, rf: RequestFactory) -> None:
    response = private_file_response(rf.get("/"), served, cache=CachePolicy.PRIVATE_NO_STORE)
    assert body(response) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["ETag"] == f'"{hashlib.sha256(CONTENT).hexdigest()}"'


def test_the_file_name_follows_rfc_6266(served: ServedFile, rf: RequestFactory) -> None:
    response = private_file_response(rf.get("/"), served, cache=CachePolicy.PRIVATE_NO_STORE)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=utf-8''Pen-test%20report%20%C2%AB2026%C2%BB%20Q3.pdf" in disposition


def test_a_gated_file_is_kept_by_no_cache(served: ServedFile, rf: RequestFactory) -> None:
    response = private_file_response(rf.get("/"), served, cache=CachePolicy.PRIVATE_NO_STORE)
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store", "max-age=0"}


def test_a_frozen_public_file_is_cached_for_good(served: ServedFile, rf: RequestFactory) -> None:
    response = private_file_response(
        rf.get("/"), served, cache=CachePolicy.PUBLIC_IMMUTABLE, max_age=31536000
    )
    assert set(response["Cache-Control"].split(", ")) == {
        "public",
        "max-age=31536000",
        "immutable",
    }


def test_a_client_holding_the_same_bytes_gets_304(served: ServedFile, rf: RequestFactory) -> None:
    request = rf.get("/", headers={"If-None-Match": f'"{served.sha256}"'})
    response = private_file_response(request, served, cache=CachePolicy.PRIVATE_NO_STORE)
    assert response.status_code == 304
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_verified_bytes_are_served(served: ServedFile, rf: RequestFactory) -> None:
    response = private_file_response(
        rf.get("/"), served, cache=CachePolicy.PRIVATE_NO_STORE, verify=True
    )
    assert body(response) == CONTENT


def test_tampered_bytes_are_refused_and_logged(
    served: ServedFile, rf: RequestFactory, caplog: pytest.LogCaptureFixture
) -> None:
    path = storages["private"].path(served.storage_name)
    with open(path, "r+b") as handle:  # noqa: PTH123
        handle.seek(10)
        handle.write(b"X")
    with caplog.at_level(logging.ERROR), pytest.raises(StoredFileMismatchError):
        private_file_response(rf.get("/"), served, cache=CachePolicy.PRIVATE_NO_STORE, verify=True)
    assert served.storage_name in caplog.text


def test_a_verified_file_still_as_recorded_gets_304(served: ServedFile, rf: RequestFactory) -> None:
    request = rf.get("/", headers={"If-None-Match": f'"{served.sha256}"'})

    response = private_file_response(
        request, served, cache=CachePolicy.PRIVATE_NO_STORE, verify=True
    )

    assert response.status_code == 304


def test_a_tampered_file_gets_no_304_for_its_old_etag(
    served: ServedFile, rf: RequestFactory
) -> None:
    with open(storages["private"].path(served.storage_name), "r+b") as handle:  # noqa: PTH123
        handle.write(b"Z")
    request = rf.get("/", headers={"If-None-Match": f'"{served.sha256}"'})

    with pytest.raises(StoredFileMismatchError):
        private_file_response(request, served, cache=CachePolicy.PRIVATE_NO_STORE, verify=True)


def test_a_missing_file_gets_no_304_for_its_old_etag(
    served: ServedFile, rf: RequestFactory
) -> None:
    storages["private"].delete(served.storage_name)
    request = rf.get("/", headers={"If-None-Match": f'"{served.sha256}"'})

    with pytest.raises(FileNotFoundError):
        private_file_response(request, served, cache=CachePolicy.PRIVATE_NO_STORE, verify=True)


def test_unverified_downloads_do_not_read_the_file_twice(
    served: ServedFile, rf: RequestFactory
) -> None:
    # Without verify the bytes stream straight from the storage, even if they were altered:
    # verification is the caller's explicit choice (evidence always asks for it).
    path = storages["private"].path(served.storage_name)
    with open(path, "r+b") as handle:  # noqa: PTH123
        handle.write(b"Y")
    response = private_file_response(rf.get("/"), served, cache=CachePolicy.PRIVATE_NO_STORE)
    assert body(response).startswith(b"Y")


def test_a_refusal_is_plain_text_and_not_cached() -> None:
    response = file_refused_response("This file failed its integrity check.", status=409)
    assert response.status_code == 409
    assert response.content == b"This file failed its integrity check."
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_generated_file_is_sent_private_without_etag_at_its_own_length() -> None:
    claimed = []
    stamped = CONTENT + b"%% watermark: Ada Lovelace, grant 17\n"

    response = generated_file_response(
        produce=lambda spool: spool.write(stamped),
        claim=lambda: claimed.append("download"),
        filename="report-grant-17.pdf",
        content_type="application/pdf",
    )

    assert body(response) == stamped
    assert response["Content-Length"] == str(len(stamped))
    assert "ETag" not in response
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store", "max-age=0"}
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"] == 'attachment; filename="report-grant-17.pdf"'
    assert claimed == ["download"]


def test_a_failed_production_consumes_no_claim() -> None:
    claimed = []

    def produce(spool: Any) -> None:
        spool.write(b"%PDF-1.7 half a stamp")
        raise StoredFileMismatchError("the source PDF no longer matches its hash")

    with pytest.raises(StoredFileMismatchError):
        generated_file_response(
            produce=produce,
            claim=lambda: claimed.append("download"),
            filename="report.pdf",
            content_type="application/pdf",
        )

    assert claimed == []


def test_a_refused_claim_sends_nothing() -> None:
    produced = []

    class LimitReachedError(Exception):
        pass

    def claim() -> None:
        raise LimitReachedError

    def produce(spool: Any) -> None:
        produced.append(spool)
        spool.write(CONTENT)

    with pytest.raises(LimitReachedError):
        generated_file_response(
            produce=produce, claim=claim, filename="report.pdf", content_type="application/pdf"
        )

    assert produced[0].closed  # the stamped bytes are thrown away, never sent
