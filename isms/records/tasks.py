import logging

from django.apps import apps
from django.tasks import task

logger = logging.getLogger(__name__)


@task(backend="background")
def render_record_pdf(model_label: str, pk: int) -> None:
    """Render a published record's PDF in the background; idempotent, so a retry is harmless."""
    from isms.records.pdf import record_pdf_attach

    record = apps.get_model(model_label)._default_manager.get(pk=pk)
    record_pdf_attach(record)
    logger.info("Rendered the PDF of %s", record)
