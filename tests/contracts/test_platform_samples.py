"""The platform starter contracts (``shopify.*``, ``stripe.*``) against the real payloads.

Two case tables under ``tests/cases/samples/``:

* ``platform_clean.yaml`` - every real sample a contract must accept, unchanged, with no
  violation at all (for composed Stripe events also their ``data.object`` under the resource's
  contract);
* ``platform_mutations.yaml`` - a real sample with a targeted change, and exactly the findings
  it must give: ``(rule, path)`` pairs compared as a multiset, so an extra or a repeated
  finding fails as surely as a missing one.

The samples are read from ``../shared/samples`` at run time through the ``samples_dir``
fixture and never copied into the project. A case that checks a sample unchanged hands the
file's own bytes to the engine; a case that selects or mutates parses it exactly (numbers as
written), edits it, and writes it back as JSON text, so every case goes through
``check_bytes`` like a record at runtime. YAML floats in the tables load as exact Decimals.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from seamguard.adapters.contract_yaml import starter_contract, starter_ids
from seamguard.core import pointer as jp
from seamguard.core.contract import thaw
from seamguard.core.jsonexact import loads_exact
from seamguard.core.validation.engine import CompiledContract, compile_contract
from seamguard.core.validation.verdict import Verdict

CASES_DIR = Path(__file__).resolve().parents[1] / "cases" / "samples"

PLATFORM_CONTRACTS = (
    "shopify.inventory_level",
    "shopify.order",
    "shopify.refund",
    "stripe.charge",
    "stripe.event",
    "stripe.refund",
)


class _ExactConstructor(SafeConstructor):
    """Safe loading with floats as exact Decimals and timestamps left as the strings written."""


_ExactConstructor.add_constructor(
    "tag:yaml.org,2002:float", lambda c, node: Decimal(c.construct_scalar(node))
)
_ExactConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node)
)


def _load_cases(name: str) -> list[dict[str, Any]]:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _ExactConstructor
    cases = yaml.load((CASES_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases, f"{name}: expected a non-empty list of cases"
    titles = [c["title"] for c in cases]
    assert len(titles) == len(set(titles)), f"{name}: case titles must be unique"
    return cases


CLEAN = _load_cases("platform_clean.yaml")
MUTATIONS = _load_cases("platform_mutations.yaml")


@cache
def _compiled(contract_id: str) -> CompiledContract:
    return compile_contract(starter_contract(contract_id))


def _dumps(value: Any) -> str:
    """JSON text that writes Decimals as the number they are (json.dumps would refuse them)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dumps(v) for v in value) + "]"
    return json.dumps(value)


def _parents(doc: Any, pointer: str) -> Iterator[tuple[Any, str]]:
    """(container, last token) for every location ``pointer`` (``*`` allowed) names in ``doc``."""
    tokens = jp.parse(pointer)
    assert tokens, "cannot replace the whole document"
    found = list(jp.resolve(doc, tokens[:-1]))
    assert found, f"{pointer}: no such parent in the sample"
    for _, parent in found:
        yield parent, tokens[-1]


def _remove(doc: Any, pointer: str) -> None:
    for parent, last in _parents(doc, pointer):
        key: Any = int(last) if isinstance(parent, list) else last
        assert (key in parent) if isinstance(parent, dict) else key < len(parent), (
            f"{pointer}: nothing to remove in the sample"
        )
        del parent[key]


def _set(doc: Any, pointer: str, value: Any) -> None:
    tokens = jp.parse(pointer)
    if tokens[-1] == jp.WILDCARD:
        targets = list(jp.resolve(doc, tokens))
        assert targets, f"{pointer}: matches nothing in the sample"
        for at, _ in targets:
            _set(doc, at, value)
        return
    for parent, last in _parents(doc, pointer):
        if isinstance(parent, list):
            parent[int(last)] = value
        else:
            parent[last] = value


def _record(samples_dir: Path, spec: Mapping[str, Any]) -> bytes:
    """The bytes to check: the sample itself, or its selected part with the case's edits."""
    raw = (samples_dir / spec["sample"]).read_bytes()
    if not any(k in spec for k in ("at", "set", "remove")):
        return raw
    doc, issues = loads_exact(raw)
    assert doc is not None and not issues, f"{spec['sample']}: {issues}"
    if "at" in spec:
        doc = jp.get(doc, spec["at"])
        assert isinstance(doc, dict), f"{spec['sample']}{spec['at']}: not an object"
    for pointer in spec.get("remove", ()):
        _remove(doc, pointer)
    for pointer, value in (spec.get("set") or {}).items():
        _set(doc, pointer, value)
    return _dumps(doc).encode("utf-8")


