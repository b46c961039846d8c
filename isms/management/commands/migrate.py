"""Django's migrate, connected as the owner, then granting the application role its rights."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand

from isms.db.roles import owner_connection


class Command(MigrateCommand):
    """Migrations change the schema, which the application's own role may not do.

    With `DATABASE_MIGRATION_URL` set, the connection is made with the owner's credentials for
    the run; with `DATABASE_APP_ROLE` set (PostgreSQL), the role is granted its rights afresh,
    so tables added by the migrations are covered too.
    """

    def handle(self, *args: Any, **options: Any) -> None:
        with owner_connection(options["database"]) as connection:
            super().handle(*args, **options)
            if settings.DATABASE_APP_ROLE and connection.vendor == "postgresql":
                call_command(
                    "grant_app_role", settings.DATABASE_APP_ROLE, database=connection.alias
                )
