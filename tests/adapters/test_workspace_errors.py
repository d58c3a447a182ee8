"""Broken workspace files are refused with the exact file:line:col and exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.adapters.workspace_yaml import load_workspace
from seamguard.errors import ConfigError

CASES = Path(__file__).resolve().parents[1] / "cases" / "errors" / "workspace.yaml"


def _cases() -> list[dict[str, Any]]:
    return list(YAML(typ="safe").load(CASES.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["title"])
def test_workspace_error_is_placed(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seamguard.yaml").write_text(case["input"], encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path, env={})
    err = info.value
    expected = case["expected"]
    assert err.exit_code == 2
    assert err.location.file == "seamguard.yaml"
    assert (err.location.line, err.location.column) == (expected["line"], expected["column"]), str(
        err
    )
    if "pointer" in expected:
        assert err.location.pointer == expected["pointer"], str(err)