def _check(samples_dir: Path, spec: Mapping[str, Any]) -> Verdict:
    return _compiled(spec["contract"]).check_bytes(_record(samples_dir, spec), record=1)


def _shown(verdict: Verdict) -> str:
    return "\n".join(f"  {v.rule} at {v.path or '(root)'}: {v.message}" for v in verdict.violations)


# 1. Every real sample is accepted as it is. ----------------------------------------------------


@pytest.mark.parametrize("case", CLEAN, ids=[c["title"] for c in CLEAN])
def test_real_sample_is_clean(case: dict[str, Any], samples_dir: Path) -> None:
    verdict = _check(samples_dir, case["input"])
    assert verdict.valid and verdict.violations == (), (
        f"{case['input']['sample']} under {case['input']['contract']}:\n{_shown(verdict)}"
    )


def test_every_stripe_event_sample_is_checked_by_the_event_contract(samples_dir: Path) -> None:
    """A new event file in the shared samples is picked up, not silently left out."""
    events = set()
    for path in sorted((samples_dir / "stripe").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc.get("data"), dict) and "object" in doc["data"] and "type" in doc:
            events.add(f"stripe/{path.name}")
    covered = {
        c["input"]["sample"]
        for c in CLEAN
        if c["input"]["contract"] == "stripe.event" and "at" not in c["input"]
    }
    assert len(events) >= 6
    assert events == covered


def test_clean_cases_cover_every_platform_contract() -> None:
    assert {c["input"]["contract"] for c in CLEAN} == set(PLATFORM_CONTRACTS)


# 2. Targeted mutations give exactly the expected findings. -------------------------------------


@pytest.mark.parametrize("case", MUTATIONS, ids=[c["title"] for c in MUTATIONS])
def test_mutated_sample_gives_exactly_the_expected_findings(
    case: dict[str, Any], samples_dir: Path
) -> None:
    verdict = _check(samples_dir, case["input"])
    got = Counter((v.rule, v.path) for v in verdict.violations)
    want = Counter((e["rule"], e["path"]) for e in case["expected"])
    assert got == want, f"expected {sorted(want.elements())}, got:\n{_shown(verdict)}"
    assert verdict.valid is (not want)


# 3. The bundled files load, compile and say only what their schema declares. -------------------


def test_platform_contract_files_are_all_here() -> None:
    # The second batch (shopify.product, stripe.payment_intent, ...) is pinned by
    # test_platform2_samples, which checks the full bundled set.
    bundled = {i for i in starter_ids() if i.startswith(("shopify.", "stripe."))}
    assert set(PLATFORM_CONTRACTS) <= bundled


@pytest.mark.parametrize("contract_id", PLATFORM_CONTRACTS)
def test_platform_contract_loads_and_compiles(contract_id: str) -> None:
    contract = starter_contract(contract_id)
    assert contract.id == contract_id
    assert contract.platform and contract.description
    assert contract.schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    compile_contract(contract)


def _declares(schema: Any, root: Mapping[str, Any], tokens: tuple[str, ...]) -> bool:
    """Whether ``tokens`` (``*`` = any array item) reach a property the schema declares."""
    if not isinstance(schema, Mapping):
        return False
    ref = schema.get("$ref")
    if isinstance(ref, str):
        assert ref.startswith("#/$defs/"), f"unexpected $ref {ref}"
        return _declares(root["$defs"][ref[len("#/$defs/") :]], root, tokens)
    if not tokens:
        return True
    head, rest = tokens[0], tokens[1:]
    if head == jp.WILDCARD and _declares(schema.get("items"), root, rest):
        return True
    if head in schema.get("properties", {}) and _declares(schema["properties"][head], root, rest):
        return True
    return any(_declares(s, root, tokens) for s in schema.get("anyOf", ()))


@pytest.mark.parametrize("contract_id", PLATFORM_CONTRACTS)
def test_what_consumers_read_and_rules_use_is_declared(contract_id: str) -> None:
    """A consumer read or a rule operand the schema does not type is a contract nobody checks.

    (personal_data is exempt: a redaction path may reach into an open part of the payload.)
    """
    contract = starter_contract(contract_id)
    schema = thaw(contract.schema)
    pointers = {r for c in contract.consumers for r in c.reads}
    for rule in contract.rules:
        pointers.update(v for k, v in rule.params.items() if k in ("amount", "currency"))
    undeclared = sorted(p for p in pointers if not _declares(schema, schema, jp.parse(p)))
    assert undeclared == []
