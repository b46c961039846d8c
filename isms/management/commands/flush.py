"""Django's flush, with the immutability triggers lifted while the tables are emptied."""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from isms.db.immutability import lifted
from isms.db.roles import owner_connection


class Command(FlushCommand):
    """Empties every table, protected ones included.

    Flush is the owner's "delete everything" (tests reset with it between transactional tests
    and browser journeys); Django deletes on SQLite and truncates on PostgreSQL, both of which
    the triggers refuse. The application's own role can do neither, so with
    `DATABASE_MIGRATION_URL` set, flush connects as the owner.
    """

    def handle(self, **options: Any) -> None:
        with owner_connection(options["database"]) as connection, lifted(connection):
            super().handle(**options)
