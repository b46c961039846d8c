from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from isms.files.bucket import LOCK_MODES, private_bucket_prepare


class Command(BaseCommand):
    help = (
        "Prepare the private S3 bucket (evidence, document PDFs, reports): create it if missing, "
        "turn versioning on and, with --retention-days, set a default Object Lock retention."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retention-days", type=int, default=None)
        parser.add_argument("--mode", choices=LOCK_MODES, default="COMPLIANCE")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["retention_days"]
        if days is not None and days < 1:
            raise CommandError("--retention-days is a number of days, at least 1.")
        try:
            state = private_bucket_prepare(retention_days=days, mode=options["mode"])
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        retention = (
            f"{state.lock_mode} retention for {state.retention_days} days"
            if state.lock_mode
            else "no default retention"
        )
        self.stdout.write(f"Bucket {state.bucket}: versioning {state.versioning}; {retention}.")
