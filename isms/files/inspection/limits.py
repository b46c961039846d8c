"""Bounds on what one inspection may cost; each can be changed by a Django setting."""

from django.conf import settings

# Decoded size of an image; 50 megapixels is a large photograph or scan.
MAX_IMAGE_PIXELS = 50_000_000
MAX_ARCHIVE_ENTRIES = 10_000
MAX_ARCHIVE_BYTES = 1024**3
# Ratio checked only for entries larger than RATIO_CHECKED_FROM_BYTES: small XML parts of an
# Office file compress far better than 100:1 and are harmless.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# JSON is parsed whole to check it; beyond this size it would cost too much memory.
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_PDF_OBJECTS = 500_000

_SETTINGS = {
    "EVIDENCE_MAX_IMAGE_PIXELS": MAX_IMAGE_PIXELS,
    "EVIDENCE_MAX_ARCHIVE_ENTRIES": MAX_ARCHIVE_ENTRIES,
    "EVIDENCE_MAX_ARCHIVE_BYTES": MAX_ARCHIVE_BYTES,
    "EVIDENCE_MAX_COMPRESSION_RATIO": MAX_COMPRESSION_RATIO,
    "EVIDENCE_MAX_JSON_BYTES": MAX_JSON_BYTES,
    "EVIDENCE_MAX_PDF_OBJECTS": MAX_PDF_OBJECTS,
}


def limit(setting: str) -> int:
    """The limit in force: the Django setting if the project sets it, else our default."""
    return int(getattr(settings, setting, _SETTINGS[setting]))
