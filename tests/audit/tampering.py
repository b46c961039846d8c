"""Lifting the database's protection of the audit trail, for tests that play the attacker."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from isms.db.immutability import lifted


@contextmanager
def lifted_audit_protection() -> Iterator[None]:
    if connection.vendor == "postgresql":
        # PostgreSQL alters no table with foreign-key checks pending in the transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with lifted(connection):
        yield
