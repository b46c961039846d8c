"""The headings of a version's body, given ids so a list of contents can link to them.

Used when a version is shown: by the PDF renderer (its table of contents) and by the public page
(its list of contents). Both add ids to the frozen body HTML as they render it; the stored
``DocumentVersion.body_html`` is never changed. Plain standard library, so the web process does
not load the PDF renderer to show a page.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import override

from django.utils.text import slugify

ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*(?P<quote>["']?)(?P<value>[^"'\s>]*)(?P=quote)""", re.I)


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents: a body heading and the anchor it links to."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class AnchoredBody:
    """Body HTML whose h2/h3 headings all carry an id, and the headings in document order."""

    html: str
    headings: tuple[TocEntry, ...]


def anchor_headings(body_html: str, *, reserved: frozenset[str] = frozenset()) -> AnchoredBody:
    """Give every h2/h3 of the body a unique id, so a table of contents can link to it.

    Ids already present are kept (editors may link to them from elsewhere in the body) unless
    an earlier heading or the surrounding page (`reserved`) already uses the same one. The markup
    is otherwise returned byte for byte; ids are spliced into the original text rather than
    re-serialising a parse tree, which would normalise what the editor wrote.
    """
    scan = _HeadingScanner.scan(body_html)
    taken = set(reserved) | scan.ids
    claimed = set(reserved)
    edits: list[tuple[int, int, str]] = []
    headings: list[TocEntry] = []
    # An empty heading (left over from editing) would be a line of bare dots in the contents.
    for found in (heading for heading in scan.headings if heading.text):
        if found.existing_id and found.existing_id not in claimed:
            anchor = found.existing_id
        else:
            anchor = _unique_slug(found.text, taken)
            edits.append(_id_edit(found, anchor))
        claimed.add(anchor)
        headings.append(TocEntry(level=found.level, text=found.text, anchor=anchor))
    return AnchoredBody(html=_splice(body_html, edits), headings=tuple(headings))


def _id_edit(found: "_FoundHeading", anchor: str) -> tuple[int, int, str]:
    """Replace the heading's id value, or add an id attribute where it has none."""
    if found.id_value_span is not None:
        return (*found.id_value_span, anchor)
    return (found.id_offset, found.id_offset, f' id="{anchor}"')


def _unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text) or "section"
    anchor, number = base, 1
    while anchor in taken:
        number += 1
        anchor = f"{base}-{number}"
    taken.add(anchor)
    return anchor


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits, given in order and not overlapping."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass
class _FoundHeading:
    level: int
    existing_id: str
    id_offset: int  # where ` id="…"` goes: right after "<h2"
    id_value_span: tuple[int, int] | None = None  # where the value of an existing id is
    text: str = ""


class _HeadingScanner(HTMLParser):
    """Find the h2/h3 headings of a body, their text and where their start tags are, and every
    id already used, with the standard library's tolerant HTML parser."""

    HEADING_LEVELS = {"h2": 2, "h3": 3}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[_FoundHeading] = []
        self.ids: set[str] = set()
        self._open: _FoundHeading | None = None
        self._text_parts: list[str] = []
        self._line_offsets = _line_offsets(text)

    @classmethod
    def scan(cls, text: str) -> "_HeadingScanner":
        scanner = cls(text)
        scanner.feed(text)
        scanner.close()
        return scanner

    @override
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element_id = next((value or "" for name, value in attrs if name == "id"), "")
        if element_id:
            self.ids.add(element_id)
        if tag == "br":
            self.handle_data(" ")  # "Scope<br>and roles" reads as two words, not "Scopeand"
        elif tag in self.HEADING_LEVELS and self._open is None:
            line, column = self.getpos()
            tag_start = self._line_offsets[line - 1] + column
            self._open = _FoundHeading(
                level=self.HEADING_LEVELS[tag],
                existing_id=element_id,
                id_offset=tag_start + len(tag) + 1,
                id_value_span=_id_value_span(self.get_starttag_text() or "", tag_start),
            )
            self._text_parts = []

    @override
    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and self.HEADING_LEVELS.get(tag) == self._open.level:
            self._open.text = " ".join("".join(self._text_parts).split())
            self.headings.append(self._open)
            self._open = None

    @override
    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text_parts.append(data)


def _id_value_span(start_tag: str, tag_start: int) -> tuple[int, int] | None:
    found = ID_ATTRIBUTE.search(start_tag)
    return (tag_start + found.start("value"), tag_start + found.end("value")) if found else None


def _line_offsets(text: str) -> list[int]:
    """Offsets of each line's first character, to turn HTMLParser's (line, column) into an index."""
    # HTMLParser counts only "\n" as a line break, unlike str.splitlines().
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets
