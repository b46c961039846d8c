import logging

from django.tasks import task

from isms.frameworks.models import SoaVersion

logger = logging.getLogger(__name__)


@task()
def render_soa_version_pdf(version_id: int) -> None:
    """Render a published SoA version's PDF in the background; idempotent, so retrying is safe."""
    from isms.frameworks.soa.services import soa_version_attach_pdf

    version = SoaVersion.objects.get(pk=version_id)
    soa_version_attach_pdf(version=version)
    logger.info("Rendered the PDF of %s", version)
