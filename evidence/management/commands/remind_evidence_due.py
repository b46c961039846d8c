from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from evidence.services import evidence_renewal_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each owner their accepted evidence that is due for renewal soon or overdue. Each "
        "piece is mentioned once per threshold and renewal date, so it is safe to run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        renewals = evidence_renewal_reminders_send(today=timezone.localdate())
        if not renewals:
            self.stdout.write("No evidence to remind its owners of.")
            return
        for renewal in renewals:
            self.stdout.write(f"{renewal.evidence}: renewal {renewal.when}")
        self.stdout.write(
            self.style.SUCCESS(f"Reminded the owners of {len(renewals)} piece(s) of evidence.")
        )
