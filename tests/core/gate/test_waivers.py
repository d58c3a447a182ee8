"""Waivers over the gate's findings: matched on (rule, contract, path), never on text; an
expired one waives nothing and is reported, and so is one nothing matches."""

from __future__ import annotations

from datetime import date

from seamguard.core.gate.model import ContractCheck, Finding, Waiver
from seamguard.core.gate.waivers import apply_waivers


def _check(*findings: Finding) -> ContractCheck:
    return ContractCheck(
        contract="test.order",
        change="changed",
        file="contracts/order.yaml",
        compatibility="backward",
        base_version="1.0.0",
        head_version="2.0.0",
        findings=findings,
    )


BREAK = Finding(
    contract="test.order", rule="type-changed", path="/total", severity="error", message="m"
)
REMOVAL = Finding(
    contract="test.order",
    rule="field-removed-before-sunset",
    path="/note",
    severity="error",
    message="m",
    change_rule="property-removed",
)


def _waiver(
    rule: str, path: str, expires: date, index: int = 0, contract: str = "test.order"
) -> Waiver:
    return Waiver(
        rule=rule,
        contract=contract,
        path=path,
        reason="agreed with erp",
        expires=expires,
        index=index,
    )


def test_a_live_waiver_waives_its_finding_and_the_verdict_passes() -> None:
    w = _waiver("type-changed", "/total", date(2027, 1, 31))
    (check,), about = apply_waivers([_check(BREAK)], [w], as_of=date(2026, 12, 1))
    assert check.findings[0].waived == w
    assert check.verdict == "pass"
    assert about == ()


def test_the_expiry_day_still_counts() -> None:
    w = _waiver("type-changed", "/total", date(2026, 12, 1))
    (check,), about = apply_waivers([_check(BREAK)], [w], as_of=date(2026, 12, 1))
    assert check.verdict == "pass" and about == ()


def test_an_expired_waiver_waives_nothing_and_is_a_finding() -> None:
    w = _waiver("type-changed", "/total", date(2026, 11, 30), index=3)
    (check,), about = apply_waivers([_check(BREAK)], [w], as_of=date(2026, 12, 1))
    assert check.findings[0].waived is None
    assert check.verdict == "fail"
    assert [(f.rule, f.contract, f.path, f.severity, f.pointer) for f in about] == [
        ("waiver-expired", "test.order", "/total", "warning", "/waivers/3")
    ]


def test_an_unused_waiver_is_a_finding() -> None:
    waivers = [
        _waiver("type-changed", "/subtotal", date(2027, 1, 31), index=0),  # other path
        _waiver("type-changed", "/total", date(2027, 1, 31), index=1, contract="test.refund"),
        _waiver("enum-value-removed", "/total", date(2027, 1, 31), index=2),  # other rule
    ]
    (check,), about = apply_waivers([_check(BREAK)], waivers, as_of=date(2026, 12, 1))
    assert check.verdict == "fail"
    assert [(f.rule, f.pointer) for f in about] == [
        ("waiver-unused", "/waivers/0"),
        ("waiver-unused", "/waivers/1"),
        ("waiver-unused", "/waivers/2"),
    ]


def test_a_gate_finding_is_waived_by_its_own_rule_or_the_compatibility_rule_behind_it() -> None:
    for rule in ("field-removed-before-sunset", "property-removed"):
        w = _waiver(rule, "/note", date(2027, 1, 31))
        (check,), about = apply_waivers([_check(REMOVAL)], [w], as_of=date(2026, 12, 1))
        assert check.findings[0].waived == w, rule
        assert about == ()


def test_one_waiver_covers_the_same_finding_in_every_place_it_appears() -> None:
    w = _waiver("type-changed", "/total", date(2027, 1, 31))
    checks, about = apply_waivers(
        [_check(BREAK), _check(BREAK, REMOVAL)], [w], as_of=date(2026, 12, 1)
    )
    assert [c.verdict for c in checks] == ["pass", "fail"]
    assert about == ()


def test_a_change_reaching_several_paths_is_waived_by_any_of_them() -> None:
    shared = Finding(
        contract="test.order",
        rule="enum-value-removed",
        path="/from/country",
        severity="error",
        message="m",
        paths=("/from/country", "/to/country"),
    )
    w = _waiver("enum-value-removed", "/to/country", date(2027, 1, 31))
    (check,), about = apply_waivers([_check(shared)], [w], as_of=date(2026, 12, 1))
    assert check.findings[0].waived == w and about == ()


def test_an_unused_waiver_naming_no_checked_contract_suggests_the_closest() -> None:
    w = _waiver("type-changed", "/total", date(2027, 1, 31), contract="test.ordr")
    _, (about,) = apply_waivers([_check(BREAK)], [w], as_of=date(2026, 12, 1))
    assert about.rule == "waiver-unused"
    assert (
        "no contract test.ordr at the head or the base; did you mean test.order?" in about.message
    )


def test_an_unused_waiver_on_the_right_rule_names_the_paths_it_was_found_at() -> None:
    w = _waiver("type-changed", "/totl", date(2027, 1, 31))
    _, (about,) = apply_waivers([_check(BREAK)], [w], as_of=date(2026, 12, 1))
    assert "(its rule is found at /total)" in about.message
