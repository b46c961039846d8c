"""Word (.docx) and Excel (.xlsx): the parts that make them one, and XML with no entities.

XML parts are parsed by defusedxml's SAX parser fed chunk by chunk, so a part of any size costs
constant memory, and any DTD is refused: that one rule stops both external entities (XXE) and
entity expansion (billion laughs).
"""

import xml.sax
from collections.abc import Iterable, Iterator
from zipfile import ZipFile

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from isms.files.inspection.errors import Refusal
from isms.files.inspection.types import DOCX, XLSX, InspectedFile

CONTENT_TYPES = "[Content_Types].xml"
MAIN_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
# Where Office keeps macros; a macro-enabled file renamed .docx still carries them.
MACRO_PART = "vbaproject.bin"


def package_type(names: list[str]) -> InspectedFile | None:
    """Word or Excel if the archive has that type's main part next to [Content_Types].xml."""
    present = set(names)
    if CONTENT_TYPES not in present:
        return None
    for inspected, main_part in MAIN_PARTS.items():
        if main_part in present:
            return inspected
    raise Refusal(
        "is an Office file other than a Word document or an Excel workbook, which evidence may "
        "not be; save it as PDF.",
        code="type_not_allowed",
    )


def check_package(archive: ZipFile, inspected: InspectedFile) -> None:
    if any(name.casefold().endswith(MACRO_PART) for name in archive.namelist()):
        raise Refusal(
            f"is {'an Excel workbook' if inspected == XLSX else 'a Word document'} with macros, "
            "which evidence may not have; save it without macros.",
            code="office_macros",
        )


def is_xml_part(name: str) -> bool:
    return name.casefold().endswith((".xml", ".rels"))


def check_xml(first: bytes, rest: Iterator[bytes]) -> None:
    parser = make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.forbid_dtd = True
    try:
        for chunk in _together(first, rest):
            parser.feed(chunk)
        parser.close()
    except DefusedXmlException as error:
        raise Refusal(
            "contains XML with a document type or entity declarations, which can read files or "
            "exhaust memory when opened.",
            code="xml_entities",
        ) from error
    except xml.sax.SAXException as error:
        raise Refusal("is damaged: one of its XML parts is not valid.", code="malformed") from error


def _together(first: bytes, rest: Iterable[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest
