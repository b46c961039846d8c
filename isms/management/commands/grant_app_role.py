"""Grant the application's PostgreSQL role its rights (isms.db.roles), as the owner."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from isms.db.roles import AppRoleError, app_role_grant, owner_connection


class Command(BaseCommand):
    help = (
        "Grant the application role DML rights only: no DELETE or UPDATE of frozen columns on "
        "immutable tables, no TRUNCATE, no ownership. migrate runs this when DATABASE_APP_ROLE "
        "is set."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("role", nargs="?", default="", help="default: DATABASE_APP_ROLE")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"] or settings.DATABASE_APP_ROLE
        if not role:
            raise CommandError("Name the role, or set DATABASE_APP_ROLE.")
        with owner_connection(options["database"]) as connection:
            try:
                statements = app_role_grant(connection=connection, role=role)
            except AppRoleError as refused:
                raise CommandError(str(refused)) from None
        self.stdout.write(f"Granted {role} its rights ({len(statements)} statements).")
