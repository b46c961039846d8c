"""A version's body as the comparison sees it: blocks of words that keep their formatting.

The body is our own frozen HTML, but it is parsed and rebuilt from an allow-list anyway: only
inline emphasis, code and links with a safe address survive, every other tag is dropped (its
text is kept) and all text is escaped, so the comparison can never emit markup the editor did
not write.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape

BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "blockquote"})
LIST_TAGS = frozenset({"ul", "ol"})
INLINE_TAGS = frozenset({"b", "strong", "i", "em", "a", "code", "sub", "sup"})
# Their content is not text a reader would see.
SKIPPED_TAGS = frozenset({"script", "style", "template"})
SAFE_LINK_PREFIXES = ("https://", "http://", "mailto:", "/", "#")

# An inline tag in force around a word: its name and its one kept attribute (a link's href).
Mark = tuple[str, str]


@dataclass(frozen=True)
class Word:
    text: str
    marks: tuple[Mark, ...]
    space_before: bool


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or list item; `list_tag` is "ul" or "ol" for a list item."""

    tag: str
    words: tuple[Word, ...]
    list_tag: str = ""

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def key(self) -> tuple[str, tuple[Word, ...]]:
        return (self.tag, self.words)


def open_tag(mark: Mark) -> str:
    name, href = mark
    return f'<a href="{escape(href)}">' if name == "a" else f"<{name}>"


def close_tag(mark: Mark) -> str:
    return f"</{mark[0]}>"


def render_words(words: tuple[Word, ...] | list[Word]) -> str:
    """Escaped HTML of words, their marks opened and closed as they change.

    The first word's leading space is the caller's to place (outside a <del> or <ins>).
    """
    parts: list[str] = []
    open_marks: tuple[Mark, ...] = ()
    for index, word in enumerate(words):
        shared = _shared_prefix(open_marks, word.marks)
        parts += [close_tag(mark) for mark in reversed(open_marks[shared:])]
        if index and word.space_before:
            parts.append(" ")
        parts += [open_tag(mark) for mark in word.marks[shared:]]
        parts.append(escape(word.text))
        open_marks = word.marks
    parts += [close_tag(mark) for mark in reversed(open_marks)]
    return "".join(parts)


def _shared_prefix(first: tuple[Mark, ...], second: tuple[Mark, ...]) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


class _BlockExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._block: tuple[str, str, list[Word]] | None = None
        self._lists: list[str] = []
        self._marks: list[Mark] = []
        self._space_pending = False
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in LIST_TAGS:
            self._lists.append(tag)
        elif tag in BLOCK_TAGS:
            # A block inside another (a paragraph in a list item) ends the outer one's text.
            self._end_block()
            list_tag = self._lists[-1] if tag == "li" and self._lists else ""
            self._block = (tag, list_tag, [])
        elif tag in INLINE_TAGS and self._block is not None:
            self._marks.append((tag, _safe_href(attrs) if tag == "a" else ""))
        elif tag == "br":
            self._space_pending = True

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in LIST_TAGS and self._lists:
            self._end_block()
            self._lists.pop()
        elif tag in BLOCK_TAGS:
            self._end_block()
        elif tag in INLINE_TAGS and any(mark[0] == tag for mark in self._marks):
            while self._marks and self._marks.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._block is None or self._skipping:
            return
        words = self._block[2]
        space = self._space_pending or data[:1].isspace()
        for piece in data.split():
            marks = tuple(mark for mark in self._marks if mark[0] != "a" or mark[1])
            words.append(Word(text=piece, marks=marks, space_before=space or not words))
            space = True
        self._space_pending = data[-1:].isspace() if data else self._space_pending

    def _end_block(self) -> None:
        if self._block is not None and self._block[2]:
            tag, list_tag, words = self._block
            self.blocks.append(Block(tag=tag, words=tuple(words), list_tag=list_tag))
        self._block = None
        self._marks = []
        self._space_pending = False


def _safe_href(attrs: list[tuple[str, str | None]]) -> str:
    href = (dict(attrs).get("href") or "").strip()
    return href if href.lower().startswith(SAFE_LINK_PREFIXES) else ""


def text_blocks(html: str) -> list[Block]:
    parser = _BlockExtractor()
    parser.feed(html)
    parser.close()
    return parser.blocks
