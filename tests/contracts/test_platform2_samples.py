"""The second batch of platform starter contracts against the real payloads.

``shopify.product``, ``stripe.payment_intent``, ``woocommerce.order``, ``woocommerce.refund``,
``bigcommerce.webhook``, ``commercetools.order`` and ``commercetools.message``, with the same
two kinds of case tables as ``test_platform_samples.py`` (whose helpers this module reuses):

* ``platform2_clean.yaml`` - every real sample these contracts must accept, unchanged, with no
  violation at all;
* ``platform2_mutations.yaml`` - a real sample with a targeted change, and exactly the
  ``(rule, path)`` findings it must give, compared as a multiset.

Beyond the cases: every file under the shared samples (all platforms) must be accepted by some
clean case of either table, so a sample nobody wrote a contract for fails here; and every money
field a contract types must have a money rule, or be listed below with the reason it cannot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from seamguard.adapters.contract_yaml import starter_contract, starter_ids
from seamguard.core import pointer as jp
from seamguard.core.contract import thaw
from seamguard.core.schema_paths import declares
from seamguard.core.validation.engine import compile_contract
from tests.contracts.test_platform_samples import CLEAN as PLATFORM_CLEAN
from tests.contracts.test_platform_samples import PLATFORM_CONTRACTS, _check, _load_cases, _shown

PLATFORM2_CONTRACTS = (
    "bigcommerce.webhook",
    "commercetools.message",
    "commercetools.order",
    "shopify.product",
    "stripe.payment_intent",
    "woocommerce.order",
    "woocommerce.refund",
)

PLATFORM_PREFIXES = ("bigcommerce.", "commercetools.", "shopify.", "stripe.", "woocommerce.")

CLEAN = _load_cases("platform2_clean.yaml")
MUTATIONS = _load_cases("platform2_mutations.yaml")

# Schema definitions that type a money amount (a decimal string, or an integer count of minor
# units); every instance path that reaches one needs a money rule.
MONEY_DEFS = frozenset(
    {
        "money",
        "money_or_null",
        "money_unrounded",
        "minor_amount",
        "minor_amount_or_null",
        "cent_amount",
    }
)

# Money fields deliberately left without a money rule, and why. A new one must be added here
# on purpose (and said in the contract's description), never by forgetting a rule.
UNCHECKED_MONEY = {
    # The shop currency is not in the product payload; workspaces pin it in their copy.
    ("shopify.product", "/variants/*/price"): "no currency in the payload",
    ("shopify.product", "/variants/*/compare_at_price"): "no currency in the payload",
    # The parent order's currency is not in the refund payload.
    ("woocommerce.refund", "/amount"): "no currency in the payload",
    ("woocommerce.refund", "/line_items/*/subtotal"): "no currency in the payload",
    ("woocommerce.refund", "/line_items/*/subtotal_tax"): "no currency in the payload",
    ("woocommerce.refund", "/line_items/*/total"): "no currency in the payload",
    ("woocommerce.refund", "/line_items/*/total_tax"): "no currency in the payload",
    ("woocommerce.refund", "/line_items/*/taxes/*/total"): "no currency in the payload",
    ("woocommerce.refund", "/line_items/*/taxes/*/subtotal"): "no currency in the payload",
    # Passed through as stored by the REST controller, unrounded when tax rounds at subtotal.
    ("woocommerce.order", "/line_items/*/taxes/*/total"): "unrounded as stored",
    ("woocommerce.order", "/line_items/*/taxes/*/subtotal"): "unrounded as stored",
    ("woocommerce.order", "/shipping_lines/*/taxes/*/total"): "unrounded as stored",
    ("woocommerce.order", "/shipping_lines/*/taxes/*/subtotal"): "unrounded as stored",
    ("woocommerce.order", "/fee_lines/*/taxes/*/total"): "unrounded as stored",
    ("woocommerce.order", "/fee_lines/*/taxes/*/subtotal"): "unrounded as stored",
    ("woocommerce.order", "/coupon_lines/*/discount"): "unrounded as stored",
    ("woocommerce.order", "/coupon_lines/*/discount_tax"): "unrounded as stored",
}

# Top-level files of the shared samples folder that are documentation, not payloads.
SAMPLE_DOCS = frozenset({"README.md"})


# 1. Every real sample is accepted as it is. ----------------------------------------------------


@pytest.mark.parametrize("case", CLEAN, ids=[c["title"] for c in CLEAN])
def test_real_sample_is_clean(case: dict[str, Any], samples_dir: Path) -> None:
    verdict = _check(samples_dir, case["input"])
    assert verdict.valid and verdict.violations == (), (
        f"{case['input']['sample']} under {case['input']['contract']}:\n{_shown(verdict)}"
    )


def test_every_shared_sample_is_covered_by_a_clean_case(samples_dir: Path) -> None:
    """A payload added to the shared samples without a contract that accepts it fails here."""
    on_disk = {
        p.relative_to(samples_dir).as_posix()
        for p in samples_dir.rglob("*")
        if p.is_file() and p.relative_to(samples_dir).as_posix() not in SAMPLE_DOCS
    }
    covered = {c["input"]["sample"] for c in (*PLATFORM_CLEAN, *CLEAN)}
    assert len(on_disk) >= 26
    assert sorted(on_disk - covered) == [], "shared samples no clean case checks"
    assert sorted(covered - on_disk) == [], "clean cases naming samples that do not exist"


def test_clean_cases_cover_every_new_platform_contract() -> None:
    assert {c["input"]["contract"] for c in CLEAN} == set(PLATFORM2_CONTRACTS)


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


def test_mutations_exercise_every_new_platform_contract() -> None:
    assert {c["input"]["contract"] for c in MUTATIONS} == set(PLATFORM2_CONTRACTS)


# 3. The bundled files load, compile and say only what their schema declares. -------------------


def test_bundled_platform_contracts_are_exactly_both_batches() -> None:
    bundled = {i for i in starter_ids() if i.startswith(PLATFORM_PREFIXES)}
    assert bundled == set(PLATFORM_CONTRACTS) | set(PLATFORM2_CONTRACTS)


@pytest.mark.parametrize("contract_id", PLATFORM2_CONTRACTS)
def test_platform_contract_loads_and_compiles(contract_id: str) -> None:
    contract = starter_contract(contract_id)
    assert contract.id == contract_id
    assert contract.platform and contract.description
    assert contract.schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    compile_contract(contract)


@pytest.mark.parametrize("contract_id", PLATFORM2_CONTRACTS)
def test_every_pointer_the_contract_names_is_declared(contract_id: str) -> None:
    """Consumer reads, rule operands and personal-data paths all name typed fields (what
    ``seamguard lint`` checks, so the starter library lints without a warning)."""
    contract = starter_contract(contract_id)
    schema = thaw(contract.schema)
    pointers = {r for c in contract.consumers for r in c.reads} | set(contract.personal_data)
    for rule in contract.rules:
        pointers.update(v for k, v in rule.params.items() if k in ("amount", "currency"))
    assert sorted(p for p in pointers if not declares(schema, p)) == []


def _money_paths(
    node: Any, root: Mapping[str, Any], at: tuple[str, ...], seen: frozenset[str]
) -> Iterator[str]:
    """Every instance path (``*`` for array items) whose schema is one of :data:`MONEY_DEFS`."""
    if not isinstance(node, Mapping):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in seen:
        name = ref[len("#/$defs/") :]
        if name in MONEY_DEFS:
            yield jp.join(at)
            return
        yield from _money_paths(root["$defs"][name], root, at, seen | {ref})
    for key, sub in (node.get("properties") or {}).items():
        yield from _money_paths(sub, root, (*at, key), seen)
    yield from _money_paths(node.get("items"), root, (*at, jp.WILDCARD), seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key) or ():
            yield from _money_paths(sub, root, at, seen)


@pytest.mark.parametrize("contract_id", PLATFORM2_CONTRACTS)
def test_every_money_field_has_a_money_rule(contract_id: str) -> None:
    contract = starter_contract(contract_id)
    schema = thaw(contract.schema)
    fields = set(_money_paths(schema, schema, (), frozenset()))
    ruled = {r.params["amount"] for r in contract.rules if r.kind == "money"}
    exempt = {path for (cid, path) in UNCHECKED_MONEY if cid == contract_id}
    assert sorted(fields - ruled - exempt) == [], "money fields without a money rule"
    assert sorted(ruled - fields) == [], "money rules on fields not typed as money"
    assert sorted(exempt - fields) == [], "exemptions for fields that are not money fields"
    assert sorted(exempt & ruled) == [], "exempted fields that have a rule after all"
