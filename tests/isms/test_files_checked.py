"""The shared inspect-then-store step, as any app (evidence, a reporter's screenshot) uses it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages

from isms.files.checked import checked_file_store, shown_filename
from isms.files.store import measure_stored_file

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def stored_names(folder: str) -> list[str]:
    try:
        return storages["private"].listdir(folder)[1]
    except FileNotFoundError:
        return []


def test_it_stores_an_accepted_file_under_our_name_with_its_hash() -> None:
    content = b"host,port\nweb-1,443\n"

    checked = checked_file_store(
        source=io.BytesIO(content),
        filename="../../scan.csv",
        prefix="reports",
        max_bytes=1024,
        uploaded_by=None,
    )

    assert checked.filename == "scan.csv"
    assert checked.inspected.media_type == "text/csv"
    assert checked.stored.name.startswith("reports/") and checked.stored.name.endswith(".csv")
    measured = measure_stored_file(checked.stored.name)
    assert measured is not None and measured.sha256 == checked.stored.sha256


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"<script>alert(1)</script>", "screenshot.png"),  # not what its name says
        (PNG_SIGNATURE + b"not really an image", "screenshot.png"),  # damaged
        (b"MZ\x90\x00" + b"\x00" * 60, "tool.exe"),  # a kind we never accept
        (b"x" * 2048, "big.txt"),  # over the caller's limit
    ],
)
def test_a_refused_file_leaves_nothing_stored(content: bytes, filename: str) -> None:
    with pytest.raises(ValidationError):
        checked_file_store(
            source=io.BytesIO(content),
            filename=filename,
            prefix="reports",
            max_bytes=1024,
            uploaded_by=None,
        )
    assert stored_names("reports") == []


@pytest.mark.parametrize(
    ("given", "shown"),
    [("C:\\Users\\me\\scan.pdf", "scan.pdf"), ("a\x00b\nc.txt", "abc.txt"), ("..", "file")],
)
def test_a_clients_name_is_made_safe_to_show(given: str, shown: str) -> None:
    assert shown_filename(given) == shown
