from typing import Any

from django.core.management.base import BaseCommand, CommandError

from isms.audit.verification import (
    PdfFinding,
    audit_chain_verify,
    document_pdfs_verify,
    document_versions_without_publication_event,
)


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain, that every published document version has its "
        "publication event, and that every stored PDF still has its recorded SHA-256. "
        "Exits non-zero on any finding."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        findings = self._chain() + self._publications() + self._pdfs()
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

    def _publications(self) -> int:
        unrecorded = list(document_versions_without_publication_event())
        self.stdout.write(f"Published versions without a publication event: {len(unrecorded)}.")
        for version in unrecorded:
            self.stdout.write(self.style.ERROR(f"  Version id {version.pk}: {version}."))
        return len(unrecorded)

    def _pdfs(self) -> int:
        checked, findings = 0, []
        for result in document_pdfs_verify():
            checked += 1
            if isinstance(result, PdfFinding):
                findings.append(result)
        self.stdout.write(f"PDFs checked: {checked}; not matching: {len(findings)}.")
        for finding in findings:
            self.stdout.write(
                self.style.ERROR(
                    f"  Version id {finding.version.pk} ({finding.version}): {finding.problem}."
                )
            )
        return len(findings)
