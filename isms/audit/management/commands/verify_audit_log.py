from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from isms.audit.checks import RecordCheck, record_checks
from isms.audit.verification import (
    audit_chain_verify,
    records_without_event,
    stored_files_verify,
)


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain and, for every record type the apps register "
        "(document versions, SoA versions, evidence revisions), that each record has the event "
        "that created it and that each stored file still has its recorded SHA-256. Prints one "
        "line per finding; exits non-zero on any."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        findings = self._chain()
        for check in record_checks():
            self.stdout.write(f"{_capitalised(check.label)}: {check.records().count()}.")
            findings += self._unrecorded(check) + self._files(check)
        if findings:
            raise CommandError(f"{findings} finding(s): the record cannot be trusted as it is.")
        self.stdout.write(self.style.SUCCESS("No findings."))

    def _chain(self) -> int:
        report = audit_chain_verify()
        self.stdout.write(f"Audit trail: {report.events} events.")
        if report.head_sequence is not None:
            # Kept elsewhere, the head's hash also shows later whether events were cut off the end.
            self.stdout.write(f"  Last event #{report.head_sequence}, hash {report.head_hash}.")
        if report.first_break:
            self.stdout.write(self.style.ERROR(f"  First broken link: {report.first_break}."))
            return 1
        return 0

    def _unrecorded(self, check: RecordCheck) -> int:
        unrecorded = list(records_without_event(check))
        events = " or ".join(check.created_by)
        self.stdout.write(f"  Without their {events} event: {len(unrecorded)}.")
        for record in unrecorded:
            self._finding(check, record, "no event records its creation")
        return len(unrecorded)

    def _files(self, check: RecordCheck) -> int:
        if check.files is None:
            return 0
        results = stored_files_verify(check)
        checked, findings = 0, []
        for result in results:
            checked += 1
            if not result.intact:
                findings.append(result)
        self.stdout.write(
            f"  Stored files checked: {checked}; changed or missing: {len(findings)}."
        )
        for finding in findings:
            self._finding(check, finding.record, f"{finding.problem} ({finding.storage_name})")
        return len(findings)

    def _finding(self, check: RecordCheck, record: models.Model, problem: str) -> None:
        name = f"{check.model._meta.verbose_name} id {record.pk} ({record})"
        self.stdout.write(self.style.ERROR(f"    {name}: {problem}."))


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]
