"""The organisation's logo as the bytes a PDF renderer is handed."""

from isms.pdf.cover import logo_media_type
from isms.pdf.rendering import Resource


def organisation_logo() -> Resource | None:
    """The logo's original file, read here so that the renderer never touches storage."""
    from isms.models import OrganisationSettings

    image = OrganisationSettings.load().logo
    if image is None:
        return None
    with image.open_file() as file:
        content = file.read()
    return Resource(content=content, media_type=logo_media_type(content))
