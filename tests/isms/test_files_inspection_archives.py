"""Inspecting ZIP archives and Office files: bounded, flat, safe names, XML without entities."""

import io
import stat
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

from isms.files.inspection import UnacceptableFileError, inspect_file

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/%s" ContentType="%s"/>
</Types>"""
ROOT_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="%s"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Access review, Q3</w:t></w:r></w:p></w:body></w:document>"""
WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Risks" sheetId="1" r:id="rId1"/></sheets></workbook>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE workbook [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol3;</workbook>"""
RELATIONSHIPS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>"""
RELATIONSHIP_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def zip_bytes(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_entries(document: bytes = DOCUMENT) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": CONTENT_TYPES % (b"word/document.xml", WORD_MAIN.encode()),
        "_rels/.rels": ROOT_RELS % b"word/document.xml",
        "word/document.xml": document,
    }


def xlsx_entries(workbook: bytes = WORKBOOK) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": CONTENT_TYPES % (b"xl/workbook.xml", EXCEL_MAIN.encode()),
        "_rels/.rels": ROOT_RELS % b"xl/workbook.xml",
        "xl/workbook.xml": workbook,
    }


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "upload"
    path.write_bytes(data)
    return path


def assert_refused(path: Path, filename: str, code: str) -> str:
    with pytest.raises(UnacceptableFileError) as caught:
        inspect_file(path, filename=filename)
    message = str(caught.value.message)
    assert (caught.value.code, message.startswith(f"{filename} ")) == (code, True), message
    return message


# Accepted ---------------------------------------------------------------------------------------


def test_it_accepts_a_word_document(tmp_path: Path) -> None:
    inspected = inspect_file(write(tmp_path, zip_bytes(docx_entries())), filename="review.docx")

    assert (inspected.extension, inspected.kind_label) == ("docx", "Word document")
    assert inspected.media_type.endswith("wordprocessingml.document")


def test_it_accepts_an_excel_workbook(tmp_path: Path) -> None:
    inspected = inspect_file(write(tmp_path, zip_bytes(xlsx_entries())), filename="risks.xlsx")

    assert (inspected.extension, inspected.kind_label) == ("xlsx", "Excel workbook")
    assert inspected.media_type.endswith("spreadsheetml.sheet")


def test_it_accepts_a_zip_of_plain_files(tmp_path: Path) -> None:
    data = zip_bytes({"logs/": b"", "logs/backup.log": b"ok\n" * 1000, "README.md": b"# Logs"})

    assert inspect_file(write(tmp_path, data), filename="logs.zip").media_type == "application/zip"


def test_it_takes_the_office_type_from_the_content_not_the_name(tmp_path: Path) -> None:
    path = write(tmp_path, zip_bytes(docx_entries()))

    assert inspect_file(path, filename="download").extension == "docx"
    message = assert_refused(path, "invoice.pdf", "type_mismatch")
    assert message == "invoice.pdf is not a PDF document: its content is a Word document."
    assert_refused(path, "risks.xlsx", "type_mismatch")


def test_it_refuses_a_plain_zip_named_docx(tmp_path: Path) -> None:
    data = zip_bytes({"a.txt": b"hello"})

    message = assert_refused(write(tmp_path, data), "review.docx", "type_mismatch")

    assert "its content is a ZIP archive" in message


# Bombs ------------------------------------------------------------------------------------------


def test_it_refuses_a_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    megabyte = b"\x00" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(200):
            entry.write(megabyte)
    assert path.stat().st_size < 1024 * 1024

    message = assert_refused(path, "bomb.zip", "archive_bomb")

    assert "zip bomb" in message


def test_it_refuses_an_archive_over_the_total_size_limit(tmp_path: Path, settings: Any) -> None:
    settings.EVIDENCE_MAX_ARCHIVE_BYTES = 1000
    data = zip_bytes({"a.txt": b"a" * 600, "b.txt": b"b" * 600}, compression=zipfile.ZIP_STORED)

    assert_refused(write(tmp_path, data), "big.zip", "archive_bomb")


def test_it_refuses_too_many_entries(tmp_path: Path) -> None:
    data = zip_bytes({f"{number}.txt": b"" for number in range(10_001)})

    message = assert_refused(write(tmp_path, data), "many.zip", "archive_bomb")

    assert "10,000 entries" in message


@pytest.mark.parametrize(
    "inner",
    [
        zip_bytes({"a.txt": b"a"}),
        b"\x1f\x8b\x08\x00" + b"\x00" * 100,
        b"7z\xbc\xaf\x27\x1c" + b"\x00" * 100,
        b"Rar!\x1a\x07\x01\x00" + b"\x00" * 100,
        b"report.txt".ljust(257, b"\x00") + b"ustar\x0000" + b"\x00" * 300,
    ],
)
def test_it_refuses_a_nested_archive(tmp_path: Path, inner: bytes) -> None:
    data = zip_bytes({"readme.txt": b"see inside", "inner.dat": inner})

    assert_refused(write(tmp_path, data), "outer.zip", "archive_nested")


def test_it_refuses_an_office_file_with_an_embedded_object(tmp_path: Path) -> None:
    entries = docx_entries() | {
        "word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    }

    assert_refused(write(tmp_path, zip_bytes(entries)), "review.docx", "archive_nested")


# Names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/cron.d/job",
        "logs/../../x",
        "/etc/passwd",
        "logs\\..\\x.txt",
        "C:/x.txt",
        "a\x07b",
    ],
)
def test_it_refuses_an_entry_name_that_escapes_or_tricks(tmp_path: Path, name: str) -> None:
    data = zip_bytes({"ok.txt": b"ok", name: b"payload"})

    message = assert_refused(write(tmp_path, data), "logs.zip", "archive_path")

    assert "unsafe name" in message


def test_it_refuses_a_nul_in_an_entry_name_that_zipfile_would_cut_off(tmp_path: Path) -> None:
    data = zip_bytes({"evil.txtQ.exe": b"MZ"}).replace(b"evil.txtQ.exe", b"evil.txt\x00.exe")

    assert_refused(write(tmp_path, data), "logs.zip", "archive_path")


@pytest.mark.parametrize("names", [("a.txt", "a.txt"), ("Report.txt", "report.TXT")])
def test_it_refuses_duplicate_entry_names(tmp_path: Path, names: tuple[str, str]) -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")
        for name in names:
            archive.writestr(name, b"x")

    message = assert_refused(write(tmp_path, buffer.getvalue()), "logs.zip", "archive_path")

    assert "same name" in message


def with_unix_mode(name: str, mode: int, data: bytes = b"") -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name)
    entry.create_system = 3  # Unix
    entry.external_attr = mode << 16
    return entry


def zip_with(*entries: tuple[zipfile.ZipInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.md", b"# Logs")
        for entry, data in entries:
            archive.writestr(entry, data)
    return buffer.getvalue()


@pytest.mark.parametrize("target", [b"/etc/passwd", b"../../../home/app/.ssh", b"logs"])
def test_it_refuses_an_entry_that_is_a_symbolic_link(tmp_path: Path, target: bytes) -> None:
    data = zip_with((with_unix_mode("logs/latest", stat.S_IFLNK | 0o777), target))

    message = assert_refused(write(tmp_path, data), "logs.zip", "archive_link")

    assert message == (
        "logs.zip contains a symbolic link, which can point anywhere once unpacked "
        "('logs/latest'); upload an archive of plain files."
    )


def test_it_refuses_a_symbolic_link_inside_an_office_file(tmp_path: Path) -> None:
    link = with_unix_mode("word/media/image1.png", stat.S_IFLNK | 0o777)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, part in docx_entries().items():
            archive.writestr(name, part)
        archive.writestr(link, b"/etc/shadow")

    assert_refused(write(tmp_path, buffer.getvalue()), "review.docx", "archive_link")


@pytest.mark.parametrize(
    "mode", [stat.S_IFCHR | 0o666, stat.S_IFIFO | 0o644], ids=["device", "fifo"]
)
def test_it_refuses_a_device_or_fifo_entry(tmp_path: Path, mode: int) -> None:
    data = zip_with((with_unix_mode("dev/null", mode), b""))

    assert_refused(write(tmp_path, data), "logs.zip", "archive_link")


def test_it_accepts_unix_files_and_folders_with_their_permissions(tmp_path: Path) -> None:
    data = zip_with(
        (with_unix_mode("logs/", stat.S_IFDIR | 0o755), b""),
        (with_unix_mode("logs/backup.log", stat.S_IFREG | 0o640), b"ok\n"),
        (with_unix_mode("run.sh.txt", stat.S_IFREG | 0o755), b"echo ok\n"),
    )

    assert inspect_file(write(tmp_path, data), filename="logs.zip").extension == "zip"


# Contents ---------------------------------------------------------------------------------------


def test_it_reads_folder_entries_too(tmp_path: Path) -> None:
    data = zip_bytes({"logs/": zip_bytes({"a.txt": b"a"})})

    assert_refused(write(tmp_path, data), "logs.zip", "archive_nested")


def test_it_refuses_an_encrypted_entry(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"secret.txt": b"x"}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.index(signature) + flag_offset
        data[start] |= 0x01

    assert_refused(write(tmp_path, bytes(data)), "logs.zip", "encrypted")


def test_it_refuses_an_entry_whose_bytes_do_not_match_its_crc(tmp_path: Path) -> None:
    data = zip_bytes({"a.txt": b"evidence " * 20}, compression=zipfile.ZIP_STORED)

    assert_refused(write(tmp_path, data.replace(b"evidence", b"tampered", 1)), "a.zip", "malformed")


def test_it_refuses_a_docx_with_an_external_entity(tmp_path: Path) -> None:
    data = zip_bytes(docx_entries(XXE))

    message = assert_refused(write(tmp_path, data), "review.docx", "xml_entities")

    assert "entity" in message


def test_it_refuses_a_billion_laughs_workbook(tmp_path: Path) -> None:
    data = zip_bytes(xlsx_entries(BILLION_LAUGHS))

    assert_refused(write(tmp_path, data), "risks.xlsx", "xml_entities")


def test_it_refuses_a_dtd_in_a_relationships_part(tmp_path: Path) -> None:
    entries = docx_entries() | {"_rels/.rels": b'<!DOCTYPE r SYSTEM "http://x/r.dtd"><r/>'}

    assert_refused(write(tmp_path, zip_bytes(entries)), "review.docx", "xml_entities")


def test_it_refuses_any_document_type_declaration(tmp_path: Path) -> None:
    document = DOCUMENT.replace(
        b"<w:document", b"<!DOCTYPE w:document [<!ELEMENT a ANY>]><w:document", 1
    )

    assert_refused(write(tmp_path, zip_bytes(docx_entries(document))), "a.docx", "xml_entities")


def test_it_refuses_an_office_file_with_broken_xml(tmp_path: Path) -> None:
    data = zip_bytes(docx_entries(b"<w:document><w:body>"))

    assert_refused(write(tmp_path, data), "review.docx", "malformed")


def test_it_refuses_a_workbook_with_macros(tmp_path: Path) -> None:
    entries = xlsx_entries() | {"xl/vbaProject.bin": b"Attribute VB_Name"}

    assert_refused(write(tmp_path, zip_bytes(entries)), "risks.xlsx", "office_macros")


def test_it_refuses_office_files_other_than_word_and_excel(tmp_path: Path) -> None:
    entries = {
        "[Content_Types].xml": CONTENT_TYPES % (b"ppt/presentation.xml", b"application/xml"),
        "ppt/presentation.xml": b"<p/>",
    }

    assert_refused(write(tmp_path, zip_bytes(entries)), "deck", "type_not_allowed")


def test_it_leaves_the_xml_inside_a_plain_zip_alone(tmp_path: Path) -> None:
    data = zip_bytes({"export/report.xml": XXE})

    assert inspect_file(write(tmp_path, data), filename="export.zip").extension == "zip"


# External relationships ---------------------------------------------------------------------------


def relationship(kind: str, target: str, *, mode: str = "External", prefix: str = "") -> bytes:
    element = f"{prefix}:Relationship" if prefix else "Relationship"
    return (
        f'<{element} Id="rId9" Type="{RELATIONSHIP_TYPE}{kind}" Target="{target}" '
        f'TargetMode="{mode}"/>'
    ).encode()


@pytest.mark.parametrize(
    ("part", "kind", "target"),
    [
        ("word/_rels/settings.xml.rels", "attachedTemplate", "https://evil.example/t.dotm"),
        ("word/_rels/document.xml.rels", "oleObject", "file://server/share/x.bin"),
        ("word/_rels/document.xml.rels", "image", "\\\\203.0.113.9\\share\\beacon.png"),
        ("word/_rels/webSettings.xml.rels", "frame", "https://evil.example/frame.html"),
    ],
)
def test_it_refuses_a_word_document_that_fetches_from_outside(
    tmp_path: Path, part: str, kind: str, target: str
) -> None:
    entries = docx_entries() | {part: RELATIONSHIPS % relationship(kind, target)}

    message = assert_refused(write(tmp_path, zip_bytes(entries)), "review.docx", "office_external")

    assert message == (
        f"review.docx is a Word document that fetches content from outside the file when it is "
        f"opened (an external {kind} relationship, such as a remote template or image); save it "
        "without external content, or as PDF."
    )


def test_it_refuses_a_workbook_linked_to_an_external_workbook(tmp_path: Path) -> None:
    rels = relationship("externalLinkPath", "https://evil.example/book.xlsx", mode="external")
    entries = xlsx_entries() | {
        "xl/externalLinks/_rels/externalLink1.xml.rels": RELATIONSHIPS % rels
    }

    message = assert_refused(write(tmp_path, zip_bytes(entries)), "risks.xlsx", "office_external")

    assert message.startswith("risks.xlsx is an Excel workbook that fetches content")


def test_it_refuses_an_external_relationship_under_a_namespace_prefix(tmp_path: Path) -> None:
    rels = (
        b'<p:Relationships xmlns:p="http://schemas.openxmlformats.org/package/2006/relationships">'
        + relationship("attachedTemplate", "https://evil.example/t.dotm", prefix="p")
        + b"</p:Relationships>"
    )
    entries = docx_entries() | {"word/_rels/settings.xml.rels": rels}

    assert_refused(write(tmp_path, zip_bytes(entries)), "review.docx", "office_external")


def test_it_accepts_hyperlinks_and_parts_inside_the_package(tmp_path: Path) -> None:
    rels = relationship("hyperlink", "https://www.iso.org/standard/27001") + relationship(
        "image", "media/image1.png", mode="Internal"
    )
    entries = docx_entries() | {"word/_rels/document.xml.rels": RELATIONSHIPS % rels}

    assert inspect_file(write(tmp_path, zip_bytes(entries)), filename="a.docx").extension == "docx"
