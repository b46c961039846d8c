"""A readable comparison of two versions' bodies: block by block, then word by word.

Both bodies are reduced to blocks (headings, paragraphs, list items; `policies.diff_blocks`) that
keep their inline formatting. Blocks are matched with difflib. A block that changed a little
(its words similar above `SIMILAR_ENOUGH`) is shown once with the changed words struck out and
inserted; a block that was rewritten is shown as the old block, deleted, then the new, inserted,
so a reader sees two sentences rather than a soup of words. The result renders as HTML in which
list items stay in their lists, and every change carries a label for screen readers.
"""

import difflib
from dataclasses import dataclass
from typing import Literal

from django.utils.safestring import SafeString, mark_safe

from policies.diff_blocks import Block, Word, render_words, text_blocks

BlockStatus = Literal["unchanged", "changed", "added", "removed"]
SIMILAR_ENOUGH = 0.5
# What a screen reader says before a whole block, and before words inside a changed block.
BLOCK_LABELS = {"added": "Added: ", "removed": "Removed: ", "changed": "Changed: "}
WORD_LABELS = {"del": "removed: ", "ins": "added: "}
# A heading in the body must not compete with the comparison page's own title.
SHOWN_AS = {"h1": "h2", "dt": "p", "dd": "p"}

__all__ = ["DiffBlock", "VersionDiff", "compare_bodies", "text_blocks"]


@dataclass(frozen=True)
class DiffBlock:
    tag: str
    status: BlockStatus
    html: SafeString
    list_tag: str = ""

    def render(self) -> str:
        tag = SHOWN_AS.get(self.tag, self.tag)
        label = BLOCK_LABELS.get(self.status, "")
        hidden = f'<span class="visually-hidden">{label}</span>' if label else ""
        return f'<{tag} class="diff__block diff__block--{self.status}">{hidden}{self.html}</{tag}>'


@dataclass(frozen=True)
class VersionDiff:
    blocks: list[DiffBlock]

    @property
    def changed_count(self) -> int:
        return sum(1 for block in self.blocks if block.status != "unchanged")

    @property
    def html(self) -> SafeString:
        """The blocks in order, consecutive list items inside their <ul> or <ol>."""
        parts: list[str] = []
        open_list = ""
        for block in self.blocks:
            if open_list and block.list_tag != open_list:
                parts.append(f"</{open_list}>")
                open_list = ""
            if block.list_tag and not open_list:
                open_list = block.list_tag
                parts.append(f'<{open_list} class="diff__list">')
            parts.append(block.render())
        if open_list:
            parts.append(f"</{open_list}>")
        return mark_safe("".join(parts))  # noqa: S308 - built from escaped text and fixed tags


def compare_bodies(older_html: str, newer_html: str) -> VersionDiff:
    older, newer = text_blocks(older_html), text_blocks(newer_html)
    matcher = difflib.SequenceMatcher(
        a=[block.key for block in older], b=[block.key for block in newer], autojunk=False
    )
    result: list[DiffBlock] = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            result += [_whole(block, "unchanged") for block in newer[b_start:b_end]]
        else:
            result += _replaced(older[a_start:a_end], newer[b_start:b_end])
    return VersionDiff(blocks=result)


def _replaced(old_blocks: list[Block], new_blocks: list[Block]) -> list[DiffBlock]:
    """Pair each old block with the next similar new one; the rest were removed or added."""
    result: list[DiffBlock] = []
    next_new = 0
    for old in old_blocks:
        match = next(
            (i for i in range(next_new, len(new_blocks)) if _similar(old, new_blocks[i])), None
        )
        if match is None:
            result.append(_whole(old, "removed"))
            continue
        result += [_whole(block, "added") for block in new_blocks[next_new:match]]
        new = new_blocks[match]
        result.append(
            DiffBlock(tag=new.tag, status="changed", html=_inline(old, new), list_tag=new.list_tag)
        )
        next_new = match + 1
    result += [_whole(block, "added") for block in new_blocks[next_new:]]
    return result


def _similar(old: Block, new: Block) -> bool:
    matcher = difflib.SequenceMatcher(
        a=[word.text for word in old.words], b=[word.text for word in new.words], autojunk=False
    )
    return matcher.ratio() >= SIMILAR_ENOUGH


def _inline(old: Block, new: Block) -> SafeString:
    """The new block's words, with the old words it replaced struck out before them."""
    matcher = difflib.SequenceMatcher(
        a=[(word.text, word.marks) for word in old.words],
        b=[(word.text, word.marks) for word in new.words],
        autojunk=False,
    )
    parts: list[str] = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        removed, added = old.words[a_start:a_end], new.words[b_start:b_end]
        if operation == "equal":
            parts.append(_run(added, first=not parts))
            continue
        if removed:
            parts.append(_run(removed, first=not parts, wrap="del"))
        if added:
            parts.append(_run(added, first=not parts, wrap="ins"))
    return mark_safe("".join(parts))  # noqa: S308 - render_words escapes every word


def _run(words: tuple[Word, ...], *, first: bool, wrap: str = "") -> str:
    space = "" if first or not words[0].space_before else " "
    html = render_words(words)
    if wrap:
        html = f'<{wrap}><span class="visually-hidden">{WORD_LABELS[wrap]}</span>{html}</{wrap}>'
    return space + html


def _whole(block: Block, status: BlockStatus) -> DiffBlock:
    html = render_words(block.words)
    wrap = {"removed": "del", "added": "ins"}.get(status)
    if wrap:
        html = f"<{wrap}>{html}</{wrap}>"
    return DiffBlock(
        tag=block.tag,
        status=status,
        html=mark_safe(html),  # noqa: S308 - render_words escapes every word
        list_tag=block.list_tag,
    )
