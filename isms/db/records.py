"""What every published, numbered record with a rendered PDF shares (document and SoA versions).

A record model keeps its own ``major``, ``minor`` and fill-once PDF fields (``pdf_file``,
``pdf_sha256``, ``pdf_size``, ``pdf_page_count``); this module gives it the behaviour and the
database rule that go with them, so that the two never drift apart.
"""

from django.db import models
from django.db.models import Q

from policies.versioning import VersionNumber


def pdf_fields_all_or_nothing(name: str) -> models.CheckConstraint:
    """The PDF is recorded whole (file, hash, size, pages) or not yet at all."""
    return models.CheckConstraint(
        condition=(
            Q(pdf_file="", pdf_sha256="", pdf_size__isnull=True)
            | (~Q(pdf_file="") & ~Q(pdf_sha256="") & Q(pdf_page_count__gte=1))
        ),
        name=name,
    )


class NumberedPdfRecord:
    """The version number and PDF state of a record with ``major``, ``minor``, ``pdf_sha256``."""

    major: int
    minor: int
    pdf_sha256: str

    @property
    def version(self) -> VersionNumber:
        return VersionNumber(self.major, self.minor)

    @property
    def number(self) -> str:
        return str(self.version)

    number.fget.short_description = "version"  # type: ignore[attr-defined]

    @property
    def is_pdf_ready(self) -> bool:
        return bool(self.pdf_sha256)
