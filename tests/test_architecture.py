"""The layering of DESIGN.md section 2, enforced: imports may only point the allowed ways.

cli/ , service/ -> app/ -> core/ <- adapters/ , render/ ; errors.py and config.py are shared
leaves (config is pure: it parses already-loaded mappings). app may use render to write the
report files; cli never reaches past app into adapters.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "seamguard"

# layer -> the seamguard layers it may import (itself always allowed)
ALLOWED = {
    "core": {"errors"},
    "config": {"core", "errors"},
    "errors": set(),
    "adapters": {"core", "errors", "config"},
    "render": {"core", "errors", "config"},
    "app": {"core", "adapters", "render", "errors", "config"},
    "cli": {"app", "render", "core", "errors", "config"},
    "service": {"app", "render", "core", "errors", "config"},
    "contracts": set(),
    "__init__": set(),
    "__main__": {"cli"},
}


def _layer(module: str) -> str:
    parts = module.split(".")
    assert parts[0] == "seamguard"
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(
                (node.lineno, a.name) for a in node.names if a.name.startswith("seamguard")
            )
        elif (
            isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("seamguard")
        ):
            found.append((node.lineno, node.module))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_arrows(path: Path) -> None:
    rel = path.relative_to(SRC)
    layer = rel.parts[0].removesuffix(".py")
    allowed = ALLOWED[layer] | {layer}
    bad = [
        f"{rel}:{line} imports {module}"
        for line, module in _imports(path)
        if module != "seamguard" and _layer(module) not in allowed
    ]
    assert not bad, "layering violated:\n" + "\n".join(bad)


def test_core_has_no_io_or_clock() -> None:
    """core/ is pure: no files, network, environment, clock or printing."""
    banned_calls = {"open", "print", "input"}
    banned_attrs = {
        ("datetime", "now"),
        ("datetime", "utcnow"),
        ("time", "time"),
        ("os", "environ"),
        ("date", "today"),
    }
    banned_modules = {
        "os",
        "socket",
        "subprocess",
        "pathlib",
        "requests",
        "httpx",
        "sqlite3",
        "time",
    }
    problems = []
    for path in sorted((SRC / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in banned_calls
            ):
                problems.append(f"{path.name}:{node.lineno} calls {node.func.id}()")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in banned_attrs
            ):
                problems.append(f"{path.name}:{node.lineno} uses {node.value.id}.{node.attr}")
            if isinstance(node, ast.Import):
                problems.extend(
                    f"{path.name}:{node.lineno} imports {a.name}"
                    for a in node.names
                    if a.name.split(".")[0] in banned_modules
                )
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.split(".")[0] in banned_modules
            ):
                problems.append(f"{path.name}:{node.lineno} imports from {node.module}")
    assert not problems, "core/ must stay pure:\n" + "\n".join(problems)


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """Guard against a vacuous test: a core module importing adapters is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from seamguard.adapters.stores.sql import open_store\n", encoding="utf-8")
    imports = _imports(bad)
    assert imports == [(1, "seamguard.adapters.stores.sql")]
    assert _layer(imports[0][1]) not in ALLOWED["core"] | {"core"}
