"""Deciding from its content whether an uploaded file may be accepted, and as what.

``inspect_file(path, filename=...)`` sniffs the file with libmagic, then parses it with the check
for its kind (``pdf``, ``images``, ``archives`` with ``ooxml``, ``text``), each bounded by the
limits in ``limits`` (Django settings ``EVIDENCE_MAX_*``). It returns the ``InspectedFile`` to
store the bytes under (media type and our extension), or raises ``UnacceptableFileError``, a
``ValidationError`` with a message naming the file and a stable code. The client's name and
Content-Type never decide a binary type; the allow-lists (``EVIDENCE``, ``DOCUMENTS``,
``IMAGES``) are in ``types``.
"""

from isms.files.inspection.errors import UnacceptableFileError
from isms.files.inspection.inspector import inspect_file
from isms.files.inspection.types import DOCUMENTS, EVIDENCE, IMAGES, Acceptable, InspectedFile

__all__ = [
    "DOCUMENTS",
    "EVIDENCE",
    "IMAGES",
    "Acceptable",
    "InspectedFile",
    "UnacceptableFileError",
    "inspect_file",
]
