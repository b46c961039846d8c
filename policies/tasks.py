import logging

from django.tasks import task

from policies.models import DocumentVersion

logger = logging.getLogger(__name__)


@task()
def render_document_version_pdf(version_id: int) -> None:
    """Render a published version's PDF in the background; idempotent, so a retry is harmless."""
    from policies.services import document_version_attach_pdf

    version = DocumentVersion.objects.get(pk=version_id)
    document_version_attach_pdf(version=version)
    logger.info("Rendered the PDF of %s", version)
