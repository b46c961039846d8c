"""What a piece of evidence is: a file, a link or a note, as handed to the services."""

from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class FileContent:
    """An uploaded file: its bytes to stream and the name the client gave it (shown, never used)."""

    source: IO[bytes]
    filename: str


@dataclass(frozen=True)
class LinkContent:
    url: str


@dataclass(frozen=True)
class NoteContent:
    text: str


type EvidenceContent = FileContent | LinkContent | NoteContent
