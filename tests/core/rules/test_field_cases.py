"""Field cases (../shared/cases/field-cases.jsonl) that the semantic rules and the engine decide.

The file is read at run time, never copied. Every case tagged ``validate`` or ``money`` must have
a handler here (a new one fails :func:`test_every_validate_and_money_case_is_decided` rather
than being skipped). Each case stands for a kind of fault, so a handler builds the contract a
user would write against the case's input, and where the case's ``expected`` names a variant
(``2000.50``, ``18605``, the pattern, the largest acceptable refund) it is read from that text.

How the case's finding codes map onto seamguard's ids:

=====  ==================================  ===========================================  ==========================
case   field code                          seamguard finding                            where
=====  ==================================  ===========================================  ==========================
FC-04  duplicate_business_key              ``unique.duplicate`` (batch)                 record 2, /payment/provider
FC-09  minor_unit_scale_error              ``provider-amount.scale-error``              /payment/amount
FC-09  JPY total with decimals             ``money.too-many-decimals``                  /total
FC-10  minor_unit_scale_error              ``provider-amount.scale-error``              /payment/amount
FC-10  provider_rounding_rule (18605)      ``money.provider-rounding``                  /amount
FC-10  display 92000 minor KWD             ``canon.to_major`` gives 92.000              (a value, no finding)
FC-13  amount_precision_exceeded           ``money.too-many-decimals``                  /position_price
FC-13  recomputed in Decimal = 0.00        ``sum.mismatch`` (expected 0.00)             /position_price
FC-13  minor_unit_conversion_error         ``provider-amount.mismatch`` (435 vs 434)    /amount_minor
FC-15  refund_currency_mismatch            ``same-currency.mixed``                      /refund_request/currency
FC-15  minor units reused across currency  ``provider-amount.currency-mismatch``        /psp_refund/currency
FC-16  format_violation                    ``schema.format``                            /created_at
FC-16  no checker for a format             ContractError (exit 2) at the format         /schema/.../format
FC-17  too_many_decimals                   ``money.too-many-decimals``                  /price
FC-18  unsafe_integer_for_js               ``consumer-profile.unsafe-integer``          /id, /line_items/0/id
FC-20  sku_mixed_script                    ``identifier.mixed-script``                  /sku
FC-20  pattern ^[A-Z0-9-]+$ at ingest      ``schema.pattern``                           /sku
FC-20  normalization-only difference       ``unique.duplicate`` (normalize: identifier) records 3, 4, 5
FC-21  unknown_enum_value                  ``schema.enum``                              /payment_method
FC-22  missing_required: amount            ``schema.required``                          /amount
FC-22  over_refund                         ``cumulative.over-limit`` (batch)            record 2, /refund/amount
=====  ==================================  ===========================================  ==========================

Cross-record checks (FC-09, FC-10, FC-13, FC-15, FC-22) run on the document a flow joins —
``{order, payment}``, ``{transaction, refund}`` — which is the shape these cases' inputs
already have. FC-15's reconciliation half (the INR 97,633.00 outstanding) is the reconciliation
engine's ``mismatched`` comparison, not a validation rule, and is not asserted here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from seamguard.core.canon import canonical_key, currency_exponent, to_major
from seamguard.core.contract import contract_from_mapping
from seamguard.core.validation.engine import compile_contract
from seamguard.core.validation.rules.identifier import identifier_key, scripts_of
from seamguard.core.validation.verdict import Verdict
from seamguard.errors import ContractError

from .test_rule_cases import contract_with


def _all_cases(shared_dir: Path) -> dict[str, dict[str, Any]]:
    path = shared_dir / "cases" / "field-cases.jsonl"
    out = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                case = json.loads(line, parse_float=Decimal)  # money stays exact
                out[case["id"]] = case
    return out


def _found(verdict: Verdict) -> list[tuple[str, str]]:
    return sorted((v.rule, v.path) for v in verdict.violations)


def _in_expected(case: dict[str, Any], pattern: str) -> str:
    """A value the case's ``expected`` text names (so a corrected case moves the test)."""
    match = re.search(pattern, case["expected"])
    assert match, f"{case['id']}: {pattern!r} no longer in its expected text"
    return match.group(1)


