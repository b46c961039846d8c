"""A readable comparison of two versions' bodies: block by block, then word by word.

Both bodies are our own frozen HTML. They are reduced to a sequence of text blocks (headings,
paragraphs, list items, notes); blocks are matched with difflib, and a block that changed a little
is shown with its words struck out and inserted, rather than as a removed and an added block.
"""

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BlockStatus = Literal["unchanged", "changed", "added", "removed"]
_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "aside", "blockquote"}
_SIMILAR_ENOUGH = 0.5
_WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Block:
    tag: str
    text: str


@dataclass(frozen=True)
class DiffBlock:
    tag: str
    status: BlockStatus
    html: SafeString


@dataclass(frozen=True)
class VersionDiff:
    blocks: list[DiffBlock]

    @property
    def changed_count(self) -> int:
        return sum(1 for block in self.blocks if block.status != "unchanged")


class _BlockExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._stack: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush_open_block()
            self._stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS and self._stack and self._stack[-1][0] == tag:
            self._emit(*self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._stack:
            self._stack[-1][1].append(data)

    def _flush_open_block(self) -> None:
        # A block nested in another (a paragraph inside a note) ends the outer block's own text.
        if self._stack:
            tag, parts = self._stack[-1]
            self._emit(tag, parts)
            self._stack[-1] = (tag, [])

    def _emit(self, tag: str, parts: list[str]) -> None:
        text = " ".join("".join(parts).split())
        if text:
            self.blocks.append(Block(tag=tag, text=text))


def text_blocks(html: str) -> list[Block]:
    parser = _BlockExtractor()
    parser.feed(html)
    parser.close()
    return parser.blocks


def compare_bodies(older_html: str, newer_html: str) -> VersionDiff:
    older, newer = text_blocks(older_html), text_blocks(newer_html)
    matcher = difflib.SequenceMatcher(a=older, b=newer, autojunk=False)
    result: list[DiffBlock] = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            result += [_whole(block, "unchanged") for block in newer[b_start:b_end]]
        elif operation == "delete":
            result += [_whole(block, "removed") for block in older[a_start:a_end]]
        elif operation == "insert":
            result += [_whole(block, "added") for block in newer[b_start:b_end]]
        else:
            result += _replaced(older[a_start:a_end], newer[b_start:b_end])
    return VersionDiff(blocks=result)


def _replaced(old_blocks: list[Block], new_blocks: list[Block]) -> list[DiffBlock]:
    result: list[DiffBlock] = []
    for index in range(max(len(old_blocks), len(new_blocks))):
        old = old_blocks[index] if index < len(old_blocks) else None
        new = new_blocks[index] if index < len(new_blocks) else None
        if old and new and _similar(old.text, new.text):
            result.append(
                DiffBlock(tag=new.tag, status="changed", html=_inline(old.text, new.text))
            )
            continue
        if old:
            result.append(_whole(old, "removed"))
        if new:
            result.append(_whole(new, "added"))
    return result


def _similar(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(a=old.split(), b=new.split()).ratio() >= _SIMILAR_ENOUGH


def _inline(old: str, new: str) -> SafeString:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    parts: list[str] = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        removed = escape("".join(old_words[a_start:a_end]))
        added = escape("".join(new_words[b_start:b_end]))
        if operation == "equal":
            parts.append(added)
            continue
        if removed.strip():
            parts.append(f"<del>{removed}</del>")
        if added.strip():
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def _whole(block: Block, status: BlockStatus) -> DiffBlock:
    return DiffBlock(tag=block.tag, status=status, html=escape(block.text))
