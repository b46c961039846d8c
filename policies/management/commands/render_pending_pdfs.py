import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from policies.selectors import versions_without_pdf
from policies.services import document_version_attach_pdf

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Render the PDF of every published version that has none yet, such as one whose "
        "rendering failed. A version that fails again is reported, and the others still rendered."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = versions_without_pdf()
        if not pending:
            self.stdout.write("Every published version has its PDF.")
            return
        failed = [version for version in pending if not self._render(version)]
        rendered = len(pending) - len(failed)
        self.stdout.write(f"Rendered {rendered} of {len(pending)} missing PDF(s).")
        if failed:
            names = "; ".join(str(version) for version in failed)
            raise CommandError(f"{len(failed)} PDF(s) could not be rendered: {names}.")

    def _render(self, version: Any) -> bool:
        try:
            document_version_attach_pdf(version=version)
        # One broken version must not keep the others from their PDFs; the log has the traceback.
        except Exception as error:
            logger.exception("Rendering the PDF of %s failed", version)
            self.stderr.write(f"Failed: {version}: {error}")
            return False
        self.stdout.write(f"Rendered: {version} ({version.pdf_page_count} pages)")
        return True
