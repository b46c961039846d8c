"""What a file's bytes say it is, by libmagic, before any parser trusts it.

libmagic (through python-magic) is the database behind file(1); it names far more formats than
the kinds we accept, so a refusal can say what the file really is ("a Windows executable"). It only
classifies: a PDF with a ZIP appended is still "a PDF" to it, which is why every accepted kind is
then parsed by its own check.
"""

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import magic


class Container(Enum):
    """The format families that have a structural check; everything else is refused."""

    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    WEBP = "webp"
    ZIP = "zip"
    TEXT = "text"


@dataclass(frozen=True)
class Sniffed:
    """libmagic's verdict: a container we check further, or ``None`` and what the file is."""

    container: Container | None
    media_type: str

    @property
    def description(self) -> str:
        return describe(self.media_type)


_CONTAINERS = {
    "application/pdf": Container.PDF,
    "image/png": Container.PNG,
    "image/jpeg": Container.JPEG,
    "image/gif": Container.GIF,
    "image/webp": Container.WEBP,
    "application/zip": Container.ZIP,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Container.ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Container.ZIP,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Container.ZIP,
    "application/json": Container.TEXT,
}
# Text that a browser or a shell would run or render rather than show.
_ACTIVE_TEXT = frozenset(
    {
        "text/html",
        "text/xml",
        "text/javascript",
        "text/x-shellscript",
        "text/x-php",
        "text/x-msdos-batch",
    }
)
_DESCRIPTIONS = {
    "application/x-empty": "empty",
    "application/octet-stream": "unrecognised binary data",
    "application/x-dosexec": "a Windows executable",
    "application/vnd.microsoft.portable-executable": "a Windows executable",
    "application/x-executable": "a program",
    "application/x-pie-executable": "a program",
    "application/x-sharedlib": "a program library",
    "application/x-mach-binary": "a macOS program",
    "application/x-ole-storage": "an old-format (OLE) Office file",
    "application/msword": "an old-format Word document (.doc)",
    "application/vnd.ms-excel": "an old-format Excel workbook (.xls)",
    "image/gif": "a GIF image",
    "image/svg+xml": "an SVG image",
    "text/html": "an HTML page",
    "text/xml": "an XML document",
    "text/javascript": "a JavaScript program",
    "text/x-shellscript": "a shell script",
    "text/x-php": "a PHP script",
    "text/x-msdos-batch": "a Windows batch script",
}


def sniff(path: Path) -> Sniffed:
    # libmagic reads a bounded prefix of the file itself; nothing is loaded here.
    media_type = magic.from_file(str(path), mime=True)
    return Sniffed(container=_container_for(media_type), media_type=media_type)


def describe(media_type: str) -> str:
    return _DESCRIPTIONS.get(media_type, f"of type {media_type}")


def _container_for(media_type: str) -> Container | None:
    if media_type in _CONTAINERS:
        return _CONTAINERS[media_type]
    if media_type.startswith("text/") and media_type not in _ACTIVE_TEXT:
        return Container.TEXT
    return None
