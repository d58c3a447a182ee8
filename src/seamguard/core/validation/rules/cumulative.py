"""``cumulative`` (batch): running totals per key stay within their limit.

A refund handler that never summed earlier refunds recorded 30 + 100 on a 100 capture (FC-22).
Each refund is fine on its own; only the running total is wrong, so this is a batch rule: per
``key`` (e.g. the transaction id) it adds ``amount`` over the records of a run, in order, starting
from ``start`` (what was already consumed before the run, e.g. ``refunded_so_far``, read from the
first record of the key), and the record whose amount takes the total past ``limit`` gets
``cumulative.over-limit`` at its amount, with the running total, the limit and the largest
amount that would still have fitted. A record over the limit is not added: the provider refuses
it, so later records are judged against what was actually accepted.

``limit`` and ``start`` are pointers into the records, so the rule runs on records that carry
their limit — a refund that embeds its charge, or the ``{transaction, refund}`` pair a flow joins
— and the latest limit seen for a key applies (a capture can grow). Amounts of a key must share
one currency (``cumulative.currency-mismatch`` otherwise: minor units never add across
currencies); ``minor_units`` only says how amounts are written, the comparison is exact either
way. A record without a key, an amount or a limit yet is not judged; an amount that is not a
number is ``cumulative.not-a-number``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from seamguard.core.canon import ABSENT, EXACT, as_decimal, canonical_key, getter
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import code_text, num, shown, violation
from seamguard.core.validation.rules.base import BatchFinding, RuleContext
from seamguard.core.validation.verdict import Violation

KIND = "cumulative"

Getter = Callable[[Any], Any]


@dataclass
class _Group:
    total: Decimal
    limit: Decimal | None
    currency: str | None


@dataclass
class _State:
    rule: CumulativeRule
    groups: dict[tuple[str, ...], _Group] = field(default_factory=dict)

    def feed(self, record: int, doc: Any) -> Sequence[Violation]:
        rule = self.rule
        key = rule.key(doc)
        raw = rule.amount(doc)
        if key is None or raw is ABSENT or raw is None:
            return ()
        amount = as_decimal(raw)
        if amount is None:
            return (
                violation(
                    rule.spec, "not-a-number", rule.amount_path, f"{shown(raw)} is not a number"
                ),
            )
        code = rule.currency_of(doc)
        group = self.groups.get(key)
        if group is None:
            start = as_decimal(rule.baseline(doc)) if rule.baseline is not None else None
            group = self.groups[key] = _Group(start or Decimal(0), None, code)
        if code is not None and group.currency is not None and code != group.currency:
            return (
                violation(
                    rule.spec,
                    "currency-mismatch",
                    rule.currency_path or rule.amount_path,
                    f"{code} {num(amount)} cannot add to the {group.currency} total of "
                    f"{rule.shown_key(doc)}",
                ),
            )
        group.currency = group.currency or code
        limit = as_decimal(rule.limit(doc))
        if limit is not None:
            group.limit = limit
        running = EXACT.add(group.total, amount)
        if group.limit is None or running <= group.limit:
            group.total = running
            return ()
        room = max(EXACT.subtract(group.limit, group.total), Decimal(0))
        return (
            violation(
                rule.spec,
                "over-limit",
                rule.amount_path,
                f"{num(group.total)} + {num(amount)} = {num(running)} exceeds the limit "
                f"{num(group.limit)} ({rule.limit_path}) for {rule.shown_key(doc)}; the largest "
                f"amount that fits is {num(room)}",
            ),
        )

    def finish(self) -> Sequence[BatchFinding]:
        return ()


@dataclass(frozen=True)
class CumulativeRule:
    """A compiled cumulative rule (a :class:`~seamguard.core.validation.rules.base.BatchRule`)."""

    spec: RuleSpec
    key_paths: tuple[str, ...]
    key_getters: tuple[Getter, ...]
    amount_path: str
    amount: Getter
    limit_path: str
    limit: Getter
    baseline: Getter | None  # the ``start`` parameter
    currency_path: str | None
    currency: Getter | None
    currency_code: str | None

    @property
    def rule_id(self) -> str:
        return self.spec.id

    def start(self) -> _State:
        return _State(self)

    def key(self, doc: Any) -> tuple[str, ...] | None:
        parts = []
        for get in self.key_getters:
            text, _ = canonical_key(get(doc))
            if text is None:
                return None
            parts.append(text)
        return tuple(parts)

    def currency_of(self, doc: Any) -> str | None:
        if self.currency_code is not None:
            return code_text(self.currency_code)
        return code_text(self.currency(doc)) if self.currency is not None else None

    def shown_key(self, doc: Any) -> str:
        return ", ".join(
            f"{p} = {shown(g(doc))}" for p, g in zip(self.key_paths, self.key_getters, strict=True)
        )


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> CumulativeRule:
    """Compile one cumulative rule into a batch rule."""
    p = spec.params
    keys = tuple(p["key"])
    return CumulativeRule(
        spec=spec,
        key_paths=keys,
        key_getters=tuple(getter(k) for k in keys),
        amount_path=p["amount"],
        amount=getter(p["amount"]),
        limit_path=p["limit"],
        limit=getter(p["limit"]),
        baseline=getter(p["start"]) if "start" in p else None,
        currency_path=p.get("currency"),
        currency=getter(p["currency"]) if "currency" in p else None,
        currency_code=p.get("currency_code"),
    )