def _convention(payment: dict[str, Any]) -> str:
    return {"stripe": "stripe"}.get(str(payment.get("provider", "")).lower(), "iso4217")


def _provider_rule(convention: str, **pointers: str) -> dict[str, Any]:
    return {"id": "provider", "kind": "provider_amount", "convention": convention, **pointers}


ORDER_TO_PAYMENT = {
    "amount": "/order/total",
    "currency": "/order/currency",
    "provider_amount": "/payment/amount",
    "provider_currency": "/payment/currency",
}


def fc04(case: dict[str, Any]) -> None:
    compiled = contract_with(
        [
            {
                "id": "one-order",
                "kind": "unique",
                "paths": ["/payment/provider", "/payment/payment_id"],
            }
        ]
    )
    events = case["input"]["oms_events"]
    found = compiled.check_batch(list(enumerate(events, start=1)))
    assert [(f.record, f.violation.rule, f.violation.path) for f in found] == [
        (2, "unique.duplicate", "/payment/provider")
    ]
    assert "of record 1" in found[0].violation.message


def fc09(case: dict[str, Any]) -> None:
    data = case["input"]
    compiled = contract_with([_provider_rule(_convention(data["payment"]), **ORDER_TO_PAYMENT)])
    verdict = compiled.check_document({"order": data["order"], "payment": data["payment"]}, 1)
    assert _found(verdict) == [("provider-amount.scale-error", "/payment/amount")]
    message = verdict.violations[0].message
    assert "2000" in message and "200000" in message and "x100" in message
    # The same kind on the order side: a JPY total carrying decimals.
    money = contract_with(
        [{"id": "total", "kind": "money", "amount": "/total", "currency": "/currency"}]
    )
    assert money.check_document(data["order"], 1).valid
    with_decimals = {**data["order"], "total": _in_expected(case, r'"(\d+\.\d+)"')}
    assert _found(money.check_document(with_decimals, 2)) == [("money.too-many-decimals", "/total")]


def fc10(case: dict[str, Any]) -> None:
    data = case["input"]
    convention = _convention(data["payment"])
    compiled = contract_with([_provider_rule(convention, **ORDER_TO_PAYMENT)])
    verdict = compiled.check_document({"order": data["order"], "payment": data["payment"]}, 1)
    assert _found(verdict) == [("provider-amount.scale-error", "/payment/amount")]
    assert "18600" in verdict.violations[0].message and "/10" in verdict.violations[0].message
    # Stripe's three-decimal rule on the payment itself.
    payment_rule = {
        "id": "amount",
        "kind": "money",
        "amount": "/amount",
        "currency": "/currency",
        "minor_units": True,
        "convention": convention,
    }
    payments = contract_with([payment_rule])
    assert payments.check_document(data["payment"], 1).valid  # 1860 ends in 0: wrong, not refused
    refused = {**data["payment"], "amount": int(_in_expected(case, r"(\d+) is rejected"))}
    verdict = payments.check_document(refused, 2)
    assert _found(verdict) == [("money.provider-rounding", "/amount")]
    assert "18600" in verdict.violations[0].message and "18610" in verdict.violations[0].message
    # Display: minor units shown at the currency's exponent.
    minor = int(_in_expected(case, r"(\d+) minor KWD"))
    shown = _in_expected(case, r"must be (\d+\.\d+)")
    major, _ = to_major(minor, True, currency_exponent("KWD")[0])
    assert major is not None and str(major) == shown


def fc13(case: dict[str, Any]) -> None:
    data = case["input"]
    order = contract_with(
        [
            {
                "id": "position",
                "kind": "money",
                "amount": "/position_price",
                "currency": "/currency",
            },
            {"id": "lines", "kind": "money", "amount": "/lines/*/price", "currency": "/currency"},
            {
                "id": "position-sum",
                "kind": "sum",
                "total": "/position_price",
                "parts": ["/lines/*/price", "/shipping", "/voucher"],
            },
        ]
    )
    verdict = order.check_document(data["order"], 1)
    assert _found(verdict) == [
        ("money.too-many-decimals", "/position_price"),
        ("sum.mismatch", "/position_price"),
    ]
    mismatch = next(v for v in verdict.violations if v.rule == "sum.mismatch")
    recomputed = _in_expected(case, r"= (\d+\.\d+)")
    assert f"expected {recomputed} " in mismatch.message
    conversion = contract_with(
        [
            _provider_rule(
                "iso4217",
                amount="/price",
                currency="/currency",
                provider_amount="/amount_minor",
            )
        ]
    )
    verdict = conversion.check_document(data["psp_conversion"], 2)
    assert _found(verdict) == [("provider-amount.mismatch", "/amount_minor")]
    assert "435" in verdict.violations[0].message and "434" in verdict.violations[0].message


