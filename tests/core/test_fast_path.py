"""The fast first pass (orjson) never changes a verdict: every record gets exactly the verdict
the exact parser gives. Checked on every shared sample, on hostile variations, and on generated
documents."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seamguard.adapters.contract_yaml import starter_contract, starter_ids
from seamguard.core.validation.engine import compile_contract

CONTRACTS = {cid: compile_contract(starter_contract(cid)) for cid in starter_ids()}


def _both(cid: str, raw: bytes) -> tuple[object, object]:
    """The verdict of the fast pass (and of the msgspec document) against the reference: the
    exact parser. Both documents must be the exact parser's too."""
    c = CONTRACTS[cid]
    fast = c.check_raw(raw, 1, exact_document=False)[1]
    doc, exact = c.check_raw(raw, 1)
    reference_doc, reference = c._check_exact(raw, 1)
    assert exact == reference
    assert doc == reference_doc
    assert [type(x) for x in _scalars_of(doc)] == [type(x) for x in _scalars_of(reference_doc)]
    return fast, reference


def _scalars_of(doc: object) -> list[object]:
    if isinstance(doc, dict):
        return [x for k, v in doc.items() for x in [k, *_scalars_of(v)]]
    if isinstance(doc, list):
        return [x for v in doc for x in _scalars_of(v)]
    return [doc]


def test_the_fast_path_is_on_for_plain_contracts() -> None:
    assert CONTRACTS["shopify.order"].fast
    assert CONTRACTS["stripe.charge"].fast


HOSTILE = [
    ("shopify.order", b'{"id": 1, "currency": "USD", "currency": "JPY", "total_price": "1.50"}'),
    ("shopify.order", b'{"id": 1, "currency": "JPY", "total_price": 2000.5}'),
    ("shopify.order", b'{"id": 1, "currency": "USD", "total_price": 143.48}'),
    ("shopify.order", b'{"id": 1, "currency": "USD", "total_price": 1e2}'),
    ("shopify.order", b'{"id": 123456789012345678901234567890, "currency": "USD"}'),
    ("shopify.order", b'{"id": 7300000000000000123, "currency": "USD"}'),
    ("shopify.order", b'{"id": 1, "a\\u003a": 1, "a\\u003a": 2, "currency": "USD"}'),
    ("shopify.order", b'{"id": 1, "note": "a:b", "note": "c", "currency": "USD"}'),
    ("shopify.order", b'\xef\xbb\xbf{"id": 1}'),
    ("shopify.order", b'{"id": 1} x'),
    ("shopify.order", b'{"id": NaN}'),
    ("shopify.order", b'{"id": "\\ud800"}'),
    ("shopify.order", b'{"a":' * 300 + b"1" + b"}" * 300),
    ("shopify.order", b"[" * 5000 + b"]" * 5000),
    ("shopify.order", b'{"id": 1, "note": "a\x01b"}'),
    ("shopify.order", b'{"id": 1, "note": "a\tb"}'),
    ("shopify.order", b'{"id": 1, "note": "\xff\xfe"}'),
    ("shopify.order", b'{"id": 1, "note": "\xc0\xaf"}'),
    ("shopify.order", b'{"id": 01}'),
    ("shopify.order", b'{"id": +1}'),
    ("shopify.order", b'{"id": .5}'),
    ("shopify.order", b'{"id": 1.}'),
    ("shopify.order", b'{"id": 1e}'),
    ("shopify.order", b'{"id": -}'),
    ("shopify.order", b'{"id": 1e99999999999}'),
    ("shopify.order", b'{"id": -0.0, "x": 1E2, "y": 1e-2}'),
    ("shopify.order", b'{"id": Infinity}'),
    ("shopify.order", b"[1,]"),
    ("shopify.order", b'{"id": 1,}'),
    ("shopify.order", b"{'id': 1}"),
    ("shopify.order", b'  {"id": 1}  '),
    ("shopify.order", b'{"id": "\\u00e9\\ud83d\\ude00"}'),
    ("shopify.order", b'{"id": "\\udc00"}'),
    ("shopify.order", b'"just a string"'),
    ("shopify.order", b"null"),
    ("shopify.order", b""),
    ("stripe.charge", b'{"id": "ch_1", "amount": 10.5, "currency": "usd"}'),
    ("stripe.charge", b'{"id": "ch_1", "amount": 18605, "currency": "kwd"}'),
    # Canonical (orjson-compact) text takes the orjson way; these must still be judged exactly.
    ("shopify.order", b'{"id":1,"currency":"USD","total_price":"1.001"}'),
    ("shopify.order", b'{"id":1,"currency":"KWD","total_price":"1.001"}'),
    ("shopify.order", b'{"id":1,"currency":"usd","total_price":"1.00"}'),
    ("shopify.order", b'{"id":1,"currency":"Usd","total_price":"1.00"}'),
    ("shopify.order", b'{"id":1,"currency":" USD","total_price":"1.001"}'),
    ("shopify.order", b'{"id":1,"currency":null,"total_price":"1.23456"}'),
    ("shopify.order", b'{"id":1,"currency":"XAU","total_price":"1.5"}'),
    ("shopify.order", b'{"id":1,"currency":"USD","total_price":true}'),
    ("shopify.order", b'{"id":1,"currency":"USD","total_price":"01.00"}'),
    ("shopify.order", b'{"id":1,"currency":"USD","total_price":"1."}'),
    ("shopify.order", b'{"id":1,"currency":"USD","total_price":"-0.000"}'),
    ("shopify.order", b'{"id":1,"currency":"JPY","total_price":1.0}'),
    ("shopify.order", b'{"id":1,"currency":"JPY","total_price":0.99999999999999999}'),
    ("shopify.order", b'{"id":1,"currency":"USD","line_items":[{"price":"1.005"}]}'),
    (
        "shopify.order",
        b'{"id":1,"currency":"USD","total_price_set":{"shop_money":{"amount":"100.5","currency_code":"JPY"}}}',
    ),
    (
        "shopify.order",
        b'{"id":1,"currency":"USD","total_price_set":{"shop_money":{"amount":"100","currency_code":"jpy"}}}',
    ),
    ("stripe.charge", b'{"id":"ch_1","amount":1000.0,"currency":"usd"}'),
    ("commerce.order", b'{"id":"o1","currency":"USD","total":143.485}'),
    ("commerce.order", b'{"id":"o1","currency":"USD","total":143.48}'),
]


