"""Word, Excel and PowerPoint files: the parts that make each one, and XML with no entities.

XML parts are parsed by defusedxml's SAX parser fed chunk by chunk, so a part of any size costs
constant memory, and any DTD is refused: that one rule stops both external entities (XXE) and
entity expansion (billion laughs). The relationship parts (``*.rels``) are read as they parse:
a relationship with ``TargetMode="External"`` makes Office fetch something from outside the
file when it opens it (a remote template, image, frame or OLE object: a tracking beacon, a
way to leak the reader's Windows credentials, or a template with macros), so it is refused.
Plain hyperlinks stay: nothing follows them until the reader clicks.
"""

import re
import xml.sax
from collections.abc import Iterable, Iterator
from zipfile import ZipFile

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from isms.files.inspection.errors import Refusal
from isms.files.inspection.types import DOCX, PPTX, XLSX, InspectedFile, with_article

CONTENT_TYPES = "[Content_Types].xml"
MAIN_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
# Where Office keeps macros; a macro-enabled file renamed .docx still carries them.
MACRO_PART = "vbaproject.bin"
RELATIONSHIPS_SUFFIX = ".rels"
# The last segment of a relationship type, as in .../officeDocument/2006/relationships/hyperlink
# (transitional) or .../officeDocument/relationships/hyperlink (strict).
HYPERLINK_TYPE = "hyperlink"
_SHOWN_TYPE = re.compile(r"[^A-Za-z]")


def package_type(names: list[str]) -> InspectedFile | None:
    """Word, Excel or PowerPoint if the archive has that type's main part next to its
    [Content_Types].xml; whether this upload takes that kind is the inspector's decision."""
    present = set(names)
    if CONTENT_TYPES not in present:
        return None
    for inspected, main_part in MAIN_PARTS.items():
        if main_part in present:
            return inspected
    raise Refusal(
        "is an Office file other than a Word document, an Excel workbook or a PowerPoint "
        "presentation, which we do not accept; save it as PDF.",
        code="type_not_allowed",
    )


def check_package(archive: ZipFile, inspected: InspectedFile) -> None:
    if any(name.casefold().endswith(MACRO_PART) for name in archive.namelist()):
        raise Refusal(
            f"is {_described(inspected)} with macros, which we do not accept; save it "
            "without macros.",
            code="office_macros",
        )


def is_xml_part(name: str) -> bool:
    return name.casefold().endswith((".xml", RELATIONSHIPS_SUFFIX))


class _ExternalRelationships(xml.sax.handler.ContentHandler):
    """Refuses a relationship that points outside the package, other than a hyperlink."""

    def __init__(self, inspected: InspectedFile) -> None:
        super().__init__()
        self.inspected = inspected

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        if name.rpartition(":")[2] != "Relationship":
            return
        if attrs.get("TargetMode", "").strip().casefold() != "external":
            return
        kind = attrs.get("Type", "").rstrip("/").rpartition("/")[2]
        if kind.casefold() == HYPERLINK_TYPE:
            return
        shown = _SHOWN_TYPE.sub("", kind)[:40] or "unnamed"
        raise Refusal(
            f"is {_described(self.inspected)} that fetches content from outside the file when "
            f"it is opened (an external {shown} relationship, such as a remote template or "
            "image); save it without external content, or as PDF.",
            code="office_external",
        )


def check_xml(first: bytes, rest: Iterator[bytes], *, part: str, inspected: InspectedFile) -> None:
    parser = make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.forbid_dtd = True
    if part.casefold().endswith(RELATIONSHIPS_SUFFIX):
        parser.setContentHandler(_ExternalRelationships(inspected))
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


def _described(inspected: InspectedFile) -> str:
    return with_article(inspected.kind_label)


def _together(first: bytes, rest: Iterable[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest
