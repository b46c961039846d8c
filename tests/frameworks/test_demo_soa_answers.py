"""The demo SoA's answers (isms/demo/data/soa.yaml): one per Annex A control, each its own text."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from isms.demo.catalogs import ensure_demo_catalogs
from isms.demo.people import ensure_demo_people
from isms.demo.soa import ANSWERS, UNDER_WAY, ensure_demo_soa, read_demo_answers
from isms.frameworks.catalog_files import read_framework
from isms.frameworks.models import ApplicabilityEntry

CATALOG = Path(__file__).resolve().parents[2] / "isms/frameworks/catalogs/iso27001-2022.yaml"


def annex_a_refs() -> list[str]:
    return [
        control.ref for control in read_framework(CATALOG).controls if control.ref.startswith("A.")
    ]


def test_every_annex_a_control_has_exactly_one_answer() -> None:
    refs = annex_a_refs()

    assert len(refs) == 93
    assert sorted(ANSWERS) == sorted(refs)
    assert [answer.ref for answer in ANSWERS.values() if not answer.applicable] == [
        "A.7.11",
        "A.7.12",
        "A.8.30",
    ]
    assert set(UNDER_WAY) <= {ref for ref, answer in ANSWERS.items() if answer.applicable}


def test_no_two_controls_share_a_justification() -> None:
    justifications = [answer.justification for answer in ANSWERS.values()]

    assert len(set(justifications)) == len(justifications) == 93
    assert all(len(text) > 150 for text in justifications)


def test_a_control_answered_twice_in_the_file_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "soa.yaml"
    twice.write_text(
        "A.5.1:\n  applicable: true\n  justification: One.\n"
        "A.5.1:\n  applicable: true\n  justification: Two.\n",
        encoding="utf-8",
    )

    with pytest.raises(
        yaml.constructor.ConstructorError, match=re.escape("A.5.1 is answered twice")
    ):
        read_demo_answers(twice)


@pytest.mark.parametrize(
    "entry",
    [
        "  applicable: yes please\n  justification: Why.\n",
        "  applicable: true\n  justification: ''\n",
        "  applicable: true\n",
        "  applicable: true\n  justification: Why.\n  status: implemented\n",
    ],
)
def test_a_malformed_answer_is_refused_with_its_control(tmp_path: Path, entry: str) -> None:
    malformed = tmp_path / "soa.yaml"
    malformed.write_text(f"A.5.2:\n{entry}", encoding="utf-8")

    with pytest.raises(ValueError, match=re.escape("A.5.2")):
        read_demo_answers(malformed)


def test_loading_the_demo_answers_each_control_with_its_own_text(db: None) -> None:
    users: dict[str, Any] = ensure_demo_people()
    ensure_demo_catalogs(users=users)

    ensure_demo_soa(users=users)

    entries = ApplicabilityEntry.objects.select_related("control")
    answered = {entry.control.ref: (entry.applicable, entry.justification) for entry in entries}
    assert answered == {
        ref: (answer.applicable, answer.justification) for ref, answer in ANSWERS.items()
    }
