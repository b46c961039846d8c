"""Django's migrate, connected as the owner, then granting the application role its rights."""

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as MigrateCommand

from isms.db.roles import AppRoleError, app_role_grant, owner_connection


class Command(MigrateCommand):
    """Migrations change the schema, which the application's own role may not do.

    With `DATABASE_MIGRATION_URL` set, the connection is made with the owner's credentials for
    the run; with `DATABASE_APP_ROLE` set (PostgreSQL), the role is granted its rights afresh,
    so tables added by the migrations are covered too.
    """

    def handle(self, *args: Any, **options: Any) -> None:
        role = settings.DATABASE_APP_ROLE
        with owner_connection(options["database"]) as connection:
            super().handle(*args, **options)
            if not role or connection.vendor != "postgresql":
                return
            try:
                app_role_grant(connection=connection, role=role)
            except AppRoleError as refused:
                raise CommandError(str(refused)) from None
        self.stdout.write(f"Granted the application role {role} its rights.")
