import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from isms.records.models import NumberedPdfRecord
from isms.records.pdf import record_pdf_attach, records_without_pdf

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Render the PDF of every published record (document versions, SoA versions) that has "
        "none yet, such as one whose rendering failed. One that fails again is reported, and the "
        "others are still rendered."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = list(records_without_pdf())
        if not pending:
            self.stdout.write("Every published record has its PDF.")
            return
        failed = [record for record in pending if not self._render(record)]
        rendered = len(pending) - len(failed)
        self.stdout.write(f"Rendered {rendered} of {len(pending)} missing PDF(s).")
        if failed:
            names = "; ".join(str(record) for record in failed)
            raise CommandError(f"{len(failed)} PDF(s) could not be rendered: {names}.")

    def _render(self, record: NumberedPdfRecord) -> bool:
        try:
            record = record_pdf_attach(record)
        # One broken record must not keep the others from their PDFs; the log has the traceback.
        except Exception as error:
            logger.exception("Rendering the PDF of %s failed", record)
            self.stderr.write(f"Failed: {record}: {error}")
            return False
        self.stdout.write(f"Rendered: {record} ({record.pdf_page_count} pages)")
        return True
