"""Semantic rule kinds: one module each, registered here (their parameters are declared in
:data:`seamguard.core.contract.RULE_KINDS`; docs/rules-semantic.md describes every one).

A rule kind module exposes ``KIND`` (its name in contract files) and
``compile_rule(spec, ctx)``. Document kinds (:data:`COMPILERS`) compile to a
:class:`~seamguard.core.validation.rules.base.RuleCheck`, a pure function from one document to
its violations. Batch kinds (:data:`BATCH_COMPILERS`) need state across the records of a run and
compile to a :class:`~seamguard.core.validation.rules.base.BatchRule`. Findings are
``<kind>.<finding>`` with the kind in kebab case (``same-currency.mixed``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet

from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules import (
    cel,
    consumer_profile,
    cumulative,
    identifier,
    money,
    provider_amount,
    same_currency,
    unique,
)
from seamguard.core.validation.rules import (
    sum as sum_,
)
from seamguard.core.validation.rules.base import (
    BatchFinding,
    BatchRule,
    BatchSession,
    BatchState,
    RuleCheck,
    RuleContext,
)

__all__ = [
    "BATCH_COMPILERS",
    "COMPILERS",
    "BatchFinding",
    "BatchRule",
    "BatchSession",
    "BatchState",
    "RuleCheck",
    "RuleContext",
    "compile_rules",
]

COMPILERS: dict[str, Callable[[RuleSpec, RuleContext], RuleCheck]] = {
    money.KIND: money.compile_rule,
    sum_.KIND: sum_.compile_rule,
    cel.KIND: cel.compile_rule,
    same_currency.KIND: same_currency.compile_rule,
    provider_amount.KIND: provider_amount.compile_rule,
    consumer_profile.KIND: consumer_profile.compile_rule,
    identifier.KIND: identifier.compile_rule,
}

BATCH_COMPILERS: dict[str, Callable[[RuleSpec, RuleContext], BatchRule]] = {
    unique.KIND: unique.compile_rule,
    cumulative.KIND: cumulative.compile_rule,
}


def compile_rules(
    specs: Sequence[RuleSpec], *, skip: AbstractSet[int] = frozenset()
) -> tuple[tuple[RuleCheck, ...], tuple[BatchRule, ...]]:
    """Compile a contract's rules, in declaration order: (document checks, batch rules).
    ``skip`` holds indexes of rules checked some other way (they still inform the others, as
    ``same_currency`` reads the money rules' currency pointers).

    A rule that cannot compile raises ContractError at its own pointer in the contract.
    """
    ctx = RuleContext(rules=tuple(specs))
    checks: list[RuleCheck] = []
    batch: list[BatchRule] = []
    kept = [spec for n, spec in enumerate(specs) if n not in skip]
    money_specs = [spec for spec in kept if spec.kind == money.KIND]
    for spec in kept:
        if spec.kind in BATCH_COMPILERS:
            batch.append(BATCH_COMPILERS[spec.kind](spec, ctx))
        elif spec.kind != money.KIND:
            checks.append(COMPILERS[spec.kind](spec, ctx))
    if money_specs:
        # One shared pass for every money rule (see money.compile_group): a record runs them
        # all, and the common case is decided without Decimals or pointers.
        checks.insert(0, money.compile_group(money_specs, ctx))
    return tuple(checks), tuple(batch)
