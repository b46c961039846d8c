import pytest
from django.core.exceptions import ValidationError

from isms.records.numbers import VersionNumber


@pytest.mark.parametrize(
    ("text", "expected"), [("1.0", (1, 0)), ("0.1", (0, 1)), (" 2.10 ", (2, 10)), ("12.3", (12, 3))]
)
def test_it_parses_major_and_minor(text: str, expected: tuple[int, int]) -> None:
    version = VersionNumber.parse(text)
    assert (version.major, version.minor) == expected


@pytest.mark.parametrize(
    "text", ["", "1", "1.", ".1", "1.2.3", "v1.0", "01.0", "1.01", "1,0", "a.b"]
)
def test_it_refuses_malformed_numbers(text: str) -> None:
    with pytest.raises(ValidationError, match=r"major\.minor"):
        VersionNumber.parse(text)


def test_it_compares_as_numbers_not_text() -> None:
    assert VersionNumber.parse("1.10") > VersionNumber.parse("1.9")
    assert VersionNumber.parse("2.0") > VersionNumber.parse("1.99")
    assert str(VersionNumber.parse("1.10")) == "1.10"
