"""The reconciliation case tables: every ``tests/cases/reconcile/*.yaml`` case, asserted exactly.

A case file is a list of cases::

    - title: what the case shows
      input:
        key_from: /id              # any FlowSpec field; durations as 15m / 24h
        key_to: /order_id
        compare: [{from_path: /total, to_path: /amount, as: money, ...}]
        now: "2024-05-02T12:00:00Z"
        from: [{...}, ...]          # documents; record numbers 1, 2, ... unless
        from_numbers: [3, 1, 2]     # ... given here (to test "first = lowest number")
        to: [{...}, ...]
      expected:
        matched: 1                 # every count not listed is 0 (from_records and
        missing: 1                 # to_records default to the input lengths)
        mismatched_fields: {...}   # exact; omitted means every field 0
        latency_p50_seconds: 300   # checked when given
        discrepancies:             # each must match one finding on the attributes given
          - {kind: missing, key: A, from_record: 1}

YAML floats load as exact Decimals (the JSON readers hand the engine Decimals, never floats)
and YAML timestamps stay strings, so a case holds exactly what a source would.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from seamguard.config import parse_duration
from seamguard.core.reconcile.engine import KINDS, FlowResult, Rec, reconcile
from seamguard.core.reconcile.spec import CompareField, FlowSpec, Limit

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "reconcile"


class _ExactConstructor(SafeConstructor):
    """Safe loading with floats as exact Decimals and timestamps left as the strings written."""


_ExactConstructor.add_constructor(
    "tag:yaml.org,2002:float", lambda c, node: Decimal(c.construct_scalar(node))
)
_ExactConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node)
)


def load_yaml(path: Path) -> Any:
    yaml = YAML(typ="safe")
    yaml.Constructor = _ExactConstructor
    return yaml.load(path)


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in load_yaml(path):
            params.append(pytest.param(case, id=f"{path.stem}: {case['title']}"))
    return params


def _compare(entry: dict[str, Any]) -> CompareField:
    entry = dict(entry)
    if "as" in entry:
        entry["as_"] = entry.pop("as")
    return CompareField(**entry)


def build(case_input: dict[str, Any]) -> tuple[FlowSpec, list[Rec], list[Rec], datetime]:
    """A case's input as the engine's arguments."""
    data = dict(case_input)
    now = datetime.fromisoformat(data.pop("now"))
    docs_from, docs_to = data.pop("from", []), data.pop("to", [])
    numbers_from = data.pop("from_numbers", range(1, len(docs_from) + 1))
    numbers_to = data.pop("to_numbers", range(1, len(docs_to) + 1))
    for name in ("sla", "missing_after"):
        if name in data:
            data[name] = parse_duration(data[name], f"/{name}")
    data["compare"] = tuple(_compare(c) for c in data.get("compare", ()))
    if data.get("limit") is not None:
        data["limit"] = Limit(**data["limit"])
    data.setdefault("name", "case")
    data.setdefault("domain", "order_sync_continuity")
    data.setdefault("from_source", "from.records")
    data.setdefault("to_source", "to.records")
    spec = FlowSpec(**data)
    from_records = [Rec(n, d) for n, d in zip(numbers_from, docs_from, strict=True)]
    to_records = [Rec(n, d) for n, d in zip(numbers_to, docs_to, strict=True)]
    return spec, from_records, to_records, now


def check_invariants(result: FlowResult) -> None:
    """What holds for every result, whatever the input."""
    counts = result.counts.as_dict()
    found = result.discrepancies
    by_kind = Counter(d.kind for d in found)
    for kind in KINDS:
        if kind != "mismatched":
            assert by_kind[kind] == counts[kind], f"{kind}: findings and count disagree"
    pairs = {(d.key, d.from_record) for d in found if d.kind == "mismatched"}
    assert len(pairs) == counts["mismatched"]
    assert all(n <= counts["mismatched"] for n in result.mismatched_fields.values())
    assert counts["mismatched"] <= counts["matched"] + counts["late"]
    assert counts["latency_unknown"] <= counts["matched"]

    # Every from-record lands in exactly one class.
    def on_from(kind: str) -> int:
        return sum(1 for d in found if d.kind == kind and d.from_record is not None)

    outcomes = sum(counts[k] for k in ("matched", "late", "in_flight", "overdue", "missing"))
    from_unkeyed = on_from("unkeyed")
    from_dups = sum(1 for d in found if d.kind == "duplicated" and d.from_record is not None)
    assert counts["from_records"] == outcomes + from_unkeyed + from_dups
    to_dups = counts["duplicated"] - from_dups
    to_keys = counts["to_records"] - (counts["unkeyed"] - from_unkeyed) - to_dups
    assert counts["orphaned"] <= to_keys

    assert list(found) == sorted(found, key=lambda d: d.sort_key())
    json.dumps(result.as_dict())  # JSON-ready: no Decimal, datetime or marker leaks out


def _matches(finding: Any, wanted: dict[str, Any]) -> bool:
    return all(getattr(finding, name) == value for name, value in wanted.items())


@pytest.mark.parametrize("case", _cases())
def test_reconcile_case(case: dict[str, Any]) -> None:
    spec, from_records, to_records, now = build(case["input"])
    result = reconcile(spec, from_records, to_records, now)
    expected = dict(case["expected"])

    wanted_counts = dict.fromkeys(result.counts.as_dict(), 0)
    wanted_counts.update(from_records=len(from_records), to_records=len(to_records))
    wanted_counts.update({k: v for k, v in expected.items() if k in wanted_counts})
    assert result.counts.as_dict() == wanted_counts

    wanted_fields = dict.fromkeys((f.name for f in spec.compare), 0)
    wanted_fields.update(expected.get("mismatched_fields", {}))
    assert dict(result.mismatched_fields) == wanted_fields

    for name in ("latency_p50_seconds", "latency_p95_seconds"):
        if name in expected:
            assert getattr(result, name) == expected[name], name

    for wanted in expected.get("discrepancies", []):
        assert any(_matches(d, wanted) for d in result.discrepancies), (
            f"no finding matches {wanted}; got {[d.as_dict() for d in result.discrepancies]}"
        )

    check_invariants(result)

    # The order records arrive in never changes the answer: first means lowest record number.
    again = reconcile(spec, from_records[::-1], to_records[::-1], now)
    assert again == result


def test_case_files_exist() -> None:
    """Guard against a glob that silently finds nothing."""
    assert len(list(CASES_DIR.glob("*.yaml"))) >= 4
