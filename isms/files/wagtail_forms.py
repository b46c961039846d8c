"""Wagtail's document and image forms, with every new file through our upload checks.

Wagtail builds each of its upload forms from one base class per model, named by the settings
WAGTAILDOCS_DOCUMENT_FORM_BASE and WAGTAILIMAGES_IMAGE_FORM_BASE: the add and edit views, the
multiple uploader (its upload form, which turns a refused file into an error beside that file),
the choosers' upload tabs, and Wagtail's admin API (which this project does not route) all
validate through it. So the checks sit in ``clean_file``: a newly uploaded file is inspected as
``isms.files.inspection`` allows for a document (``DOCUMENTS``) or an image (``IMAGES``), and
scanned for malware when a scanner is configured (``isms.files.checked.checked_file``), before
Wagtail stores it. A refusal, or a scanner that cannot answer, is an error on the file field,
so nothing is written.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from isms.files.checked import Uploader, checked_file
from isms.files.errors import UploadUnavailableError
from isms.files.inspection import DOCUMENTS, IMAGES, Acceptable


class _CheckedUploadForm:
    """The ``clean_file`` shared by both forms; ``user`` is the uploader Wagtail passes in."""

    acceptable: ClassVar[Acceptable]
    max_bytes_setting: ClassVar[str]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.uploaded_by: Uploader = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not isinstance(file, UploadedFile):
            return file  # no new file: the one already stored stays
        try:
            checked_file(
                source=file,
                filename=file.name or "",
                max_bytes=int(getattr(settings, self.max_bytes_setting)),
                acceptable=self.acceptable,
                uploaded_by=self.uploaded_by,
            )
        except UploadUnavailableError as error:
            raise ValidationError(error.message, code=error.code) from error
        return file


class CheckedDocumentForm(_CheckedUploadForm, BaseDocumentForm):  # type: ignore[misc]
    acceptable = DOCUMENTS
    max_bytes_setting = "WAGTAILDOCS_MAX_UPLOAD_SIZE"

    def _post_clean(self) -> None:
        refused = len(self.errors.get("file", []))
        super()._post_clean()
        if refused:
            # Document.clean then checks the extension of the file the refusal left out (none,
            # for a new document), which only adds a misleading "File extension “” is not
            # allowed" to the message that says what is wrong.
            del self.errors["file"][refused:]


class CheckedImageForm(_CheckedUploadForm, BaseImageForm):  # type: ignore[misc]
    acceptable = IMAGES
    max_bytes_setting = "WAGTAILIMAGES_MAX_UPLOAD_SIZE"
