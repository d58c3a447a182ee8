"""What a conjunction of nodes says, read without comparing it to anything.

A conjunction (:data:`Conj`) is the flattened tuple of nodes that all apply to one instance
location: a subschema with its ``$ref`` targets and ``allOf`` branches folded in. These helpers
read its effective constraints: the kinds it may admit (an over-approximation, which is the safe
side for SUB: a kind it cannot admit really is excluded), the values it lists, its tightest
bounds. The comparison modules ask these questions of both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from seamguard.core.compat.normalize import ALL_KINDS, Node, kinds_of

Conj = tuple[Node, ...]


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def matches(pattern: str, name: str) -> bool | None:
    """Whether ``pattern`` matches ``name`` (None when the pattern does not compile here)."""
    compiled = _regex(pattern)
    return None if compiled is None else compiled.search(name) is not None


def kinds(conj: Conj) -> frozenset[str]:
    """The instance kinds a conjunction may admit (an over-approximation)."""
    out = ALL_KINDS
    for node in conj:
        if node.is_false:
            return frozenset()
        kw = node.kw
        if "type" in kw:
            out = out & kw["type"]
        if "enum" in kw:
            listed: frozenset[str] = frozenset()
            for v in kw["enum"]:
                listed = listed | kinds_of(v)
            out = out & listed
        if "const" in kw:
            out = out & kinds_of(kw["const"])
    return out


def first(conj: Conj, keyword: str) -> Node | None:
    """The first node of ``conj`` carrying ``keyword``."""
    return next((n for n in conj if keyword in n.kw), None)


def tightest(conj: Conj, keyword: str, *, lower: bool) -> tuple[Decimal | None, Node | None]:
    """The tightest value of a count bound (highest ``lower``, else lowest) and its node."""
    best: Decimal | None = None
    at: Node | None = None
    for node in conj:
        value = node.kw.get(keyword)
        if value is None:
            continue
        if best is None or (value > best if lower else value < best):
            best, at = value, node
    return best, at


def allowed(conj: Conj) -> tuple[frozenset[Any] | None, bool, Node | None]:
    """The values a conjunction allows when it lists them (``enum``/``const``), else None.

    Also whether only ``const`` restricted them, and the node that did.
    """
    values: frozenset[Any] | None = None
    only_const = True
    at: Node | None = None
    for node in conj:
        kw = node.kw
        if "enum" in kw:
            values = kw["enum"] if values is None else values & kw["enum"]
            only_const = False
            at = at or node
        if "const" in kw:
            one = frozenset({kw["const"]})
            values = one if values is None else values & one
            at = node if at is None or "enum" not in at.kw else at
    if values is None:
        return None, False, None
    admitted = kinds(conj)
    return frozenset(v for v in values if kinds_of(v) & admitted), only_const, at


def bound(conj: Conj, *, lower: bool) -> tuple[tuple[Decimal, bool] | None, Node | None]:
    """The tightest numeric bound: (value, exclusive), and the node holding it."""
    plain, excl = ("minimum", "exclusiveMinimum") if lower else ("maximum", "exclusiveMaximum")
    best: tuple[Decimal, bool] | None = None
    at: Node | None = None
    for node in conj:
        for keyword, exclusive in ((plain, False), (excl, True)):
            value = node.kw.get(keyword)
            if value is None:
                continue
            cand = (value, exclusive)
            if best is None or tighter(cand, best, lower=lower):
                best, at = cand, node
    return best, at


def tighter(a: tuple[Decimal, bool], b: tuple[Decimal, bool], *, lower: bool) -> bool:
    """Whether bound ``a`` excludes more than bound ``b``."""
    if a[0] != b[0]:
        return a[0] > b[0] if lower else a[0] < b[0]
    return a[1] and not b[1]


def divides(m: Decimal, n: Decimal) -> bool:
    """Whether every multiple of ``n`` is a multiple of ``m`` (exact: 0.01 divides 0.02)."""
    if m == 0:
        return False
    quotient = n / m
    return quotient == quotient.to_integral_value()


def extensible(conj: Conj) -> Node | None:
    """The node marking the conjunction's enum ``x-extensible: true`` (a seamguard extension:
    consumers tolerate values they do not know, under lenient policy), when there is one."""
    return next((n for n in conj if n.kw.get("x-extensible") is True), None)


def constrains(nodes: Iterable[Node]) -> bool:
    """Whether any of ``nodes`` rejects some instance (``true``/``{}`` do not)."""
    return any(n.constrains for n in nodes)
