from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from isms.audit.checks import RecordCheck, record_checks
from isms.audit.verification import (
    ChainReport,
    audit_chain_verify,
    audit_checkpoints_verify,
    records_sharing_a_file,
    records_with_changed_content,
    records_without_event,
    stored_file_hashes_not_recorded,
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
            findings += self._unrecorded(check) + self._files(check) + self._content(check)
        if findings:
            raise CommandError(f"{findings} finding(s): the record cannot be trusted as it is.")
        self.stdout.write(self.style.SUCCESS("No findings."))

    def _chain(self) -> int:
        report = audit_chain_verify()
        self.stdout.write(f"Audit trail: {report.events} events.")
        if report.head_sequence is not None:
            self.stdout.write(f"  Last event #{report.head_sequence}, hash {report.head_hash}.")
        if report.unkeyed:
            self.stdout.write(
                f"  Events from before the trail was signed (plain SHA-256): {report.unkeyed}."
            )
        self.stdout.write(f"  Broken links: {len(report.breaks)}.")
        for problem in report.breaks:
            self.stdout.write(self.style.ERROR(f"    {_capitalised(problem)}."))
        return len(report.breaks) + self._checkpoints(report)

    def _checkpoints(self, chain: ChainReport) -> int:
        report = audit_checkpoints_verify(chain)
        latest = report.latest
        newest = f"; the newest saw #{latest.sequence} at {latest.written_at}" if latest else ""
        self.stdout.write(f"Checkpoints outside the database: {report.checkpoints}{newest}.")
        for problem in report.findings:
            self.stdout.write(self.style.ERROR(f"    {_capitalised(problem)}."))
        return len(report.findings)

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

    def _content(self, check: RecordCheck) -> int:
        found = [
            *records_sharing_a_file(check),
            *stored_file_hashes_not_recorded(check),
            *records_with_changed_content(check),
            *(check.findings() if check.findings else ()),
        ]
        if check.content is not None:
            self.stdout.write(
                f"  Content checked against its creating event: {len(found)} findings."
            )
        for record, problem in found:
            self._finding(check, record, problem)
        return len(found)

    def _finding(self, check: RecordCheck, record: models.Model, problem: str) -> None:
        name = f"{record._meta.verbose_name} id {record.pk} ({record})"
        self.stdout.write(self.style.ERROR(f"    {name}: {problem}."))


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]
