"""Real git repositories for tests: a workspace with contracts, committed, branched, tagged and
cloned (shallow too) with the git command line."""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": os.environ.get("HOME", "/tmp"),
}

ORDER: dict[str, Any] = {
    "id": "acme.order",
    "version": "1.0.0",
    "title": "Order",
    "owner": {"team": "oms-integration"},
    "domain": "orders",
    "criticality": "critical",
    "compatibility": "backward",
    "consumers": [{"system": "erp", "reads": ["/id", "/total", "/lines/*/sku"]}],
    "schema": {
        "type": "object",
        "required": ["id", "total"],
        "properties": {
            "id": {"type": "string"},
            "total": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "paid"]},
            "gateway": {"type": "string"},
            "lines": {
                "type": "array",
                "items": {"type": "object", "properties": {"sku": {"type": "string"}}},
            },
        },
    },
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(cwd), *args],
        env=_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def dump_yaml(data: Any) -> str:
    import io

    out = io.StringIO()
    y = YAML()
    y.default_flow_style = False
    y.dump(data, out)
    return out.getvalue()


def order(**changes: Any) -> dict[str, Any]:
    """The order contract with top-level keys replaced (``schema_properties`` merges into the
    schema's properties; a None value there removes the property)."""
    doc = copy.deepcopy(ORDER)
    props = changes.pop("schema_properties", None)
    doc.update(changes)
    if props:
        for name, value in props.items():
            if value is None:
                doc["schema"]["properties"].pop(name, None)
            else:
                doc["schema"]["properties"][name] = value
    return doc


class Repo:
    """A git work tree holding one seamguard workspace at its root (or in ``subdir``)."""

    def __init__(self, root: Path, subdir: str = "") -> None:
        self.root = root
        self.ws = root / subdir if subdir else root
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")
        self.ws.mkdir(parents=True, exist_ok=True)
        (self.ws / "seamguard.yaml").write_text("version: 1\n", encoding="utf-8")
        (root / ".gitignore").write_text(".seamguard/\n", encoding="utf-8")

    def write(self, rel: str, text: str) -> Path:
        path = self.ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def contract(self, doc: dict[str, Any], name: str = "order.yaml") -> Path:
        return self.write(f"contracts/{name}", dump_yaml(doc))

    def workspace(self, text: str) -> None:
        self.write("seamguard.yaml", text)

    def commit(self, message: str = "change") -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)
        return git(self.root, "rev-parse", "HEAD")

    def git(self, *args: str) -> str:
        return git(self.root, *args)
