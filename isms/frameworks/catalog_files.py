"""Reading and checking the catalog files in ``isms/frameworks/catalogs/``.

A framework file names the framework and lists its groups (clauses, themes, control objectives),
each with its controls. A mapping file (``catalogs/mappings/``) relates the controls of one
framework to those of another. Everything is checked here, before the database is touched, so
that a bad file is refused with its name and the place of the mistake.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from isms.frameworks.models import FrameworkKind, MappingRelation
from isms.frameworks.refs import CODE_PATTERN, REF_PATTERN, ControlAddress

CATALOG_DIR = Path(__file__).resolve().parent / "catalogs"
TITLE_MAX_LENGTH = 200


class CatalogError(Exception):
    """A catalog or mapping file that cannot be loaded as it is."""


@dataclass(frozen=True)
class GroupSpec:
    ref: str
    title: str
    description: str


@dataclass(frozen=True)
class ControlSpec:
    ref: str
    title: str
    description: str
    group_ref: str


@dataclass(frozen=True)
class FrameworkSpec:
    source: str
    code: str
    name: str
    edition: str
    kind: str
    description: str
    groups: tuple[GroupSpec, ...]
    controls: tuple[ControlSpec, ...]


@dataclass(frozen=True)
class MappingSpec:
    from_address: ControlAddress
    to_address: ControlAddress
    relation: str
    rationale: str


@dataclass(frozen=True)
class MappingFileSpec:
    source: str
    mappings: tuple[MappingSpec, ...]


def read_catalog_dir(
    directory: Path = CATALOG_DIR,
) -> tuple[list[FrameworkSpec], list[MappingFileSpec]]:
    frameworks = [read_framework(path) for path in sorted(directory.glob("*.yaml"))]
    codes = [spec.code for spec in frameworks]
    for code in {code for code in codes if codes.count(code) > 1}:
        raise CatalogError(f"Two catalog files define the framework {code}.")
    mappings = [read_mappings(path) for path in sorted((directory / "mappings").glob("*.yaml"))]
    return frameworks, mappings


def read_framework(path: Path) -> FrameworkSpec:
    data = _load_yaml(path)
    where = path.name
    code = _text(data, "code", where)
    if not CODE_PATTERN.match(code):
        raise CatalogError(f"{where}: the code “{code}” must be lower case words and dashes.")
    kind = _text(data, "kind", where)
    if kind not in FrameworkKind.values:
        raise CatalogError(f"{where}: kind “{kind}” is not one of {', '.join(FrameworkKind)}.")
    groups, controls = _read_groups(_list(data, "groups", where), where)
    return FrameworkSpec(
        source=where,
        code=code,
        name=_text(data, "name", where),
        edition=str(_text(data, "edition", where)),
        kind=kind,
        description=_text(data, "description", where, required=False),
        groups=tuple(groups),
        controls=tuple(controls),
    )


def _read_groups(items: list[Any], where: str) -> tuple[list[GroupSpec], list[ControlSpec]]:
    groups: list[GroupSpec] = []
    controls: list[ControlSpec] = []
    for index, item in enumerate(items, start=1):
        here = f"{where}, group {index}"
        group = GroupSpec(
            ref=_ref(item, here),
            title=_title(item, here),
            description=_text(item, "description", here, required=False),
        )
        groups.append(group)
        controls.extend(
            _read_controls(_list(item, "controls", here), group, f"{where}, {group.ref}")
        )
    _refuse_duplicates([group.ref for group in groups], f"{where}: group")
    _refuse_duplicates([control.ref for control in controls], f"{where}: control")
    return groups, controls


def _read_controls(items: list[Any], group: GroupSpec, where: str) -> list[ControlSpec]:
    controls = []
    for index, item in enumerate(items, start=1):
        ref = _ref(item, f"{where}, control {index}")
        if not ref.startswith(f"{group.ref}."):
            raise CatalogError(f"{where}: control {ref} does not belong under {group.ref}.")
        controls.append(
            ControlSpec(
                ref=ref,
                title=_title(item, f"{where}, {ref}"),
                description=_text(item, "description", f"{where}, {ref}"),
                group_ref=group.ref,
            )
        )
    return controls


def read_mappings(path: Path) -> MappingFileSpec:
    data = _load_yaml(path)
    where = path.name
    from_code, to_code = _text(data, "from", where), _text(data, "to", where)
    mappings = [
        _read_mapping(item, from_code, to_code, f"{where}, mapping {index}")
        for index, item in enumerate(_list(data, "mappings", where), start=1)
    ]
    _refuse_duplicates(
        [f"{mapping.from_address} → {mapping.to_address}" for mapping in mappings],
        f"{where}: mapping",
    )
    return MappingFileSpec(source=where, mappings=tuple(mappings))


def _read_mapping(item: Any, from_code: str, to_code: str, where: str) -> MappingSpec:
    from_address = ControlAddress(code=from_code, ref=_ref(item, where, key="from"))
    to_address = ControlAddress(code=to_code, ref=_ref(item, where, key="to"))
    if from_address == to_address:
        raise CatalogError(f"{where}: {from_address} cannot be mapped to itself.")
    relation = _text(item, "relation", where)
    if relation not in MappingRelation.values:
        raise CatalogError(
            f"{where}: relation “{relation}” is not one of {', '.join(MappingRelation)}."
        )
    return MappingSpec(
        from_address=from_address,
        to_address=to_address,
        relation=relation,
        rationale=_text(item, "rationale", where),
    )


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CatalogError(f"{path.name}: cannot be read as YAML ({error}).") from error
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: expected a mapping of keys at the top of the file.")
    return data


def _text(data: Any, key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "") if isinstance(data, dict) else ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (required and not value.strip()):
        # A bare 6.10 in YAML is the number 6.1: references must be quoted.
        raise CatalogError(
            f'{where}: “{key}” must be a non-empty text (quote numbers like "6.10").'
        )
    return value.strip()


def _title(data: Any, where: str) -> str:
    title = _text(data, "title", where)
    if len(title) > TITLE_MAX_LENGTH:
        raise CatalogError(f"{where}: the title is longer than {TITLE_MAX_LENGTH} characters.")
    return title


def _ref(data: Any, where: str, *, key: str = "ref") -> str:
    ref = _text(data, key, where)
    if not REF_PATTERN.match(ref):
        raise CatalogError(
            f"{where}: “{ref}” is not a reference (numbers separated by dots, optionally after "
            "capital letters, like 6.1.2, A.8.8 or CO3.2)."
        )
    return ref


def _list(data: Any, key: str, where: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        raise CatalogError(f"{where}: “{key}” must be a list.")
    return value


def _refuse_duplicates(refs: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            raise CatalogError(f"{what} {ref} appears twice.")
        seen.add(ref)
