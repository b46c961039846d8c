"""Lifting the database's protection of the audit trail, for tests that play the attacker."""

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def lifted_audit_protection() -> Iterator[None]:
    # No triggers yet; replaced when the table is protected.
    yield
