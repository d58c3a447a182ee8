"""Broken contract files are refused with the exact file:line:col and exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.adapters.contract_yaml import load_contract
from seamguard.app.scan import compile_placed
from seamguard.errors import ContractError

CASES = Path(__file__).resolve().parents[1] / "cases" / "errors" / "contracts.yaml"


def _cases() -> list[dict[str, Any]]:
    return list(YAML(typ="safe").load(CASES.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["title"])
def test_contract_error_is_placed(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "order.yaml"
    path.write_text(case["input"], encoding="utf-8")
    with pytest.raises(ContractError) as info:
        contract = load_contract(path, display="order.yaml")
        compile_placed(contract)
    err = info.value
    expected = case["expected"]
    assert err.exit_code == 2
    assert err.location.file == "order.yaml"
    assert (err.location.line, err.location.column) == (expected["line"], expected["column"]), str(
        err
    )
    if "pointer" in expected:
        assert err.location.pointer == expected["pointer"], str(err)
    assert str(err).startswith(f"order.yaml:{expected['line']}:{expected['column']}")
