import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from evidence.models import EvidenceKind, EvidenceRevision
from evidence.verification import evidence_files_verify, stored_files_without_revision
from isms.audit.verification import FileCheck

MEGABYTE = 1024 * 1024
SHOWN_ORPHANS = 50


class Command(BaseCommand):
    help = (
        "Rehash every stored evidence file and compare it with the SHA-256 and size recorded "
        "when it was uploaded. Names each file that changed or is missing; exits non-zero if any. "
        "Also lists stored files that no revision names (left by a rolled-back request)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = EvidenceRevision.objects.filter(kind=EvidenceKind.FILE).count()
        show_progress = sys.stderr.isatty() and options["verbosity"] >= 1
        started = time.monotonic()
        checked, size, findings = 0, 0, []
        for check in evidence_files_verify():
            checked, size = checked + 1, size + check.size
            if not check.intact:
                findings.append(check)
            if show_progress:
                sys.stderr.write(
                    f"\rChecked {checked:,} of {total:,} files ({size / MEGABYTE:,.0f} MB)"
                )
        if show_progress:
            sys.stderr.write("\n")
        self._summary(checked, size, findings, time.monotonic() - started)
        self._orphans()
        if findings:
            raise CommandError(
                f"{len(findings)} evidence file(s) do not match their record; see above."
            )

    def _orphans(self) -> None:
        orphans = list(stored_files_without_revision())
        self.stdout.write(f"Stored files no revision names: {len(orphans):,}.")
        for name in orphans[:SHOWN_ORPHANS]:
            self.stdout.write(self.style.WARNING(f"  {name}"))
        if len(orphans) > SHOWN_ORPHANS:
            self.stdout.write(f"  ... and {len(orphans) - SHOWN_ORPHANS:,} more.")

    def _summary(self, checked: int, size: int, findings: list[FileCheck], seconds: float) -> None:
        rate = size / MEGABYTE / seconds if seconds > 0 else 0.0
        self.stdout.write(
            f"Evidence files checked: {checked:,} ({size / MEGABYTE:,.1f} MB in {seconds:.1f} s, "
            f"{rate:,.0f} MB/s); intact: {checked - len(findings):,}; "
            f"changed or missing: {len(findings):,}."
        )
        for finding in findings:
            revision = finding.record
            assert isinstance(revision, EvidenceRevision)  # noqa: S101 (the check's model)
            self.stdout.write(
                self.style.ERROR(
                    f"  Evidence {revision.evidence_id} “{revision.evidence.title}”, revision "
                    f"{revision.number} ({revision.original_filename}, {revision.storage_name}): "
                    f"{finding.problem}."
                )
            )
        if not findings:
            self.stdout.write(self.style.SUCCESS("Every evidence file is intact."))
