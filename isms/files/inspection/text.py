"""Text, CSV, JSON and Markdown: UTF-8 throughout, no NUL, not markup, and parsable as named."""

import codecs
import contextlib
import csv
import itertools
import json
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TextIO

from isms.files.inspection.errors import Refusal
from isms.files.inspection.limits import limit
from isms.files.inspection.types import CSV, JSON, InspectedFile

CHUNK_SIZE = 1024 * 1024
CSV_ROWS_CHECKED = 100
CSV_MAX_LINE = 1024 * 1024
# A text file that opens like this is a web page or image a browser would render and run.
_MARKUP_STARTS = (
    "<!doctype html",
    "<html",
    "<head",
    "<body",
    "<script",
    "<svg",
    "<?xml",
    "<iframe",
)


def check_text(path: Path, inspected: InspectedFile) -> None:
    with contextlib.closing(_decoded_chunks(path)) as chunks:
        _check_not_active(next(chunks, ""))
        for _ in chunks:
            pass
    if inspected == CSV:
        _check_csv(path)
    elif inspected == JSON:
        _check_json(path)


def _decoded_chunks(path: Path) -> Generator[str]:
    """Decode the file chunk by chunk: a character split across chunks is carried over."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_SIZE):
            if b"\x00" in chunk:
                raise Refusal("contains NUL bytes, so it is not a text file.", code="malformed")
            yield _decode(decoder, chunk, final=False)
    yield _decode(decoder, b"", final=True)


def _decode(decoder: codecs.IncrementalDecoder, chunk: bytes, *, final: bool) -> str:
    try:
        return decoder.decode(chunk, final=final)
    except UnicodeDecodeError as error:
        raise Refusal(
            "is not valid UTF-8 text; save it again as UTF-8.", code="malformed"
        ) from error


def _check_not_active(start: str) -> None:
    if start[:1024].lstrip().lower().startswith(_MARKUP_STARTS):
        raise Refusal(
            "is not a text file: its content is HTML, SVG or XML, which evidence may not be.",
            code="type_not_allowed",
        )
    if start.startswith("#!"):
        raise Refusal(
            "is not a text file: it is a script (it starts with #!), which evidence may not be.",
            code="type_not_allowed",
        )


def _check_csv(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as file:
        try:
            for _ in itertools.islice(csv.reader(_bounded_lines(file)), CSV_ROWS_CHECKED):
                pass
        except csv.Error as error:
            raise Refusal(f"is not a valid CSV file: {error}.", code="malformed") from error


def _bounded_lines(file: TextIO) -> Iterator[str]:
    # Iterating a file reads a whole line into memory, however long; a CSV line has a limit.
    while line := file.readline(CSV_MAX_LINE + 1):
        if len(line) > CSV_MAX_LINE:
            raise Refusal("is not a valid CSV file: it has a line over 1 MB.", code="malformed")
        yield line


def _check_json(path: Path) -> None:
    if path.stat().st_size > limit("EVIDENCE_MAX_JSON_BYTES"):
        megabytes = limit("EVIDENCE_MAX_JSON_BYTES") / (1024 * 1024)
        raise Refusal(
            f"is a JSON file larger than {megabytes:g} MB, too large to check.", code="too_large"
        )
    with path.open(encoding="utf-8-sig") as file:
        try:
            json.load(file)
        except (json.JSONDecodeError, RecursionError) as error:
            raise Refusal("is not valid JSON.", code="malformed") from error