@pytest.mark.parametrize(
    ("cid", "raw"), HOSTILE, ids=[r.decode("utf-8", "replace")[:40] for _, r in HOSTILE]
)
def test_hostile_records_get_the_exact_verdict(cid: str, raw: bytes) -> None:
    fast, exact = _both(cid, raw)
    assert fast == exact


def test_a_duplicate_key_is_never_missed() -> None:
    fast, _ = _both("shopify.order", b'{"id": 1, "currency": "USD", "currency": "JPY"}')
    assert [v.rule for v in fast.violations if v.rule.startswith("json.")] == ["json.duplicate-key"]  # type: ignore[attr-defined]


def test_a_float_money_amount_is_judged_from_its_literal() -> None:
    fast, _ = _both("shopify.order", b'{"id": 1, "currency": "JPY", "total_price": 2000.50}')
    assert ("money.too-many-decimals", "/total_price") in {
        (v.rule, v.path) for v in fast.violations
    }  # type: ignore[attr-defined]


def test_every_shared_sample_gets_the_exact_verdict_under_every_contract(samples_dir: Path) -> None:
    checked = 0
    for path in sorted(samples_dir.rglob("*.json")):
        raw = path.read_bytes()
        for cid in CONTRACTS:
            fast, exact = _both(cid, raw)
            assert fast == exact, (path.name, cid)
            checked += 1
    assert checked > 300


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["USD", "JPY", "KWD", "usd", "1.50", "2000.5", "18.600", "x:y", "", "\u00e9"]),
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "currency", "total_price", "amount", "line_items", "price", "a"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def _text(doc: object, canonical: bool) -> str:
    """``doc`` as canonical (orjson's compact) text, which takes the orjson way, or spaced, which
    takes msgspec's."""
    if canonical:
        try:
            return orjson.dumps(doc).decode()
        except TypeError:  # an integer beyond 64 bits: compact, but not orjson's
            return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(doc)


@settings(max_examples=300, deadline=None)
@given(doc=_json, dup=st.booleans(), canonical=st.booleans())
def test_generated_documents_get_the_exact_verdict(doc: object, dup: bool, canonical: bool) -> None:
    raw = _text(doc, canonical)
    if dup and raw.startswith("{") and raw != "{}":
        raw = '{"currency": "EUR", ' + raw[1:]  # a duplicate when the document has a currency
    for cid in ("shopify.order", "stripe.charge", "commerce.order"):
        fast, exact = _both(cid, raw.encode())
        assert fast == exact
