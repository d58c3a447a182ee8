"""A date YAML reads as a timestamp but no calendar has (2026-13-45, 2027-02-30) is refused at
its file:line:col and pointer, in the workspace file and in a contract; ruamel alone raises it
without a position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.adapters.contract_yaml import load_contract
from seamguard.adapters.workspace_yaml import load_workspace
from seamguard.adapters.yamlpos import parse_located
from seamguard.errors import ConfigError, ContractError, SeamguardError

CASES = Path(__file__).resolve().parents[1] / "cases" / "errors" / "dates.yaml"


def _cases() -> list[dict[str, Any]]:
    return list(YAML(typ="safe").load(CASES.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["title"])
def test_an_impossible_date_is_placed(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    err: SeamguardError
    if case["file"] == "workspace":
        (tmp_path / "seamguard.yaml").write_text(case["input"], encoding="utf-8")
        with pytest.raises(ConfigError) as config_error:
            load_workspace(tmp_path, env={})
        err, shown = config_error.value, "seamguard.yaml"
    else:
        (tmp_path / "order.yaml").write_text(case["input"], encoding="utf-8")
        with pytest.raises(ContractError) as contract_error:
            load_contract(tmp_path / "order.yaml", display="order.yaml")
        err, shown = contract_error.value, "order.yaml"
    expected = case["expected"]
    assert err.exit_code == 2
    where = err.location
    assert (where.file, where.line, where.column, where.pointer) == (
        shown,
        expected["line"],
        expected["column"],
        expected["pointer"],
    ), str(err)
    assert err.message.startswith(f"YAML error: invalid date {expected['value']!r}: ")


def test_a_quoted_impossible_date_is_just_a_string() -> None:
    doc = parse_located('expires: "2026-13-45"\n', file="x.yaml", error=ConfigError)
    assert doc.data == {"expires": "2026-13-45"}


def test_the_message_keeps_the_calendar_s_reason() -> None:
    with pytest.raises(ConfigError) as err:
        parse_located("a: 2026-02-01\nb: 2026-13-01\n", file="x.yaml", error=ConfigError)
    assert str(err.value) == (
        "x.yaml:2:4 at /b: YAML error: invalid date '2026-13-01': month must be in 1..12"
    )
