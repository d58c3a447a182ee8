"""Broken workspace files are refused with the exact file:line:col and exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.adapters.workspace_yaml import load_workspace
from seamguard.errors import ConfigError, ContractError

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


CONTRACT = """\
# acme.order: what the OMS receives
id: acme.order
version: 1.0.0
title: Order
owner: {team: oms}
domain: orders
criticality: critical
compatibility: backward
schema: {type: object}
"""


def test_a_contract_given_as_the_workspace_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ws" / "contracts").mkdir(parents=True)
    (tmp_path / "ws" / "seamguard.yaml").write_text("version: 1\n", encoding="utf-8")
    (tmp_path / "ws" / "contracts" / "order.yaml").write_text(CONTRACT, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_workspace(Path("ws/contracts/order.yaml"), env={})
    assert info.value.exit_code == 2
    assert info.value.message == (
        "this is a contract; pass the workspace folder (the one with seamguard.yaml), e.g. ws"
    )
    assert info.value.location.file == "ws/contracts/order.yaml"


def test_a_contract_outside_any_workspace_given_as_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "order.yaml").write_text(CONTRACT, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_workspace(Path("order.yaml"), env={})
    assert str(info.value) == (
        "order.yaml: this is a contract; pass the workspace folder (the one with seamguard.yaml)"
    )


def test_a_workspace_file_of_another_name_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ci.yaml").write_text("version: 1\n", encoding="utf-8")
    assert load_workspace(tmp_path / "ci.yaml", env={}).file == tmp_path / "ci.yaml"


def test_a_duplicate_contract_id_is_placed_at_the_second_files_id_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    (tmp_path / "seamguard.yaml").write_text("version: 1\n", encoding="utf-8")
    (tmp_path / "contracts" / "a.yaml").write_text(CONTRACT, encoding="utf-8")
    (tmp_path / "contracts" / "b.yaml").write_text(
        "# a copy\n\n" + CONTRACT.replace("id: acme.order", "  # note\nid: acme.order"),
        encoding="utf-8",
    )
    with pytest.raises(ContractError) as info:
        load_workspace(tmp_path, env={})
    where = info.value.location
    assert (where.file, where.line, where.column, where.pointer) == (
        "contracts/b.yaml",
        5,
        1,
        "/id",
    )
    assert info.value.message == (
        "contract id acme.order is defined twice: contracts/a.yaml and contracts/b.yaml"
    )
