"""The JSON form of the scan report."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seamguard.render.report_json import render_report_json


def _loads_exact(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def _without_decimals(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_decimals(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_layout_is_stdlib_indent_2_with_a_final_newline(report: dict[str, Any]) -> None:
    plain = _without_decimals(report)
    assert render_report_json(plain) == json.dumps(plain, indent=2, ensure_ascii=False) + "\n"


def test_keys_keep_insertion_order_not_sorted(report: dict[str, Any]) -> None:
    text = render_report_json(report)
    assert list(json.loads(text)) == list(report)
    assert text.index('"format_version"') < text.index('"as_of"') < text.index('"workspace"')


def test_round_trips_with_decimals_exact(report: dict[str, Any]) -> None:
    report["domains"][2]["evidence"]["refund_total"] = Decimal("0.1")
    report["domains"][2]["evidence"]["ledger_id"] = 12345678901234567890
    report["domains"][2]["evidence"]["huge"] = 2**80
    text = render_report_json(report)
    assert '"refund_total": 0.1,' in text
    assert '"amount_delta": 184.10,' in text  # the scale is part of the amount
    assert '"ledger_id": 12345678901234567890,' in text
    back = _loads_exact(text)
    evidence = back["domains"][2]["evidence"]
    assert evidence["refund_total"] == Decimal("0.1")
    assert str(evidence["amount_delta"]) == "184.10"
    assert evidence["ledger_id"] == 12345678901234567890
    assert evidence["huge"] == 2**80
    assert _exact(back) == _exact(report)


@pytest.mark.parametrize(
    "value", [Decimal("1E+2"), Decimal("-0.10"), Decimal("0E-8"), Decimal("1.5E-7")]
)
def test_any_finite_decimal_is_a_valid_json_number(value: Decimal) -> None:
    back = _loads_exact(render_report_json({"v": value}))["v"]
    assert back == value
    assert str(back) == str(value)


def test_non_ascii_is_written_as_is() -> None:
    assert render_report_json({"owner": "Équipe paiements ✓"}) == (
        '{\n  "owner": "Équipe paiements ✓"\n}\n'
    )


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")]
)
def test_non_finite_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"\$\.domains\[0\]\.sli"):
        render_report_json({"domains": [{"sli": value}]})


def test_non_json_values_are_refused_with_their_place() -> None:
    with pytest.raises(TypeError, match=r"\$\.flows\[1\]\.when: datetime"):
        render_report_json({"flows": [{}, {"when": datetime(2026, 12, 3)}]})
    with pytest.raises(TypeError, match="key 1 is int"):
        render_report_json({"counts": {1: 2}})
    with pytest.raises(TypeError, match="bytes"):
        render_report_json({"raw": b"\x00"})


def test_tuples_are_arrays_and_booleans_stay_booleans() -> None:
    assert json.loads(render_report_json({"t": (1, True, None, False)})) == {
        "t": [1, True, None, False]
    }


_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.text()
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_documents)
def test_any_document_reads_back_equal(document: Any) -> None:
    text = render_report_json({"v": document})
    back = json.loads(text, parse_float=Decimal)["v"]
    assert _exact(back) == _exact(document)


def _exact(value: Any) -> Any:
    """Numbers compared by exact value: a float through its shortest repr."""
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    # Decimal equality is exact whatever the context precision, and int 5 == Decimal("5.0").
    if isinstance(value, float):
        return ("num", Decimal(repr(value)))
    if isinstance(value, int | Decimal):
        return ("num", Decimal(value))
    return value
