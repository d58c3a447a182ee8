"""The gate rule catalog: one explicit tuple of rule modules.

Each module holds ``RULE`` (a :class:`~seamguard.core.gate.model.GateRule`) and its check. The
contract rules take a :class:`~seamguard.core.gate.subject.Subject`; the two waiver rules are
applied by :mod:`seamguard.core.gate.waivers`, which knows every finding. Gate and
compatibility rule ids share one namespace (waivers and SARIF name both), and a test keeps them
apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from seamguard.core.compat.rules import rule_infos
from seamguard.core.gate.model import Finding, GateRule
from seamguard.core.gate.rules import (
    compatibility_loosened,
    contract_added,
    contract_removed,
    contract_retired_without_deprecation,
    contract_unreadable_at_base,
    deprecated_field_removed,
    deprecation_invalid,
    deprecation_sunset_advanced,
    deprecation_unexplained,
    field_removed_before_sunset,
    field_removed_without_deprecation,
    major_bump_required,
    minor_bump_required,
    personal_data_unmarked,
    version_decreased,
    version_unchanged,
    waiver_expired,
    waiver_unused,
)
from seamguard.core.gate.subject import Subject

#: Rules over one contract, in the order their findings are reported.
CONTRACT_RULES: tuple[Callable[[Subject], Iterator[Finding]], ...] = (
    contract_added.check,
    contract_removed.check,
    contract_retired_without_deprecation.check,
    contract_unreadable_at_base.check,
    version_decreased.check,
    version_unchanged.check,
    major_bump_required.check,
    minor_bump_required.check,
    compatibility_loosened.check,
    field_removed_without_deprecation.check,
    field_removed_before_sunset.check,
    deprecated_field_removed.check,
    deprecation_unexplained.check,
    deprecation_sunset_advanced.check,
    deprecation_invalid.check,
    personal_data_unmarked.check,
)

CATALOG: tuple[GateRule, ...] = tuple(
    sorted(
        (
            compatibility_loosened.RULE,
            contract_added.RULE,
            contract_removed.RULE,
            contract_retired_without_deprecation.RULE,
            contract_unreadable_at_base.RULE,
            deprecated_field_removed.RULE,
            deprecation_invalid.RULE,
            deprecation_sunset_advanced.RULE,
            deprecation_unexplained.RULE,
            field_removed_before_sunset.RULE,
            field_removed_without_deprecation.RULE,
            major_bump_required.RULE,
            minor_bump_required.RULE,
            personal_data_unmarked.RULE,
            version_decreased.RULE,
            version_unchanged.RULE,
            waiver_expired.RULE,
            waiver_unused.RULE,
        ),
        key=lambda r: r.id,
    )
)


def gate_rules() -> tuple[GateRule, ...]:
    """Every gate rule, in id order."""
    return CATALOG


def known_rule_ids() -> frozenset[str]:
    """Every id a finding (and so a waiver) can carry: gate rules and compatibility rules."""
    return frozenset(r.id for r in CATALOG) | frozenset(r.id for r in rule_infos())
