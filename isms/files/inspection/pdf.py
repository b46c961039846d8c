"""PDF: it must parse, carry nothing that runs or hides files, and end where a PDF ends.

Besides what is refused anywhere (scripts, launch actions, embedded files, rich media, XFA), an
action that a viewer runs by itself, without a click, may not reach outside the file: the
document's ``/OpenAction`` and the additional actions (``/AA``) of the document, its pages and
its annotations (page opened, document closed, field shown...) may not open a web address,
submit or import data, or open another file. A link the reader clicks may still go to the web,
and an open action may still go to a page of the document itself.
"""

from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from isms.files.inspection.errors import Refusal
from isms.files.inspection.limits import limit

TAIL_BYTES = 1024
# Whitespace as PDF defines it (ISO 32000-1, 7.2.2); writers pad with it after %%EOF.
PDF_WHITESPACE = b"\x00\t\n\x0c\r "

# Keys and values that make a PDF act on its own: scripts, launching programs, embedded files,
# Flash/video, XFA forms (which carry scripts).
_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": "embedded files",
    "/EmbeddedFile": "embedded files",
    "/EF": "embedded files",
    "/RichMedia": "rich media (Flash or video)",
    "/RichMediaContent": "rich media (Flash or video)",
    "/XFA": "an XFA form, which can run scripts",
}
_ACTIVE_VALUES = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that launches a program",
    "/RichMedia": "rich media (Flash or video)",
    "/FileAttachment": "embedded files",
    "/EmbeddedFile": "embedded files",
}
# Actions that reach outside the file, refused when they run by themselves (ISO 32000-1, 12.6.4).
# Launch and JavaScript actions are not listed: they are refused wherever they are.
_REACHING_OUT = {
    "/URI": "opens a web address",
    "/SubmitForm": "sends form data to an address",
    "/ImportData": "imports data from another file",
    "/GoToR": "opens another PDF file",
    "/GoToE": "opens an embedded file",
}
# An action's /Next chain (each a dictionary or an array of them) is followed this far.
_MAX_ACTIONS = 100
_NESTING_LIMIT = 64


def check_pdf(path: Path) -> None:
    _check_ends_at_eof(path)
    # Given a path, pypdf reads the whole file into memory; given a file, it seeks and reads.
    with path.open("rb") as file:
        _check_document(PdfReader(file, strict=False))


def _check_document(reader: PdfReader) -> None:
    if reader.is_encrypted:
        raise Refusal(
            "is encrypted or password-protected; upload an unprotected copy.", code="encrypted"
        )
    if len(reader.pages) == 0:
        raise Refusal("is not a valid PDF document: it has no pages.", code="malformed")
    for obj in _every_object(reader):
        _check_inert(obj, depth=0)


def _check_ends_at_eof(path: Path) -> None:
    """Refuse data after the last %%EOF: that is where a polyglot hides a ZIP or a script.

    Incremental updates append sections that end with %%EOF too, so the last one is the end.
    """
    with path.open("rb") as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - TAIL_BYTES))
        tail = file.read()
    if not tail.rstrip(PDF_WHITESPACE).endswith(b"%%EOF"):
        raise Refusal(
            "has data after the end of its PDF content, which is how another file is hidden "
            "inside one.",
            code="trailing_data",
        )


def _every_object(reader: PdfReader) -> Iterator[PdfObject | None]:
    """Every numbered object in the file, referenced or not: active content may hide anywhere."""
    numbers = [(num, gen) for gen, table in reader.xref.items() for num in table]
    numbers += [(num, 0) for num in reader.xref_objStm]
    if len(numbers) > limit("EVIDENCE_MAX_PDF_OBJECTS"):
        raise Refusal("has too many objects to be checked.", code="too_complex")
    for num, gen in numbers:
        yield reader.get_object(IndirectObject(num, gen, reader))


def _check_inert(obj: PdfObject | None, *, depth: int) -> None:
    # Indirect references are not followed: each numbered object is checked on its own.
    if depth > _NESTING_LIMIT:
        raise Refusal("is not a valid PDF document: it is nested too deeply.", code="malformed")
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            _refuse_if_active(key, value)
            _check_inert(value, depth=depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _check_inert(item, depth=depth + 1)


def _refuse_if_active(key: str, value: PdfObject) -> None:
    if key == "/OpenAction":
        _check_triggered([value])
    elif key == "/AA" and isinstance(triggers := _resolved(value), DictionaryObject):
        _check_triggered(list(triggers.values()))
    found = _ACTIVE_KEYS.get(key)
    if found is None and key in ("/S", "/Subtype", "/Type"):
        # A viewer resolves "/S 12 0 R" to the name it points at, so the check does too.
        name = value.get_object() if isinstance(value, IndirectObject) else value
        if isinstance(name, NameObject):
            found = _ACTIVE_VALUES.get(name)
    if found is not None:
        raise Refusal(
            f"contains {found}, which we do not accept; save it again without it (for example "
            "by printing it to a new PDF).",
            code="pdf_active_content",
        )


def _check_triggered(actions: list[PdfObject]) -> None:
    """Refuse an action that runs by itself if it, or any action it chains to, reaches out."""
    seen = 0
    while actions and seen < _MAX_ACTIONS:
        action, seen = _resolved(actions.pop()), seen + 1
        if not isinstance(action, DictionaryObject):
            continue  # an open action may be a destination array: a page of this document
        kind = _resolved(action.get("/S"))
        if isinstance(kind, NameObject) and kind in _REACHING_OUT:
            raise Refusal(
                f"{_REACHING_OUT[kind]} by itself when it is opened or viewed (an automatic "
                f"{kind[1:]} action), which we do not accept; save it again without it (for "
                "example by printing it to a new PDF).",
                code="pdf_automatic_action",
            )
        following = _resolved(action.get("/Next"))
        if isinstance(following, ArrayObject):
            actions.extend(following)
        elif following is not None:
            actions.append(following)
    if actions:
        raise Refusal("is not a valid PDF document: its actions chain too far.", code="malformed")


def _resolved(obj: PdfObject | None) -> PdfObject | None:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj
