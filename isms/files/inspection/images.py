"""PNG, JPEG, GIF and WebP: decoded in full by Pillow within a pixel budget, every frame of an
animation counted, and ending where the format says the image ends.

PNG and JPEG end with an end marker; a GIF's end is found by walking its blocks to the trailer
(its one-byte trailer, ``;``, also ends any JavaScript appended to it); a WebP's RIFF header
states its length. After that end there may be padding, never another file.
"""

import struct
from pathlib import Path
from typing import IO

from PIL import Image, ImageSequence

from isms.files.inspection.errors import Refusal
from isms.files.inspection.limits import limit

TAIL_BYTES = 4096
PNG_END = b"IEND\xaeB`\x82"
JPEG_END = b"\xff\xd9"
# Some cameras and scanners pad after the end marker; anything else there is a hidden payload.
PADDING = b"\x00\xff\t\n\r "
RIFF_HEADER = struct.Struct("<4sI4s")
GIF_HEADER_BYTES = 6
GIF_SCREEN = struct.Struct("<HHBBB")
GIF_IMAGE = struct.Struct("<HHHHB")
GIF_EXTENSION, GIF_IMAGE_BLOCK, GIF_TRAILER = b"!", b",", b";"
COLOUR_TABLE_FLAG = 0x80


def check_png(path: Path) -> None:
    _check_decodes(path, pillow_format="PNG")
    _check_ends_with(path, PNG_END)


def check_jpeg(path: Path) -> None:
    _check_decodes(path, pillow_format="JPEG")
    _check_ends_with(path, JPEG_END)


def check_gif(path: Path) -> None:
    _check_decodes(path, pillow_format="GIF")
    with path.open("rb") as file:
        _check_only_padding_after(file, _gif_end(file))


def check_webp(path: Path) -> None:
    _check_decodes(path, pillow_format="WEBP")
    with path.open("rb") as file:
        riff, size, form = RIFF_HEADER.unpack(_read(file, RIFF_HEADER.size))
        if (riff, form) != (b"RIFF", b"WEBP"):
            raise Refusal("is damaged: it does not start like a WebP image.", code="malformed")
        _check_only_padding_after(file, 8 + size + (size & 1))


def _check_decodes(path: Path, *, pillow_format: str) -> None:
    try:
        with Image.open(path, formats=[pillow_format]) as image:
            _check_pixels(image.size, frames=1)
            _check_pixels(image.size, frames=getattr(image, "n_frames", 1))
            image.verify()
        # verify() leaves the image unusable; decoding every pixel needs a fresh open.
        with Image.open(path, formats=[pillow_format]) as image:
            for frame in ImageSequence.Iterator(image):
                frame.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_large() from error


def _check_pixels(size: tuple[int, int], *, frames: int) -> None:
    # Checked before decoding, and without changing Pillow's process-wide MAX_IMAGE_PIXELS. The
    # size alone first: counting an animation's frames means reading through it.
    width, height = size
    if width * height * frames > limit("EVIDENCE_MAX_IMAGE_PIXELS"):
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
        raise _trailing_data()
    # No end marker near the end: cut short, or followed by more than the tail holds.
    raise Refusal("is damaged or truncated: it does not end like an image.", code="malformed")


def _gif_end(file: IO[bytes]) -> int:
    """Where the GIF's trailer ends, walking its blocks from the header (GIF89a, section 17+)."""
    file.seek(GIF_HEADER_BYTES)
    *_, packed, _, _ = GIF_SCREEN.unpack(_read(file, GIF_SCREEN.size))
    _skip_colour_table(file, packed)
    while (block := _read(file, 1)) != GIF_TRAILER:
        if block == GIF_EXTENSION:
            _read(file, 1)  # the extension's label
        elif block == GIF_IMAGE_BLOCK:
            *_, packed = GIF_IMAGE.unpack(_read(file, GIF_IMAGE.size))
            _skip_colour_table(file, packed)
            _read(file, 1)  # the LZW minimum code size
        else:
            raise Refusal("is damaged: its blocks are not those of a GIF image.", code="malformed")
        _skip_sub_blocks(file)
    return file.tell()


def _skip_colour_table(file: IO[bytes], packed: int) -> None:
    if packed & COLOUR_TABLE_FLAG:
        _read(file, 3 * 2 ** ((packed & 0x07) + 1))


def _skip_sub_blocks(file: IO[bytes]) -> None:
    while length := _read(file, 1)[0]:
        _read(file, length)


def _read(file: IO[bytes], size: int) -> bytes:
    data = file.read(size)
    if len(data) != size:
        raise Refusal("is damaged or truncated: it ends inside the image.", code="malformed")
    return data


def _check_only_padding_after(file: IO[bytes], end: int) -> None:
    size = file.seek(0, 2)
    if size < end:
        raise Refusal("is damaged or truncated: it ends inside the image.", code="malformed")
    if size - end > TAIL_BYTES:
        raise _trailing_data()
    file.seek(end)
    if file.read().strip(PADDING):
        raise _trailing_data()


def _trailing_data() -> Refusal:
    return Refusal(
        "has data after the end of the image, which is how another file is hidden inside one.",
        code="trailing_data",
    )
