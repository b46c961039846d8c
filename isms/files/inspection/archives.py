"""ZIP archives (and the Office files built on them): bounded, flat, and safe to unpack.

The central directory is checked first (entry count, declared sizes and ratios, names,
encryption, and what kind of file each entry unpacks as: a symbolic link, unpacked, points
anywhere on the machine, and the next entry written "through" it lands there), so a bomb is
refused before a byte is inflated; then every entry is streamed in chunks, which checks its CRC
and lets the Office check parse its XML parts as they inflate. ``zipfile`` never yields more
than an entry's declared size, so the declared sizes bound the work.
"""

import contextlib
import re
import stat
import zipfile
from collections.abc import Generator
from pathlib import Path

from isms.files.inspection import ooxml
from isms.files.inspection.errors import Refusal
from isms.files.inspection.limits import RATIO_CHECKED_FROM_BYTES, limit
from isms.files.inspection.types import ZIP, InspectedFile

CHUNK_SIZE = 64 * 1024
# Leading bytes of formats that are archives (or containers of arbitrary objects) themselves.
_NESTED_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"MSCF",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
)
_TAR_MAGIC_OFFSET = 257
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# C0 and C1 controls, and the bidirectional overrides that make "txt.exe" display as "exe.txt".
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The Unix mode sits in the high 16 bits of an entry's external attributes. No type (a ZIP made
# on Windows), a regular file and a folder are fine; a link, device, FIFO or socket is not.
_UNIX_MODE_SHIFT = 16
_PLAIN_FILE_TYPES = frozenset({0, stat.S_IFREG, stat.S_IFDIR})


def identify_archive(path: Path) -> InspectedFile:
    """A Word or Excel file if it is built like one, else a plain ZIP archive."""
    with zipfile.ZipFile(path) as archive:
        return ooxml.package_type(archive.namelist()) or ZIP


def check_archive(path: Path, inspected: InspectedFile) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        _check_directory(entries)
        if inspected != ZIP:
            ooxml.check_package(archive, inspected)
        # Folders too: a folder entry can still carry bytes.
        for entry in entries:
            _check_entry(archive, entry, inspected)


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > limit("EVIDENCE_MAX_ARCHIVE_ENTRIES"):
        raise _bomb(f"has more than {limit('EVIDENCE_MAX_ARCHIVE_ENTRIES'):,} entries")
    if sum(entry.file_size for entry in entries) > limit("EVIDENCE_MAX_ARCHIVE_BYTES"):
        raise _bomb("would unpack to more than the size limit")
    seen: set[str] = set()
    for entry in entries:
        _check_entry_header(entry)
        _check_name(entry.orig_filename, seen)


def _check_entry_header(entry: zipfile.ZipInfo) -> None:
    _check_entry_type(entry)
    if entry.flag_bits & 0x1:
        raise Refusal(
            "contains encrypted entries; upload an unencrypted archive.", code="encrypted"
        )
    if entry.file_size > RATIO_CHECKED_FROM_BYTES and (
        entry.file_size > entry.compress_size * limit("EVIDENCE_MAX_COMPRESSION_RATIO")
    ):
        raise _bomb("has an entry that is compressed suspiciously well (a zip bomb)")


def _check_entry_type(entry: zipfile.ZipInfo) -> None:
    file_type = stat.S_IFMT(entry.external_attr >> _UNIX_MODE_SHIFT)
    if file_type in _PLAIN_FILE_TYPES:
        return
    what = (
        "a symbolic link, which can point anywhere once unpacked"
        if file_type == stat.S_IFLNK
        else "an entry that is neither a file nor a folder"
    )
    raise Refusal(
        f"contains {what} ({entry.filename[:40]!r}); upload an archive of plain files.",
        code="archive_link",
    )


def _check_name(name: str, seen: set[str]) -> None:
    """Refuse any name that could write outside the folder it is unpacked into, or twice."""
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or _DRIVE_LETTER.match(name)
        or _CONTROL_CHARACTERS.search(name)
        or ".." in parts
    ):
        raise Refusal(
            f"contains an entry with an unsafe name ({name[:40]!r}).", code="archive_path"
        )
    # Case-insensitive file systems would unpack these onto one another.
    key = name.casefold()
    if key in seen:
        raise Refusal(
            f"contains two entries with the same name ({name[:40]!r}).", code="archive_path"
        )
    seen.add(key)


def _check_entry(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, inspected: InspectedFile
) -> None:
    # Closed on a refusal too, or the open entry would keep the archive's file open.
    with contextlib.closing(_chunks(archive, entry)) as chunks:
        first = next(chunks, b"")
        if _is_archive(first):
            raise Refusal(
                f"contains another archive or embedded object ({entry.filename[:40]!r}); upload "
                "its files directly.",
                code="archive_nested",
            )
        if inspected != ZIP and ooxml.is_xml_part(entry.filename):
            ooxml.check_xml(first, chunks, part=entry.filename, inspected=inspected)
        else:
            for _ in chunks:
                pass  # zipfile checks the CRC once the entry has been read to its end


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Generator[bytes]:
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK_SIZE):
            yield chunk


def _is_archive(head: bytes) -> bool:
    tar_magic = head[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + 5]
    return head.startswith(_NESTED_SIGNATURES) or tar_magic == b"ustar"


def _bomb(detail: str) -> Refusal:
    return Refusal(f"{detail}; upload its files separately.", code="archive_bomb")
