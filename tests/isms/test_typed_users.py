"""Users are typed one way: nothing silences the type checker or casts on ``request.user``."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("isms", "policies", "evidence")
UNTYPED = re.compile(r"request\.user\b.*(type: ignore|\bcast\()|cast\(User,")


def test_no_code_casts_or_ignores_the_type_of_request_user() -> None:
    offending = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in SOURCES
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if UNTYPED.search(line)
    ]
    assert offending == []
