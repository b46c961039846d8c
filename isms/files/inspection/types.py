"""The allow-lists: the kinds of file each upload accepts, and the names they go by.

Every kind we can check is an ``InspectedFile``; an ``Acceptable`` is the subset one kind of
upload takes (evidence, the public documents Wagtail serves, the images it renders).
"""

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class InspectedFile:
    """What a file's content proved it to be: the media type and extension we store it under."""

    media_type: str
    extension: str
    kind_label: str


PDF = InspectedFile("application/pdf", "pdf", "PDF document")
PNG = InspectedFile("image/png", "png", "PNG image")
JPEG = InspectedFile("image/jpeg", "jpg", "JPEG image")
TEXT = InspectedFile("text/plain", "txt", "text file")
CSV = InspectedFile("text/csv", "csv", "CSV file")
JSON = InspectedFile("application/json", "json", "JSON file")
MARKDOWN = InspectedFile("text/markdown", "md", "Markdown file")
DOCX = InspectedFile(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    "Word document",
)
XLSX = InspectedFile(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel workbook"
)
PPTX = InspectedFile(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "PowerPoint presentation",
)
ZIP = InspectedFile("application/zip", "zip", "ZIP archive")
GIF = InspectedFile("image/gif", "gif", "GIF image")
WEBP = InspectedFile("image/webp", "webp", "WebP image")

# Text kinds cannot be told apart by content, so for them (and only them) the name decides.
TEXT_TYPES = frozenset({TEXT, CSV, JSON, MARKDOWN})

_BY_EXTENSION = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "txt": TEXT,
    "text": TEXT,
    "log": TEXT,
    "csv": CSV,
    "json": JSON,
    "md": MARKDOWN,
    "markdown": MARKDOWN,
    "docx": DOCX,
    "xlsx": XLSX,
    "pptx": PPTX,
    "zip": ZIP,
    "gif": GIF,
    "webp": WEBP,
}


@dataclass(frozen=True)
class Acceptable:
    """The kinds one upload accepts, what the upload is called in the audit trail (``name``),
    and how a refusal ends (``purpose``: "... may not be kept as evidence")."""

    name: str
    types: frozenset[InspectedFile]
    purpose: str

    @property
    def extensions(self) -> list[str]:
        """Every file name extension that names an accepted kind, for a form's allow-list."""
        return sorted(name for name, named in _BY_EXTENSION.items() if named in self.types)


EVIDENCE = Acceptable(
    name="evidence",
    types=frozenset({PDF, PNG, JPEG, DOCX, XLSX, ZIP, *TEXT_TYPES}),
    purpose="kept as evidence",
)
# Documents are served to the public: nothing a browser runs (HTML, SVG, XML), no archives (a
# reader cannot see into one before opening it), no JSON or Markdown (no reader needs them).
DOCUMENTS = Acceptable(
    name="document",
    types=frozenset({PDF, DOCX, XLSX, PPTX, TEXT, CSV, PNG, JPEG}),
    purpose="uploaded as a document",
)
# What Wagtail makes renditions of; SVG is not among them (it can carry script).
IMAGES = Acceptable(
    name="image", types=frozenset({PNG, JPEG, GIF, WEBP}), purpose="uploaded as an image"
)


# Names that claim a kind a browser, a shell or Office would run. Their content may sniff as
# plain text (JavaScript usually does), but a file that says it is a script is never accepted.
ACTIVE_EXTENSIONS = frozenset(
    {
        "bat", "cmd", "com", "dll", "doc", "docm", "exe", "hta", "htm", "html", "jar", "js",
        "mjs", "msi", "php", "ppt", "pptm", "ps1", "scr", "sh", "svg", "svgz", "vbs", "xhtml",
        "xls", "xlsm", "xml",
    }
)  # fmt: skip


def extension_of(filename: str) -> str:
    return PurePosixPath(filename.replace("\\", "/")).suffix.lstrip(".").lower()


def type_named_by(filename: str) -> InspectedFile | None:
    """The allowed type the client's name claims, if its extension names one."""
    return _BY_EXTENSION.get(extension_of(filename))


def with_article(label: str) -> str:
    return f"{'an' if label[:1].lower() in 'aeiou' else 'a'} {label}"
