"""What every published, numbered record with a rendered PDF shares (document and SoA versions).

A record model inherits its number, dates and fill-once PDF fields from ``NumberedPdfRecord``
and says how its PDF is made and kept in a few class attributes; this module gives it the
behaviour and the database rules that go with them, so that no two record types drift apart.
Each concrete model still lists every column in its own ``ProtectImmutable`` migration.
"""

from typing import ClassVar

from django.db import models
from django.db.models import Q

from isms.files.responses import ServedFile
from isms.records.numbers import VersionNumber, versioned_file_stem


def pdf_fields_all_or_nothing(name: str) -> models.CheckConstraint:
    """The PDF is recorded whole (file, hash, size, pages) or not yet at all."""
    return models.CheckConstraint(
        condition=(
            Q(pdf_file="", pdf_sha256="", pdf_size__isnull=True)
            | (~Q(pdf_file="") & ~Q(pdf_sha256="") & Q(pdf_page_count__gte=1))
        ),
        name=name,
    )


def pdf_sha256_index(name: str) -> models.Index:
    """The hash a reader brings to "is this PDF one of yours?" (``isms.records.lookup``)."""
    return models.Index(fields=["pdf_sha256"], name=name)


class NumberedPdfRecord(models.Model):
    """The version number, dates and PDF of a published record.

    The PDF fields start empty and are filled exactly once, after the publication commits
    (``isms.records.pdf``); a check constraint (``pdf_fields_all_or_nothing``) keeps them whole.

    Each record type sets:

    - ``pdf_renderer``: the dotted path of a function that lays the record out as a PDF
      (``record -> object with content and page_count``), imported only when rendering, so that
      the web process never loads WeasyPrint;
    - ``pdf_storage_prefix``: the private storage folder its PDFs go in;
    - ``pdf_verified_on_download``: whether a download hashes the stored bytes before sending
      them (docs/decisions.md, "Verify before serving, per record type");
    - ``file_slug``: how its downloaded files begin (a document's slug, the SoA's name).
    """

    pdf_renderer: ClassVar[str]
    pdf_storage_prefix: ClassVar[str]
    pdf_verified_on_download: ClassVar[bool]

    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    effective_date = models.DateField()
    published_at = models.DateTimeField()

    pdf_file = models.CharField(max_length=500, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    pdf_size = models.PositiveBigIntegerField("PDF size in bytes", null=True)
    pdf_page_count = models.PositiveIntegerField("PDF pages", null=True)
    pdf_rendered_at = models.DateTimeField("PDF rendered at", null=True)

    class Meta:
        abstract = True

    @property
    def file_slug(self) -> str:
        raise NotImplementedError

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

    @property
    def file_stem(self) -> str:
        """How a downloaded copy is named: it still says which version it is, and from when."""
        return versioned_file_stem(
            slug=self.file_slug, number=self.number, effective_date=self.effective_date
        )

    @property
    def pdf_filename(self) -> str:
        return f"{self.file_stem}.pdf"

    def served_pdf(self) -> ServedFile:
        """The stored PDF's facts, for ``isms.files.responses`` (only once it is ready)."""
        return ServedFile(
            storage_name=self.pdf_file,
            filename=self.pdf_filename,
            content_type="application/pdf",
            size=self.pdf_size or 0,
            sha256=self.pdf_sha256,
        )
