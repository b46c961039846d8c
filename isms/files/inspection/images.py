"""PNG and JPEG: decoded in full by Pillow within a pixel budget, ending at their end marker."""

from pathlib import Path

from PIL import Image

from isms.files.inspection.errors import Refusal
from isms.files.inspection.limits import limit

TAIL_BYTES = 4096
PNG_END = b"IEND\xaeB`\x82"
JPEG_END = b"\xff\xd9"
# Some cameras and scanners pad after the end marker; anything else there is a hidden payload.
PADDING = b"\x00\xff\t\n\r "


def check_png(path: Path) -> None:
    _check_decodes(path, pillow_format="PNG")
    _check_ends_with(path, PNG_END)


def check_jpeg(path: Path) -> None:
    _check_decodes(path, pillow_format="JPEG")
    _check_ends_with(path, JPEG_END)


def _check_decodes(path: Path, *, pillow_format: str) -> None:
    try:
        with Image.open(path, formats=[pillow_format]) as image:
            _check_pixels(image.size)
            image.verify()
        # verify() leaves the image unusable; decoding every pixel needs a fresh open.
        with Image.open(path, formats=[pillow_format]) as image:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_large() from error


def _check_pixels(size: tuple[int, int]) -> None:
    # Checked before decoding, and without changing Pillow's process-wide MAX_IMAGE_PIXELS.
    width, height = size
    if width * height > limit("EVIDENCE_MAX_IMAGE_PIXELS"):
        raise _too_large()


def _too_large() -> Refusal:
    megapixels = limit("EVIDENCE_MAX_IMAGE_PIXELS") / 1_000_000
    return Refusal(
        f"has more pixels than the limit of {megapixels:g} megapixels; scale it down.",
        code="image_too_large",
    )


def _check_ends_with(path: Path, marker: bytes) -> None:
    """The end marker must close the file: after it, at most padding."""
    with path.open("rb") as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - TAIL_BYTES))
        tail = file.read()
    if tail.rstrip(PADDING).endswith(marker):
        return
    if marker in tail:
        raise Refusal(
            "has data after the end of the image, which is how another file is hidden inside one.",
            code="trailing_data",
        )
    # No end marker near the end: cut short, or followed by more than the tail holds.
    raise Refusal("is damaged or truncated: it does not end like an image.", code="malformed")
