"""The rule-kind registry, its documentation, the batch protocol and the optional runtimes."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from seamguard.core import contract as contract_module
from seamguard.core.contract import RULE_KINDS, contract_from_mapping
from seamguard.core.validation.engine import compile_contract
from seamguard.core.validation.rules import (
    BATCH_COMPILERS,
    COMPILERS,
    cel,
    identifier,
)
from seamguard.core.validation.rules import (
    sum as sum_rule,
)
from seamguard.core.validation.rules.consumer_profile import PROFILES
from seamguard.core.validation.rules.conventions import CONVENTIONS, minor_unit
from seamguard.core.validation.rules.provider_amount import expected_minor, scale_factor
from seamguard.errors import ContractError

from .test_rule_cases import contract_with

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "rules-semantic.md"
RULES_DIR = ROOT / "src" / "seamguard" / "core" / "validation" / "rules"


def test_every_declared_kind_compiles_and_every_compiler_is_declared() -> None:
    assert set(COMPILERS).isdisjoint(BATCH_COMPILERS)
    assert set(RULE_KINDS) == set(COMPILERS) | set(BATCH_COMPILERS)


def test_contract_vocabularies_match_the_rule_tables() -> None:
    assert set(contract_module.CONVENTIONS) == set(CONVENTIONS)
    assert set(contract_module.CONSUMER_PROFILES) == set(PROFILES)
    assert set(contract_module.ROUNDING_MODES) == set(sum_rule.ROUNDING)


def _findings_in_source() -> set[str]:
    """Every ``<kind>.<finding>`` the rule modules can make, read from their source."""
    found = set()
    for path in RULES_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        kind = re.search(r'^KIND = "([a-z_]+)"', text, re.M)
        if kind is None:
            continue
        prefix = kind.group(1).replace("_", "-")
        for finding in re.findall(r'violation\(\s*[\w.]+,\s*"([a-z-]+)"', text):
            found.add(f"{prefix}.{finding}")
    return found


def test_the_page_documents_every_kind_parameter_and_finding() -> None:
    page = DOC.read_text(encoding="utf-8")
    for kind, params in RULE_KINDS.items():
        section = re.search(rf"^### `{kind}`.*?(?=^### |\Z)", page, re.M | re.S)
        assert section, f"docs/rules-semantic.md has no section for {kind}"
        for param in params:
            assert f"`{param}`" in section.group(0), f"{kind}: parameter {param} undocumented"
    findings = _findings_in_source()
    assert len(findings) > 20
    for finding in sorted(findings):
        assert f"`{finding}`" in page, f"finding {finding} undocumented"


def test_stripe_table_follows_the_documented_lists() -> None:
    stripe = CONVENTIONS["stripe"].overrides
    for code in [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]:
        assert (stripe[code].exponent, stripe[code].step) == (0, 1)
    for code in ["BHD", "JOD", "KWD", "OMR", "TND"]:
        assert (stripe[code].exponent, stripe[code].step) == (3, 10)
    for code in ("ISK", "UGX"):
        assert (stripe[code].exponent, stripe[code].step) == (2, 100)
    assert "HUF" not in stripe and "TWD" not in stripe
    payouts = CONVENTIONS["stripe_payout"].overrides
    assert (payouts["HUF"].step, payouts["TWD"].step) == (100, 100)
    unit = minor_unit("stripe", "usd")
    assert unit is not None and (unit.exponent, unit.step) == (2, 1)
    assert minor_unit("iso4217", "MGA") is not None and minor_unit("stripe", "XYZ") is None


def test_provider_arithmetic_is_exact() -> None:
    assert expected_minor(Decimal("4.35"), "EUR") == 435
    assert expected_minor(Decimal("18.600"), "kwd", "stripe") == 18600
    assert expected_minor(Decimal("5"), "ISK", "stripe") == 500
    assert expected_minor(Decimal("5"), "ISK") == 5
    assert expected_minor(Decimal("1"), "XYZ") is None
    assert scale_factor(Decimal(2000), Decimal(200000)) == 2
    assert scale_factor(Decimal(18600), Decimal(1860)) == -1
    assert scale_factor(Decimal(435), Decimal(434)) is None
    assert scale_factor(Decimal(435), Decimal(435)) is None
    assert scale_factor(Decimal(435), Decimal(-4350)) is None


# --- the batch protocol, as app/scan.py and app/validate.py will call it ----------------------


BATCH_RULES: list[dict[str, Any]] = [
    {"id": "one-payment", "kind": "unique", "paths": ["/payment_id"]},
    {"id": "total-money", "kind": "money", "amount": "/total", "currency": "/currency"},
]


def test_batch_rules_are_exposed_and_not_run_per_record() -> None:
    compiled = contract_with(BATCH_RULES)
    assert [r.rule_id for r in compiled.batch_rules] == ["one-payment"]
    assert len(compiled.rules) == 1
    raw = '{"payment_id": "p1", "total": "1.00", "currency": "EUR"}'
    assert compiled.check_raw(raw, 1)[1].valid
    assert compiled.check_raw(raw, 2)[1].valid  # check_raw alone never sees the batch


def test_streaming_merge_puts_the_finding_on_the_record_that_makes_it() -> None:
    compiled = contract_with(BATCH_RULES)
    raws = [
        '{"payment_id": "p1", "total": "1.00", "currency": "EUR"}',
        '{"payment_id": "p2", "total": "1.001", "currency": "EUR"}',
        '{"payment_id": "p1", "total": "1.001", "currency": "EUR"}',
        "{not json",
    ]
    session = compiled.batch_session()
    assert session
    verdicts = []
    for n, raw in enumerate(raws, 1):
        doc, verdict = compiled.check_raw(raw, n)
        if doc is not None:
            verdict = session.merge(verdict, doc)
        verdicts.append(verdict)
    assert session.finish() == ()
    assert [sorted(v.rule for v in x.violations) for x in verdicts] == [
        [],
        ["money.too-many-decimals"],
        ["money.too-many-decimals", "unique.duplicate"],
        ["json.malformed"],
    ]
    duplicate = next(v for v in verdicts[2].violations if v.rule == "unique.duplicate")
    assert duplicate.rule_id == "one-payment" and duplicate.path == "/payment_id"
    assert verdicts[2].violations == tuple(sorted(verdicts[2].violations))


def test_each_session_starts_empty() -> None:
    compiled = contract_with(BATCH_RULES)
    records = [(1, {"payment_id": "p1"}), (2, {"payment_id": "p1"})]
    first = compiled.check_batch(records)
    assert compiled.check_batch(records) == first
    assert [(f.record, f.violation.rule) for f in first] == [(2, "unique.duplicate")]


def test_a_contract_without_batch_rules_has_an_empty_session() -> None:
    compiled = contract_with([BATCH_RULES[1]])
    session = compiled.batch_session()
    assert not session and compiled.batch_rules == ()
    _, verdict = compiled.check_raw('{"total": "1"}', 1)
    assert session.merge(verdict, {"total": "1"}) is verdict


# --- compile-time errors and optional runtimes -----------------------------------------------


def _compile(rules: list[dict[str, Any]]) -> None:
    compile_contract(
        contract_from_mapping(
            {
                "id": "test.rules",
                "version": "1.0.0",
                "title": "t",
                "owner": {"team": "t"},
                "domain": "orders",
                "criticality": "high",
                "schema": {"type": "object"},
                "rules": rules,
            },
            source_file="contracts/test.yaml",
        )
    )


def test_a_cel_syntax_error_is_one_line_at_the_expression() -> None:
    with pytest.raises(ContractError) as info:
        _compile([{"id": "c", "kind": "cel", "expr": "doc.total <="}])
    err = info.value
    assert err.location.pointer == "/rules/0/expr" and err.location.file == "contracts/test.yaml"
    assert "\n" not in err.message and "column 13" in err.message


def test_without_the_cel_runtime_a_cel_rule_does_not_compile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> Any:
        raise ModuleNotFoundError("No module named 'cel_expr_python'")

    monkeypatch.setattr(cel, "_runtime", missing)
    with pytest.raises(ContractError) as info:
        _compile([{"id": "c", "kind": "cel", "expr": "true"}])
    assert info.value.location.pointer == "/rules/0/kind"
    assert "pip install 'seamguard[cel]'" in info.value.message
    _compile([{"id": "m", "kind": "money", "amount": "/a", "currency_code": "EUR"}])


@pytest.mark.parametrize(
    ("rule", "pointer"),
    [
        ({"id": "s", "kind": "identifier", "paths": ["/sku"]}, "/rules/0/kind"),
        (
            {"id": "u", "kind": "unique", "paths": ["/sku"], "normalize": "identifier"},
            "/rules/0/normalize",
        ),
    ],
)
def test_without_unicode_data_identifier_rules_do_not_compile(
    monkeypatch: pytest.MonkeyPatch, rule: dict[str, Any], pointer: str
) -> None:
    def missing() -> Any:
        raise ModuleNotFoundError("No module named 'disarm'")

    monkeypatch.setattr(identifier, "_disarm", missing)
    with pytest.raises(ContractError) as info:
        _compile([rule])
    assert info.value.location.pointer == pointer
    assert "pip install 'seamguard[unicode]'" in info.value.message
    _compile([{"id": "u", "kind": "unique", "paths": ["/sku"]}])  # plain unique needs nothing


def test_cel_binding_keeps_numbers_exact_and_shares_what_it_can() -> None:
    doc = {"a": {"b": [1, "x"]}, "c": Decimal("18.600"), "d": 2**70}
    bound = cel.bindable(doc)
    assert bound == {"a": {"b": [1, "x"]}, "c": "18.600", "d": str(2**70)}
    assert bound["a"] is doc["a"]  # no Decimal inside: not copied
    plain = {"a": [1, 2]}
    assert cel.bindable(plain) is plain


def test_identifier_key() -> None:
    key = identifier.identifier_key
    assert key("7012\u039c\u03a4") == key("7012-mt") == key("7012MT") == key("７０１２ＭＴ")
    assert key("Cafe\u0301-01") == key("Caf\u00e9 01")
    assert key("SKU-100") != key("SKU-IOO")
    assert identifier.scripts_of("7012\u039c\u03a4") == ["Greek"]


@pytest.mark.parametrize(
    ("rule", "pointer"),
    [
        ({"kind": "sum", "total": "/t", "parts": ["-tax"]}, "/rules/0/parts/0"),
        ({"kind": "sum", "total": "/t", "parts": []}, "/rules/0/parts"),
        ({"kind": "sum", "total": "/t", "parts": "/a"}, "/rules/0/parts"),
        (
            {"kind": "sum", "total": "/t", "parts": ["/a"], "tolerance": "-0.01"},
            "/rules/0/tolerance",
        ),
        ({"kind": "sum", "total": "/t", "parts": ["/a"], "missing": "ignore"}, "/rules/0/missing"),
        (
            {"kind": "sum", "total": "/t", "parts": ["/a"], "minor_units": "yes"},
            "/rules/0/minor_units",
        ),
        ({"kind": "cel", "expr": ""}, "/rules/0/expr"),
        ({"kind": "cel", "expr": "true", "path": "amount"}, "/rules/0/path"),
        ({"kind": "unique", "paths": []}, "/rules/0/paths"),
        ({"kind": "same_currency", "sets": [["/a", 3]]}, "/rules/0/sets/0/1"),
        ({"kind": "identifier", "paths": ["/sku"], "scripts": []}, "/rules/0/scripts"),
        (
            {
                "kind": "cumulative",
                "key": ["/k"],
                "amount": "/a",
                "limit": "/l",
                "currency": "/c",
                "currency_code": "EUR",
            },
            "/rules/0",
        ),
        (
            {"kind": "money", "amount": "/a", "currency": "/c", "description": 3},
            "/rules/0/description",
        ),
    ],
)
def test_rule_parameters_are_checked_where_they_are(rule: dict[str, Any], pointer: str) -> None:
    with pytest.raises(ContractError) as info:
        contract_from_mapping(
            {
                "id": "test.rules",
                "version": "1.0.0",
                "title": "t",
                "owner": {"team": "t"},
                "domain": "orders",
                "criticality": "high",
                "schema": {"type": "object"},
                "rules": [{"id": "r", **rule}],
            }
        )
    assert info.value.location.pointer == pointer, info.value.message


def test_parameters_are_frozen() -> None:
    spec = contract_from_mapping(
        {
            "id": "test.rules",
            "version": "1.0.0",
            "title": "t",
            "owner": {"team": "t"},
            "domain": "orders",
            "criticality": "high",
            "schema": {"type": "object"},
            "rules": [
                {"id": "s", "kind": "same_currency", "sets": [["/a", "/b"]]},
                {"id": "t", "kind": "sum", "total": "/t", "parts": ["/a", "-/b"], "tolerance": 1},
            ],
        }
    ).rules
    assert spec[0].params["sets"] == (("/a", "/b"),)
    assert spec[1].params["parts"] == ("/a", "-/b") and spec[1].params["tolerance"] == "1"
