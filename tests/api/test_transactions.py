"""API endpoints run outside the request transaction; each service commits its own writes.

DRF rolls the request's transaction back on every error response, which would also undo the
record that a token was used; and on SQLite an atomic read would take the write lock.
"""

import pytest
from django.urls import resolve


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/token/",
        "/api/v1/evidence/",
        "/api/v1/evidence/1/",
        "/api/v1/evidence/1/revisions/",
        "/api/v1/evidence/1/revisions/1/download/",
    ],
)
def test_api_endpoints_are_not_atomic(path: str) -> None:
    assert "default" in getattr(resolve(path).func, "_non_atomic_requests", set())
