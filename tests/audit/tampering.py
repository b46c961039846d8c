"""Lifting the database's protection of the audit trail, for tests that play the attacker."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from isms.db.immutability import lifted


@contextmanager
def lifted_audit_protection() -> Iterator[None]:
    with lifted(connection):
        yield
