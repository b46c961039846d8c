"""Text, CSV, JSON and Markdown: UTF-8 throughout, no NUL, not markup, and parsable as named.

A CSV is read to its end, and no cell may start the way a spreadsheet starts a formula (OWASP's
"CSV injection": ``=``, ``+``, ``-``, ``@``, tab, carriage return), since evidence is kept
byte for byte and cannot be defused after it is accepted. Numbers such as ``-5`` or ``+47`` and a
lone ``-`` are not formulas. Excel splits a CSV on the list separator of its locale (a semicolon
in Norway), so each cell is also looked at as semicolon- and tab-separated pieces.
"""

import codecs
import contextlib
import csv
import json
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TextIO

from isms.files.inspection.errors import Refusal
from isms.files.inspection.limits import limit
from isms.files.inspection.types import CSV, JSON, InspectedFile

CHUNK_SIZE = 1024 * 1024
CSV_MAX_LINE = 1024 * 1024
# How a spreadsheet recognises a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Signs that start a plain number, a percentage or a lone placeholder, not a formula.
_SIGNED_NUMBER = re.compile(r"[+-](\d[\d ,]*)?(\.\d+)?([eE][+-]?\d+)?%?")
_OTHER_SEPARATORS = re.compile(r"[;\t]")
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
            "is not a text file: its content is HTML, SVG or XML, which we do not accept.",
            code="type_not_allowed",
        )
    if start.startswith("#!"):
        raise Refusal(
            "is not a text file: it is a script (it starts with #!), which we do not accept.",
            code="type_not_allowed",
        )


def _check_csv(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as file:
        try:
            for number, row in enumerate(csv.reader(_bounded_lines(file)), start=1):
                if any(_is_formula(cell) for cell in row):
                    raise _formula_refusal(number)
        except csv.Error as error:
            raise Refusal(f"is not a valid CSV file: {error}.", code="malformed") from error


def _is_formula(cell: str) -> bool:
    """Whether a spreadsheet would run the cell, read with commas, semicolons or tabs."""
    if cell.startswith(FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(cell):
        return True
    if ";" not in cell and "\t" not in cell:
        return False  # the common case, decided without a regular expression
    return any(
        piece.startswith(FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(piece)
        for piece in _OTHER_SEPARATORS.split(cell)[1:]
    )


def _formula_refusal(row: int) -> Refusal:
    return Refusal(
        f"has a cell in row {row:,} that a spreadsheet would run as a formula (it starts "
        "with =, +, -, @ or a tab), which can run commands or send data away when the file is "
        "opened; export it with such cells as text, or as PDF.",
        code="csv_formula",
    )


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
