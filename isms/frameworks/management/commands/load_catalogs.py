from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from isms.frameworks.catalog_files import CATALOG_DIR, CatalogError, read_catalog_dir
from isms.frameworks.services import CatalogConflictError, catalogs_load


class Command(BaseCommand):
    help = (
        "Load the framework catalogs and mappings from isms/frameworks/catalogs/. Idempotent: "
        "new frameworks and mappings are added; changes to loaded ones need --update; nothing "
        "loaded is ever removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Apply changed titles, descriptions, relations and new controls of loaded "
            "frameworks (without it, differences are listed and nothing is changed).",
        )
        parser.add_argument(
            "--directory", type=Path, default=CATALOG_DIR, help="Where the catalog files are."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            frameworks, mapping_files = read_catalog_dir(options["directory"])
            changes = catalogs_load(
                frameworks=frameworks, mapping_files=mapping_files, update=options["update"]
            )
        except CatalogConflictError as conflict:
            for line in conflict.differences:
                self.stderr.write(f"  {line}")
            raise CommandError(
                f"{len(conflict.differences)} differences between the files and the loaded "
                "catalogs; nothing was changed. Run again with --update to apply them."
            ) from None
        except CatalogError as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        if changes.nothing:
            self.stdout.write("Catalogs are up to date: nothing changed.")
            return
        for line in changes.created:
            self.stdout.write(f"Created {line}")
        for line in changes.updated:
            self.stdout.write(f"Updated {line}")
        if changes.soa_entries_created:
            self.stdout.write(
                f"Created {changes.soa_entries_created} Statement of Applicability entries."
            )
