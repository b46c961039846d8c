"""``manage.py load_catalogs``: the shipped catalogs, idempotence, updates and bad files."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from isms.audit.models import AuditEvent
from isms.frameworks.catalog_files import CATALOG_DIR
from isms.frameworks.models import (
    ApplicabilityEntry,
    Control,
    ControlGroup,
    ControlMapping,
    Framework,
)

FRAMEWORK = """\
code: demo-2026
name: Demo standard
edition: 2026
kind: standard
groups:
  - ref: "4"
    title: Context
    controls:
      - ref: "4.1"
        title: Our context
        description: We know our context.
      - ref: "4.1.1"
        title: Issues
        description: We list issues.
  - ref: A.5
    title: Organisational controls
    controls:
      - ref: A.5.1
        title: Policies
        description: We have policies.
"""
OTHER = FRAMEWORK.replace("demo-2026", "other-2026").replace("Demo standard", "Other")
MAPPINGS = """\
from: demo-2026
to: other-2026
mappings:
  - from: A.5.1
    to: A.5.1
    relation: equal
    rationale: Same policy requirement.
"""


def write_catalogs(
    directory: Path, *, framework: str = FRAMEWORK, mappings: str = MAPPINGS
) -> Path:
    (directory / "mappings").mkdir(parents=True)
    (directory / "demo.yaml").write_text(framework)
    (directory / "other.yaml").write_text(OTHER)
    (directory / "mappings" / "demo_other.yaml").write_text(mappings)
    return directory


def load(directory: Path, *args: str) -> None:
    call_command("load_catalogs", "--directory", str(directory), *args)


def refs(code: str) -> list[str]:
    return list(Control.objects.filter(framework__code=code).values_list("ref", flat=True))


def snapshot() -> list[tuple[Any, ...]]:
    return [
        *Framework.objects.values_list(),
        *ControlGroup.objects.values_list(),
        *Control.objects.values_list(),
        *ControlMapping.objects.values_list(),
    ]


# The shipped catalogs


@pytest.fixture
def shipped(db: None) -> None:
    call_command("load_catalogs")


def test_it_loads_the_93_annex_a_controls_in_four_themes(shipped: None) -> None:
    annex = Control.objects.filter(framework__code="iso27001-2022", ref__startswith="A.")
    themes = {
        group.ref: (group.title, group.controls.count())
        for group in ControlGroup.objects.filter(
            framework__code="iso27001-2022", ref__startswith="A."
        )
    }

    assert annex.count() == 93
    assert themes == {
        "A.5": ("Organisational controls", 37),
        "A.6": ("People controls", 8),
        "A.7": ("Physical controls", 14),
        "A.8": ("Technological controls", 34),
    }
    for theme, (_, count) in themes.items():
        expected = [f"{theme}.{number}" for number in range(1, count + 1)]
        assert [ref for ref in refs("iso27001-2022") if ref.startswith(f"{theme}.")] == expected


def test_it_loads_clauses_4_to_10_of_iso_27001_with_sub_clauses(shipped: None) -> None:
    clauses = ControlGroup.objects.filter(framework__code="iso27001-2022").exclude(
        ref__startswith="A."
    )
    risk_assessment = Control.objects.get_by_address("iso27001-2022:6.1.2")

    assert list(clauses.values_list("ref", flat=True)) == [str(n) for n in range(4, 11)]
    assert risk_assessment.parent == Control.objects.get_by_address("iso27001-2022:6.1")
    assert risk_assessment.group.ref == "6"
    assert {"9.2.2", "9.3.3", "10.2", "7.5.3"} <= set(refs("iso27001-2022"))


def test_it_loads_iso_9001_clauses_and_their_sub_clauses(shipped: None) -> None:
    groups = ControlGroup.objects.filter(framework__code="iso9001-2015")
    control = Control.objects.get_by_address("iso9001-2015:7.5.3.2")

    assert list(groups.values_list("ref", flat=True)) == [str(n) for n in range(4, 11)]
    assert {"7.5.3", "8.2.3.1", "8.5.6", "10.3"} <= set(refs("iso9001-2015"))
    assert control.parent.ref == "7.5.3"
    assert control.parent.parent.ref == "7.5"


def test_it_loads_the_isae_3402_cloud_objectives_and_controls(shipped: None) -> None:
    framework = Framework.objects.get(code="isae3402-cloud")

    assert framework.kind == Framework.Kind.ASSURANCE_REPORT
    assert framework.groups.count() >= 8
    assert framework.controls.count() >= 30
    assert all(
        control.group.ref == control.ref.split(".")[0] for control in framework.controls.all()
    )


def test_it_maps_annex_a_to_isae_controls_with_relation_and_rationale(shipped: None) -> None:
    mappings = ControlMapping.objects.select_related(
        "from_control__framework", "to_control__framework"
    )
    backups = ControlMapping.objects.get(
        from_control=Control.objects.get_by_address("iso27001-2022:A.8.13"),
        to_control=Control.objects.get_by_address("isae3402-cloud:CO5.1"),
    )

    assert mappings.count() >= 25
    assert {(m.from_control.framework.code, m.to_control.framework.code) for m in mappings} == {
        ("iso27001-2022", "isae3402-cloud")
    }
    assert backups.relation == ControlMapping.Relation.SUPERSET
    assert "backup" in backups.rationale


def test_it_orders_controls_as_people_read_references(shipped: None) -> None:
    annex_5 = refs("iso27001-2022")
    assert annex_5.index("A.5.2") < annex_5.index("A.5.10") < annex_5.index("A.6.1")
    assert annex_5.index("9.3.3") < annex_5.index("10.1") < annex_5.index("A.5.1")


def test_a_second_run_changes_nothing_and_says_so(shipped: None, capsys: Any) -> None:
    before = snapshot()
    capsys.readouterr()

    call_command("load_catalogs")

    assert capsys.readouterr().out.strip() == "Catalogs are up to date: nothing changed."
    assert snapshot() == before


def test_the_shipped_directory_is_the_default() -> None:
    assert {path.name for path in CATALOG_DIR.glob("*.yaml")} == {
        "iso27001-2022.yaml",
        "iso9001-2015.yaml",
        "isae3402-cloud.yaml",
    }


# Changes to loaded frameworks


def test_it_refuses_a_changed_title_without_update_and_changes_nothing(
    db: None, tmp_path: Path, capsys: Any
) -> None:
    load(write_catalogs(tmp_path / "v1"))
    before = snapshot()
    changed = write_catalogs(tmp_path / "v2", framework=FRAMEWORK.replace("Our context", "Context"))

    with pytest.raises(
        CommandError, match=r"1 differences .* nothing was changed. Run again with --update"
    ):
        load(changed)

    assert "demo-2026:4.1: title “Our context” → “Context”" in capsys.readouterr().err
    assert snapshot() == before


def test_with_update_it_applies_titles_and_new_controls_and_keeps_our_fields(
    db: None, tmp_path: Path, officer: Any, capsys: Any
) -> None:
    load(write_catalogs(tmp_path / "v1"))
    policies = Control.objects.get_by_address("demo-2026:A.5.1")
    policies.owner = officer
    policies.evidence_cadence = Control.EvidenceCadence.QUARTERLY
    policies.save()
    extended = FRAMEWORK.replace("title: Policies", "title: Security policies") + (
        "      - ref: A.5.2\n        title: Roles\n        description: We name roles.\n"
    )

    load(write_catalogs(tmp_path / "v2", framework=extended), "--update")

    policies.refresh_from_db()
    assert (policies.title, policies.owner, policies.evidence_cadence) == (
        "Security policies",
        officer,
        Control.EvidenceCadence.QUARTERLY,
    )
    assert refs("demo-2026") == ["4.1", "4.1.1", "A.5.1", "A.5.2"]
    out = capsys.readouterr().out
    assert "Updated demo-2026:A.5.1: title “Policies” → “Security policies”" in out
    assert "Updated demo-2026:A.5.2: new control “Roles”" in out


def test_it_never_removes_a_loaded_control_even_with_update(db: None, tmp_path: Path) -> None:
    load(write_catalogs(tmp_path / "v1"))
    shorter = FRAMEWORK.split('      - ref: "4.1.1"')[0] + FRAMEWORK.split("We list issues.\n")[1]

    with pytest.raises(CommandError, match=r"4.1.1 loaded in demo-2026 but no longer in the file"):
        load(write_catalogs(tmp_path / "v2", framework=shorter), "--update")

    assert refs("demo-2026") == ["4.1", "4.1.1", "A.5.1"]


def test_a_changed_relation_needs_update(db: None, tmp_path: Path, capsys: Any) -> None:
    load(write_catalogs(tmp_path / "v1"))
    changed = write_catalogs(tmp_path / "v2", mappings=MAPPINGS.replace("equal", "subset"))

    with pytest.raises(CommandError, match="Run again with --update"):
        load(changed)
    load(changed, "--update")

    assert ControlMapping.objects.get().relation == ControlMapping.Relation.SUBSET


# Bad files: a clear message, a non-zero exit, nothing loaded


@pytest.mark.parametrize(
    ("framework", "mappings", "message"),
    [
        (FRAMEWORK.replace('"4.1.1"', '"4.1"'), MAPPINGS, r"demo.yaml: control 4.1 appears twice"),
        (FRAMEWORK.replace("A.5.1", "A.5..1"), MAPPINGS, r"“A.5..1” is not a reference"),
        (FRAMEWORK.replace('ref: "4.1.1"', "ref: 4.10"), MAPPINGS, r"quote numbers"),
        (
            FRAMEWORK.replace("ref: A.5.1", "ref: A.6.1"),
            MAPPINGS,
            r"A.6.1 does not belong under A.5",
        ),
        (FRAMEWORK.replace("kind: standard", "kind: law"), MAPPINGS, r"kind “law” is not one of"),
        (
            FRAMEWORK.replace("        title: Issues\n", ""),
            MAPPINGS,
            r"“title” must be a non-empty",
        ),
        (FRAMEWORK + "  - [oops", MAPPINGS, r"demo.yaml: cannot be read as YAML"),
        (FRAMEWORK, MAPPINGS.replace("to: A.5.1", "to: A.5.9"), r"no control other-2026:A.5.9"),
        (FRAMEWORK, MAPPINGS.replace("to: other-2026", "to: nowhere-1"), r"no control nowhere-1"),
        (FRAMEWORK, MAPPINGS.replace("equal", "same"), r"relation “same” is not one of"),
        (FRAMEWORK, MAPPINGS + MAPPINGS.split("mappings:\n")[1], r"A.5.1 appears twice"),
        (
            FRAMEWORK,
            MAPPINGS.replace("to: other-2026", "to: demo-2026"),
            r"demo-2026:A.5.1 cannot be mapped to itself",
        ),
    ],
)
def test_it_refuses_a_bad_file_and_loads_nothing(
    db: None, tmp_path: Path, framework: str, mappings: str, message: str
) -> None:
    with pytest.raises(CommandError, match=f"(?s){message}.*Nothing was loaded"):
        load(write_catalogs(tmp_path, framework=framework, mappings=mappings))

    assert snapshot() == []


# The Statement of Applicability entries and the audit trail


def test_it_gives_each_of_the_93_annex_a_controls_an_soa_entry(shipped: None) -> None:
    entries = ApplicabilityEntry.objects.select_related("control")

    assert entries.count() == 93
    assert {entry.control.group.ref for entry in entries} == {"A.5", "A.6", "A.7", "A.8"}


def test_it_audits_a_load_with_its_counts(shipped: None) -> None:
    event = AuditEvent.objects.get(action="catalog.loaded")

    assert event.actor is None
    assert event.detail["new_frameworks"] == ["isae3402-cloud", "iso27001-2022", "iso9001-2015"]
    assert event.detail["soa_entries_created"] == 93


def test_a_load_that_changes_nothing_is_not_audited(shipped: None) -> None:
    call_command("load_catalogs")

    assert AuditEvent.objects.filter(action="catalog.loaded").count() == 1
    assert ApplicabilityEntry.objects.count() == 93


def test_an_update_audits_each_changed_mapping_and_control(db: None, tmp_path: Path) -> None:
    load(write_catalogs(tmp_path / "v1"))
    retitled = FRAMEWORK.replace("title: Policies", "title: Security policies")

    load(
        write_catalogs(
            tmp_path / "v2", framework=retitled, mappings=MAPPINGS.replace("equal", "subset")
        ),
        "--update",
    )

    mapping = AuditEvent.objects.get(action="mapping.changed")
    control = AuditEvent.objects.get(action="control.changed")
    assert mapping.detail["changed"] == {"relation": ["equal", "subset"]}
    assert control.detail["control"] == "demo-2026:A.5.1"
    assert control.detail["changed"] == {"title": ["Policies", "Security policies"]}
    assert AuditEvent.objects.filter(action="catalog.loaded").count() == 2


def test_a_refused_update_leaves_no_audit_event(db: None, tmp_path: Path) -> None:
    load(write_catalogs(tmp_path / "v1"))

    with pytest.raises(CommandError):
        load(write_catalogs(tmp_path / "v2", mappings=MAPPINGS.replace("equal", "subset")))

    assert not AuditEvent.objects.filter(action="mapping.changed").exists()
    assert AuditEvent.objects.filter(action="catalog.loaded").count() == 1
