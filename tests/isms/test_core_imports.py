"""isms/ is the core the apps build on: it imports none of them (the demo loader excepted)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("policies", "evidence", "certifications", "search")
# The demo loader fills every app with content, so it is the one part of isms/ that knows them.
ALLOWED = ("isms/demo/",)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    modules = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
    return modules


def app_imports() -> dict[str, list[str]]:
    found = {}
    for path in sorted((ROOT / "isms").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(ALLOWED):
            continue
        apps = [name for name in imported_modules(path) if name.split(".")[0] in APPS]
        if apps:
            found[relative] = apps
    return found


def test_the_core_imports_no_app() -> None:
    assert app_imports() == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from policies.models import DocumentVersion\n")
    assert imported_modules(module) == ["policies.models"]