def fc15(case: dict[str, Any]) -> None:
    compiled = contract_with(
        [
            {
                "id": "refund-in-payment-currency",
                "kind": "same_currency",
                "currencies": ["/payment/currency", "/refund_request/currency"],
            },
            _provider_rule(
                "stripe",
                amount="/refund_request/amount",
                currency="/refund_request/currency",
                provider_amount="/psp_refund/amount",
                provider_currency="/psp_refund/currency",
            ),
        ]
    )
    verdict = compiled.check_document(case["input"], 1)
    assert _found(verdict) == [
        ("provider-amount.currency-mismatch", "/psp_refund/currency"),
        ("same-currency.mixed", "/refund_request/currency"),
    ]


def fc16(case: dict[str, Any]) -> None:
    data = case["input"]
    compiled = contract_with([], schema=data["schema"])
    first, second = (compiled.check_document(p, n) for n, p in enumerate(data["payloads"], 1))
    assert _found(first) == [("schema.format", "/created_at")]
    assert second.valid and not second.violations
    # Fail closed: a format no checker knows makes the contract refuse to compile.
    unknown = json.loads(json.dumps(data["schema"]).replace('"date-time"', '"no-such-format"'))
    with pytest.raises(ContractError) as info:
        compile_contract(
            contract_from_mapping(
                {
                    "id": "test.format",
                    "version": "1.0.0",
                    "title": "t",
                    "owner": {"team": "t"},
                    "domain": "orders",
                    "criticality": "high",
                    "schema": unknown,
                }
            )
        )
    assert info.value.exit_code == 2
    assert info.value.location.pointer == "/schema/properties/created_at/format"


def fc17(case: dict[str, Any]) -> None:
    data = case["input"]
    compiled = contract_with(
        [{"id": "price", "kind": "money", "amount": "/price", "currency_code": "USD"}],
        schema=data["schema"],
    )
    # The payloads hold the JSON literals as exact Decimals, as the record readers do.
    verdicts = [compiled.check_document(p, n) for n, p in enumerate(data["payloads"], 1)]
    assert verdicts[0].valid and verdicts[1].valid
    assert ("money.too-many-decimals", "/price") in _found(verdicts[2])


def fc18(case: dict[str, Any]) -> None:
    data = case["input"]
    compiled = contract_with(
        [{"id": "js-safe", "kind": "consumer_profile", "profile": data["consumer_profile"]}]
    )
    verdict = compiled.check_bytes(data["raw_body"], 1)
    assert _found(verdict) == [
        ("consumer-profile.unsafe-integer", "/id"),
        ("consumer-profile.unsafe-integer", "/line_items/0/id"),
    ]
    text = " ".join(v.message for v in verdict.violations)
    for reads in re.findall(r"would read (\d+) and (\d+)", case["expected"])[0]:
        assert reads in text
    # Keys compare ids as canonical decimal strings, whatever the type.
    doc = json.loads(data["raw_body"])
    assert canonical_key(doc["id"]) == canonical_key(str(doc["id"]))


