"""Django's flush, with the immutability triggers lifted while the tables are emptied."""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from isms.db.immutability import lifted


class Command(FlushCommand):
    """Empties every table, protected ones included.

    Flush is the owner's "delete everything" (tests reset with it between transactional tests
    and browser journeys); Django deletes on SQLite and truncates on PostgreSQL, both of which
    the triggers refuse. The application's own role can do neither.
    """

    def handle(self, **options: Any) -> None:
        with lifted(connections[options["database"]]):
            super().handle(**options)
