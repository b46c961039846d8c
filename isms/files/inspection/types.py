"""The allow-list: the only kinds of file accepted as evidence, and the names they go by."""

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
ZIP = InspectedFile("application/zip", "zip", "ZIP archive")

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
    "zip": ZIP,
}


# Names that claim a kind a browser, a shell or Office would run. Their content may sniff as
# plain text (JavaScript usually does), but a file that says it is a script is not evidence.
ACTIVE_EXTENSIONS = frozenset(
    {
        "bat", "cmd", "com", "dll", "doc", "docm", "exe", "gif", "hta", "htm", "html", "jar",
        "js", "mjs", "msi", "php", "ppt", "pptm", "pptx", "ps1", "scr", "sh", "svg", "vbs",
        "xhtml", "xls", "xlsm", "xml",
    }
)  # fmt: skip


def extension_of(filename: str) -> str:
    return PurePosixPath(filename.replace("\\", "/")).suffix.lstrip(".").lower()


def type_named_by(filename: str) -> InspectedFile | None:
    """The allowed type the client's name claims, if its extension names one."""
    return _BY_EXTENSION.get(extension_of(filename))


def with_article(label: str) -> str:
    return f"{'an' if label[:1].lower() in 'aeiou' else 'a'} {label}"