def fc20(case: dict[str, Any]) -> None:
    data = case["input"]
    pattern = _in_expected(case, r"pattern is (\^\S+\$)")
    compiled = contract_with(
        [
            {"id": "sku-script", "kind": "identifier", "paths": ["/sku"]},
            {"id": "one-product", "kind": "unique", "paths": ["/sku"], "normalize": "identifier"},
        ],
        schema={"type": "object", "properties": {"sku": {"type": "string", "pattern": pattern}}},
    )
    records = [*data["existing"], *data["incoming"]]
    session = compiled.batch_session()
    verdicts = [
        session.merge(compiled.check_document(doc, n), doc) for n, doc in enumerate(records, 1)
    ]
    greek = next(v for v in verdicts if "Greek" in scripts_of(records[v.record - 1]["sku"]))
    assert ("identifier.mixed-script", "/sku") in _found(greek)
    assert ("schema.pattern", "/sku") in _found(greek)
    script = next(v for v in greek.violations if v.rule == "identifier.mixed-script")
    for code_point in re.findall(r"U\+[0-9A-F]{4}", case["expected"]):
        assert code_point in script.message
    assert sum(v.rule == "identifier.mixed-script" for x in verdicts for v in x.violations) == 1
    # No new product for a normalization-only difference: each incoming SKU repeats one existing.
    duplicates = {
        x.record: v.message for x in verdicts for v in x.violations if v.rule == "unique.duplicate"
    }
    existing = {identifier_key(r["sku"]): n for n, r in enumerate(data["existing"], 1)}
    first = len(data["existing"]) + 1
    for n, incoming in enumerate(data["incoming"], first):
        assert f"of record {existing[identifier_key(incoming['sku'])]}" in duplicates[n]
    nfd = [
        r["sku"]
        for r in data["incoming"]
        if unicodedata.is_normalized("NFD", r["sku"])
        and not unicodedata.is_normalized("NFC", r["sku"])
    ]
    assert nfd and identifier_key(nfd[0]) == identifier_key(unicodedata.normalize("NFC", nfd[0]))


def fc21(case: dict[str, Any]) -> None:
    data = case["input"]
    compiled = contract_with([], schema={"type": "object", "properties": data["contract"]})
    verdict = compiled.check_document(data["order"], 1)
    assert _found(verdict) == [("schema.enum", "/payment_method")]


def fc22(case: dict[str, Any]) -> None:
    data = case["input"]
    txn = data["transaction"]
    refunds = contract_with(
        [], schema={"type": "object", "required": ["transaction_id", "refund_id", "amount"]}
    )
    first, second = (refunds.check_document(e, n) for n, e in enumerate(data["events"], 1))
    assert _found(first) == [("schema.required", "/amount")]
    assert second.valid
    # Over-refund: the flow joins each refund to its transaction; the batch keeps the total.
    joined = [
        {"transaction": txn, "refund": e}
        for e in data["events"]
        if e["transaction_id"] == txn["id"]
    ]
    compiled = contract_with(
        [
            {
                "id": "refunds-within-capture",
                "kind": "cumulative",
                "key": ["/refund/transaction_id"],
                "amount": "/refund/amount",
                "limit": "/transaction/captured",
                "start": "/transaction/refunded_so_far",
                "currency": "/refund/currency",
            }
        ]
    )
    found = compiled.check_batch(list(enumerate(joined, start=1)))
    assert [(f.record, f.violation.rule, f.violation.path) for f in found] == [
        (2, "cumulative.over-limit", "/refund/amount")
    ]
    largest = _in_expected(case, r"largest acceptable refund is (\d+\.\d+)")
    assert f"the largest amount that fits is {largest}" in found[0].violation.message


HANDLERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "FC-04": fc04,
    "FC-09": fc09,
    "FC-10": fc10,
    "FC-13": fc13,
    "FC-15": fc15,
    "FC-16": fc16,
    "FC-17": fc17,
    "FC-18": fc18,
    "FC-20": fc20,
    "FC-21": fc21,
    "FC-22": fc22,
}


def test_every_validate_and_money_case_is_decided(shared_dir: Path) -> None:
    tagged = {
        cid
        for cid, case in _all_cases(shared_dir).items()
        if {"validate", "money"} & set(case["capabilities"])
    }
    assert tagged, "no validate/money field cases found"
    assert tagged <= set(HANDLERS), f"cases without a handler: {sorted(tagged - set(HANDLERS))}"


@pytest.mark.parametrize("case_id", sorted(HANDLERS))
def test_field_case(case_id: str, shared_dir: Path) -> None:
    cases = _all_cases(shared_dir)
    assert case_id in cases, f"{case_id} not in the field cases any more"
    HANDLERS[case_id](cases[case_id])
