"""Which of our records has this SHA-256? One answer across every record type that keeps a hash.

A reader holding a PDF we issued (a policy version, an SoA version, later a certificate) asks
whether it is ours and which record it is. Every record type with a PDF
(``isms.records.models.NumberedPdfRecord``) is asked on its ``pdf_sha256``; a type that keeps
its hash elsewhere registers the column with ``register_hash_column`` in its ``AppConfig.ready``.
Each column is indexed (a test checks), so a lookup costs one indexed query per record type.
"""

import re

from django.db import models

from isms.records.pdf import pdf_record_models

_SHA256 = re.compile(r"[0-9a-f]{64}")
_registered: dict[type[models.Model], str] = {}


def register_hash_column(model: type[models.Model], column: str) -> None:
    """Have ``records_with_sha256`` also search ``model.<column>`` (a SHA-256 in lowercase hex)."""
    _registered[model] = column


def hash_columns() -> dict[type[models.Model], str]:
    """Every record type that answers to a SHA-256, with the field holding it."""
    return {**dict.fromkeys(pdf_record_models(), "pdf_sha256"), **_registered}


def records_with_sha256(sha256: str) -> list[models.Model]:
    """The records whose file has this SHA-256, in registry order; none for a malformed hash."""
    digest = sha256.strip().lower()
    if not _SHA256.fullmatch(digest):
        return []
    found: list[models.Model] = []
    for model, column in hash_columns().items():
        found.extend(model._default_manager.filter(**{column: digest}).order_by("pk"))
    return found
