"""Every generated record against its contract: clean records validate, faults fail exactly.

The contracts are the bundled ones (the canonical commerce.* and seamguard.incident, and the
platform shopify.*/stripe.* contracts), so this also pins that the generator's Shopify and
Stripe records are what those contracts accept.
"""

from __future__ import annotations

import json

import pytest

from seamguard.adapters.contract_yaml import starter_contract
from seamguard.core.simulate import Stack
from seamguard.core.simulate import topology as t
from seamguard.core.validation.engine import compile_contract


def _violations(stack: Stack, source: str) -> set[tuple[int, str, str]]:
    compiled = compile_contract(starter_contract(t.CONTRACTS[source]))
    found: set[tuple[int, str, str]] = set()
    for n, record in enumerate(stack.records(source), start=1):
        raw = json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        verdict = compiled.check_bytes(raw, record=n)
        found.update((n, v.rule, v.path) for v in verdict.violations)
        assert verdict.valid == (not verdict.violations), (source, n, verdict.violations)
    return found


@pytest.mark.parametrize("source", t.SOURCES)
def test_records_validate_except_the_injected_faults(stack: Stack, source: str) -> None:
    expected = {
        (n, e.finding, e.paths[0])
        for e in stack.manifest.expectations()
        if e.check == "validation" and e.source == source
        for n in e.records
    }
    assert _violations(stack, source) == expected


def test_validation_faults_are_the_ones_asked_for(stack: Stack) -> None:
    found = {
        (e.source, e.finding, e.paths, e.count)
        for e in stack.manifest.expectations()
        if e.check == "validation"
    }
    m = stack.manifest
    n_status = m.fault("storefront-unknown-financial-status").count
    n_null = m.fault("oms-null-currency").count
    n_jpy = m.fault("storefront-jpy-decimals").count
    assert found == {
        (t.STOREFRONT_ORDERS, "schema.enum", ("/financial_status",), n_status),
        (t.OMS_ORDERS, "schema.type", ("/currency",), n_null),
        (t.ERP_ORDERS, "schema.type", ("/currency",), n_null),
        (t.STOREFRONT_ORDERS, "money.too-many-decimals", ("/total_price",), n_jpy),
    }
