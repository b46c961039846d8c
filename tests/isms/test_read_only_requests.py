"""Public pages and PDF downloads only read, so they are served outside a request transaction.

With SQLite's IMMEDIATE transaction mode every transaction takes the write lock; an atomic page
view would make readers queue behind each other (bench/pdf_download.py: about half the
throughput). Everything that writes (the admin, page-password attempts) stays atomic.
"""

import pytest
from django.urls import resolve


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/policies/isp/",
        "/policies/isp/versions/1.0/",
        "/policies/isp/versions/1.0/pdf/",
        "/pdf/1/isp-v1.0-2024-01-01.pdf",
    ],
)
def test_public_reads_are_not_atomic(path: str) -> None:
    assert "default" in getattr(resolve(path).func, "_non_atomic_requests", set())


@pytest.mark.parametrize(
    "path", ["/admin/pages/3/edit/", "/_util/authenticate_with_password/1/2/", "/_util/login/"]
)
def test_what_writes_stays_atomic(path: str) -> None:
    assert "default" not in getattr(resolve(path).func, "_non_atomic_requests", set())
