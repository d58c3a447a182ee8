"""``check:`` and ``waivers:`` in seamguard.yaml: defaults, every key, and every error placed at
the exact key it is about."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from seamguard.adapters.workspace_yaml import load_workspace
from seamguard.config import CheckSettings, workspace_from_mapping
from seamguard.core.gate.model import Waiver
from seamguard.core.gate.subject import GateSettings
from seamguard.errors import ConfigError


def _ws(**top: Any) -> dict[str, Any]:
    return {"version": 1, **top}


def _waiver(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "rule": "property-removed",
        "contract": "commerce.order",
        "path": "/gateway",
        "reason": "ERP stopped reading it in 2026-Q3 (ticket OPS-123)",
        "expires": "2027-03-01",
    }
    base.update(over)
    return base


def _error(doc: dict[str, Any]) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        workspace_from_mapping(doc, env={})
    assert info.value.exit_code == 2
    return info.value


# --- defaults and every key ---------------------------------------------------------------------


def test_defaults_without_check_or_waivers() -> None:
    ws = workspace_from_mapping(_ws(), env={})
    assert ws.check == CheckSettings()
    assert ws.check == CheckSettings(
        base=None, policy="lenient", unread_breaking="error", fetch=True
    )
    assert ws.check.gate() == GateSettings()
    assert ws.waivers == ()


def test_empty_check_and_waivers_are_the_defaults() -> None:
    ws = workspace_from_mapping(_ws(check=None, waivers=[]), env={})
    assert ws.check == CheckSettings()
    assert ws.waivers == ()
    assert workspace_from_mapping(_ws(check={}), env={}).check == CheckSettings()


def test_every_check_key() -> None:
    ws = workspace_from_mapping(
        _ws(
            check={
                "base": "origin/release",
                "policy": "strict",
                "unread_breaking": "warning",
                "fetch": False,
            }
        ),
        env={},
    )
    assert ws.check == CheckSettings(
        base="origin/release", policy="strict", unread_breaking="warning", fetch=False
    )
    assert ws.check.gate() == GateSettings(policy="strict", unread_breaking="warning")


def test_every_waiver_key() -> None:
    ws = workspace_from_mapping(
        _ws(
            waivers=[
                _waiver(),
                _waiver(
                    rule="major-bump-required",
                    path="",
                    expires=date(2026, 12, 31),
                    reason="released by mistake",
                ),
                _waiver(rule="enum-value-added", path="/line_items/*/status"),
            ]
        ),
        env={},
    )
    assert ws.waivers == (
        Waiver(
            rule="property-removed",
            contract="commerce.order",
            path="/gateway",
            reason="ERP stopped reading it in 2026-Q3 (ticket OPS-123)",
            expires=date(2027, 3, 1),
            index=0,
        ),
        Waiver(
            rule="major-bump-required",
            contract="commerce.order",
            path="",
            reason="released by mistake",
            expires=date(2026, 12, 31),
            index=1,
        ),
        Waiver(
            rule="enum-value-added",
            contract="commerce.order",
            path="/line_items/*/status",
            reason="ERP stopped reading it in 2026-Q3 (ticket OPS-123)",
            expires=date(2027, 3, 1),
            index=2,
        ),
    )


def test_gate_rules_and_compatibility_rules_can_both_be_waived() -> None:
    ws = workspace_from_mapping(
        _ws(waivers=[_waiver(rule="field-removed-before-sunset"), _waiver(rule="type-changed")]),
        env={},
    )
    assert [w.rule for w in ws.waivers] == ["field-removed-before-sunset", "type-changed"]


def test_a_waiver_of_an_unknown_contract_is_accepted_here() -> None:
    """The check command reports it as unused; the settings cannot know the contracts."""
    ws = workspace_from_mapping(_ws(waivers=[_waiver(contract="nobody.nothing")]), env={})
    assert ws.waivers[0].contract == "nobody.nothing"


def test_an_expired_waiver_is_accepted_here() -> None:
    """Expiry is judged against --as-of by the check, which reports it."""
    ws = workspace_from_mapping(_ws(waivers=[_waiver(expires="2000-01-01")]), env={})
    assert ws.waivers[0].expires == date(2000, 1, 1)


# --- errors in check: -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "pointer", "fragment"),
    [
        ("strict", "/check", "check must be a mapping"),
        ({"polcy": "strict"}, "/check/polcy", "unknown key 'polcy'"),
        ({"policy": "paranoid"}, "/check/policy", "policy must be one of lenient, strict"),
        ({"policy": None}, "/check/policy", "policy must be one of"),
        (
            {"unread_breaking": "info"},
            "/check/unread_breaking",
            "unread_breaking must be one of error, warning",
        ),
        ({"fetch": "yes please"}, "/check/fetch", "fetch must be true or false"),
        ({"base": ""}, "/check/base", "base must be a non-empty string"),
        ({"base": 3}, "/check/base", "base must be a non-empty string"),
    ],
)
def test_check_errors(check: Any, pointer: str, fragment: str) -> None:
    err = _error(_ws(check=check))
    assert err.location.pointer == pointer, str(err)
    assert fragment in err.message


# --- errors in waivers: -----------------------------------------------------------------------


def test_waivers_must_be_a_list() -> None:
    err = _error(_ws(waivers={"rule": "property-removed"}))
    assert err.location.pointer == "/waivers"
    assert "waivers must be a list" in err.message


def test_a_waiver_must_be_a_mapping() -> None:
    err = _error(_ws(waivers=[_waiver(), "property-removed"]))
    assert err.location.pointer == "/waivers/1"
    assert "a waiver must be a mapping" in err.message


@pytest.mark.parametrize("key", ["rule", "contract", "path", "reason", "expires"])
def test_waiver_missing_a_required_key(key: str) -> None:
    item = _waiver()
    del item[key]
    err = _error(_ws(waivers=[_waiver(path="/a"), _waiver(path="/b"), item]))
    assert err.location.pointer == "/waivers/2", str(err)
    assert f"a waiver needs {key!r}" in err.message


def test_unknown_key_in_a_waiver() -> None:
    err = _error(_ws(waivers=[_waiver(owner="oms")]))
    assert err.location.pointer == "/waivers/0/owner"
    assert "unknown key 'owner' in a waiver" in err.message


def test_unknown_rule_id_suggests_the_closest() -> None:
    err = _error(_ws(waivers=[_waiver(), _waiver(rule="propety-removed", path="/x")]))
    assert err.location.pointer == "/waivers/1/rule"
    assert "unknown rule id 'propety-removed'" in err.message
    assert "did you mean property-removed" in err.message


def test_unknown_rule_id_without_a_close_one_names_the_catalog() -> None:
    err = _error(_ws(waivers=[_waiver(rule="zzzz")]))
    assert err.location.pointer == "/waivers/0/rule"
    assert "unknown rule id 'zzzz'" in err.message
    assert "seamguard rules" in err.message


@pytest.mark.parametrize(
    ("over", "pointer", "fragment"),
    [
        ({"rule": 7}, "/waivers/0/rule", "rule must be a rule id"),
        ({"contract": "Order"}, "/waivers/0/contract", "contract must be a contract id"),
        ({"contract": None}, "/waivers/0/contract", "contract must be a contract id"),
        ({"path": "gateway"}, "/waivers/0/path", "path must be a JSON pointer"),
        ({"path": None}, "/waivers/0/path", "path must be a JSON pointer"),
        ({"reason": ""}, "/waivers/0/reason", "reason must say why"),
        ({"reason": "   "}, "/waivers/0/reason", "reason must say why"),
        ({"expires": "next spring"}, "/waivers/0/expires", "expires must be a date YYYY-MM-DD"),
        ({"expires": "2027-02-30"}, "/waivers/0/expires", "expires must be a date YYYY-MM-DD"),
        ({"expires": "20270301"}, "/waivers/0/expires", "expires must be a date YYYY-MM-DD"),
        ({"expires": 20270301}, "/waivers/0/expires", "expires must be a date YYYY-MM-DD"),
        (
            {"expires": datetime(2027, 3, 1, 12, 0)},
            "/waivers/0/expires",
            "not a timestamp",
        ),
    ],
)
def test_waiver_value_errors(over: dict[str, Any], pointer: str, fragment: str) -> None:
    err = _error(_ws(waivers=[_waiver(**over)]))
    assert err.location.pointer == pointer, str(err)
    assert fragment in err.message


def test_bad_date_points_at_the_waiver_it_is_in() -> None:
    err = _error(
        _ws(
            waivers=[
                _waiver(path="/a"),
                _waiver(path="/b"),
                _waiver(path="/c", expires="2027-13-01"),
            ]
        )
    )
    assert err.location.pointer == "/waivers/2/expires"


def test_duplicate_waiver_points_at_the_second() -> None:
    err = _error(
        _ws(
            waivers=[
                _waiver(),
                _waiver(path="/other"),
                _waiver(reason="said again", expires="2028-01-01"),
            ]
        )
    )
    assert err.location.pointer == "/waivers/2"
    assert "waiver 2 repeats waiver 0" in err.message


def test_same_rule_and_contract_on_another_path_is_not_a_duplicate() -> None:
    ws = workspace_from_mapping(
        _ws(waivers=[_waiver(), _waiver(path="/other"), _waiver(contract="commerce.refund")]),
        env={},
    )
    assert [w.index for w in ws.waivers] == [0, 1, 2]


# --- through the real loader --------------------------------------------------------------------


def test_loaded_from_yaml_with_unquoted_dates(tmp_path: Path) -> None:
    (tmp_path / "seamguard.yaml").write_text(
        "version: 1\n"
        "check: {base: origin/main, policy: strict, unread_breaking: warning, fetch: false}\n"
        "waivers:\n"
        "  - rule: property-removed\n"
        "    contract: commerce.order\n"
        '    path: ""\n'
        "    reason: accepted\n"
        "    expires: 2027-03-01\n",
        encoding="utf-8",
    )
    ws = load_workspace(tmp_path, env={}).settings
    assert ws.check == CheckSettings(
        base="origin/main", policy="strict", unread_breaking="warning", fetch=False
    )
    assert ws.waivers == (
        Waiver(
            rule="property-removed",
            contract="commerce.order",
            path="",
            reason="accepted",
            expires=date(2027, 3, 1),
        ),
    )


def test_bad_waiver_key_is_placed_at_file_line_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seamguard.yaml").write_text(
        "version: 1\n"
        "waivers:\n"
        "  - rule: property-removed\n"
        "    contract: commerce.order\n"
        "    path: /gateway\n"
        "    reason: ERP no longer reads it\n"
        "    expires: 2027-03-01\n"
        "  - rule: property-removed\n"
        "    contract: commerce.order\n"
        "    path: /status\n"
        "    reason: ERP no longer reads it\n"
        "    expiry: 2027-03-01\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path, env={})
    err = info.value
    assert err.exit_code == 2
    assert err.location.file == "seamguard.yaml"
    assert err.location.pointer == "/waivers/1/expiry"
    assert (err.location.line, err.location.column) == (12, 5), str(err)
    assert "seamguard.yaml:12:5" in str(err)
    assert "unknown key 'expiry'" in str(err)


def test_bad_waiver_date_is_placed_at_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seamguard.yaml").write_text(
        "version: 1\n"
        "waivers:\n"
        "  - {rule: property-removed, contract: commerce.order, path: /gateway,\n"
        "     reason: accepted, expires: soon}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path, env={})
    err = info.value
    assert err.location.pointer == "/waivers/0/expires"
    assert (err.location.file, err.location.line, err.location.column) == ("seamguard.yaml", 4, 24)


@pytest.mark.parametrize("rule", ["waiver-expired", "waiver-unused"])
def test_findings_about_waivers_cannot_be_waived(rule: str) -> None:
    err = _error(_ws(waivers=[_waiver(rule=rule)]))
    assert err.location.pointer == "/waivers/0/rule"
    assert "cannot be waived" in err.message


@pytest.mark.parametrize("path", ["", "/"])
def test_slash_and_empty_both_name_the_whole_contract(path: str) -> None:
    (waiver,) = workspace_from_mapping(_ws(waivers=[_waiver(path=path)]), env={}).waivers
    assert waiver.path == ""
