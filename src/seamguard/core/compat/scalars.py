"""Scalar keywords: ``type``, ``enum``/``const``, string and number bounds, ``format``.

Each function asks whether one family of SUP constraints holds for every instance of SUB, and
reports a delta for each that may not. Soundness: a SUP keyword is accepted only when SUB's
effective value of the same keyword is at least as tight (the tightest count or numeric bound
of the whole conjunction, the intersection of its ``type``s and listed values, a ``multipleOf``
that SUP's divides exactly) or when SUB admits no instance of the kind the keyword applies to
(the walker calls the string and number checks only when SUB admits strings / numbers). A
``pattern`` or ``format`` is accepted only when SUB carries the very same one: no regex or
format inclusion is attempted, so anything else is reported.

:func:`count` also serves the array and object count bounds (``minItems``, ``maxProperties``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from seamguard.core.compat.conjunction import (
    Conj,
    allowed,
    bound,
    divides,
    extensible,
    first,
    tighter,
    tightest,
)
from seamguard.core.compat.model import Direction
from seamguard.core.compat.normalize import INTEGRAL_KINDS, NUMBER_KINDS, Node

if TYPE_CHECKING:
    from seamguard.core.compat.walk import Entry, Walker

# SUP keywords that make the string / number checks necessary.
STRING = frozenset({"minLength", "maxLength", "pattern", "format"})
NUMBER = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})


def types(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    sup_type: frozenset[str] | None = None
    at: Node | None = None
    for node in sup:
        if "type" in node.kw:
            sup_type = node.kw["type"] if sup_type is None else sup_type & node.kw["type"]
            at = at or node
    if sup_type is None or sk <= sup_type:
        return
    sub_type = first(sub, "type")
    w.delta(
        e,
        d,
        "type",
        "",
        sk,
        sup_type,
        sub_type.at("type") if sub_type is not None else None,
        at.at("type") if at is not None else None,
        sk,
        pk,
    )


def values(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    sup_values, sup_const, sup_node = allowed(sup)
    if sup_values is None or sup_node is None:
        return
    sub_values, sub_const, sub_node = allowed(sub)
    if sub_values is None and sk <= {"null", "boolean"}:
        finite: set[Any] = {("null",)} if "null" in sk else set()
        if "boolean" in sk:
            finite |= {("boolean", True), ("boolean", False)}
        sub_values = frozenset(finite)
    if sub_values is not None and sub_values <= sup_values:
        return
    new_conj = sup if d == "backward" else sub
    marked = extensible(new_conj) is not None

    def at(node: Node | None) -> str | None:
        if node is None:
            return None
        return node.at("enum" if "enum" in node.kw else "const")

    old_const, new_const = (sub_const, sup_const) if d == "backward" else (sup_const, sub_const)
    w.delta(
        e,
        d,
        "enum",
        "",
        sub_values,
        sup_values,
        at(sub_node),
        at(sup_node),
        sk,
        pk,
        extensible=marked,
        detail=(old_const, new_const),
    )


def count(
    w: Walker,
    e: Entry,
    sub: Conj,
    sup: Conj,
    d: Direction,
    keyword: str,
    sk: frozenset[str],
    pk: frozenset[str],
    *,
    lower: bool,
) -> None:
    """A count bound (min/max Length, Items, Properties): SUP's must be implied by SUB's."""
    sup_value, sup_node = tightest(sup, keyword, lower=lower)
    if sup_value is None or sup_node is None:
        return
    sub_value, sub_node = tightest(sub, keyword, lower=lower)
    if lower and sup_value <= 0:
        return
    if sub_value is not None and (sub_value >= sup_value if lower else sub_value <= sup_value):
        return
    w.delta(
        e,
        d,
        keyword,
        "",
        sub_value,
        sup_value,
        sub_node.at(keyword) if sub_node is not None else None,
        sup_node.at(keyword),
        sk,
        pk,
    )


def strings(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    count(w, e, sub, sup, d, "minLength", sk, pk, lower=True)
    count(w, e, sub, sup, d, "maxLength", sk, pk, lower=False)
    for keyword in ("pattern", "format"):
        sup_set = {n.kw[keyword]: n for n in sup if keyword in n.kw}
        if not sup_set:
            continue
        sub_set = {n.kw[keyword]: n for n in sub if keyword in n.kw}
        missing = sorted(set(sup_set) - set(sub_set))
        if not missing:
            continue
        sub_node = next(iter(sub_set.values()), None)
        w.delta(
            e,
            d,
            keyword,
            "",
            frozenset(sub_set),
            frozenset(sup_set),
            sub_node.at(keyword) if sub_node is not None else None,
            sup_set[missing[0]].at(keyword),
            sk,
            pk,
        )


def numbers(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    for lower in (True, False):
        sup_bound, sup_node = bound(sup, lower=lower)
        if sup_bound is None or sup_node is None:
            continue
        sub_bound, sub_node = bound(sub, lower=lower)
        if sub_bound is not None and not tighter(sup_bound, sub_bound, lower=lower):
            continue

        def at(bound: tuple[Decimal, bool] | None, node: Node | None, lo: bool) -> str | None:
            if bound is None or node is None:
                return None
            names = ("minimum", "exclusiveMinimum") if lo else ("maximum", "exclusiveMaximum")
            return node.at(names[1] if bound[1] else names[0])

        w.delta(
            e,
            d,
            "lower" if lower else "upper",
            "",
            sub_bound,
            sup_bound,
            at(sub_bound, sub_node, lower),
            at(sup_bound, sup_node, lower),
            sk,
            pk,
        )
    sup_multiples = [(n.kw["multipleOf"], n) for n in sup if "multipleOf" in n.kw]
    if not sup_multiples:
        return
    sub_multiples = [(n.kw["multipleOf"], n) for n in sub if "multipleOf" in n.kw]
    integers_only = not (sk & NUMBER_KINDS) - INTEGRAL_KINDS
    for m, node in sup_multiples:
        if any(divides(m, mine) for mine, _ in sub_multiples):
            continue
        if integers_only and divides(m, Decimal(1)):
            continue
        mine_node = sub_multiples[0][1] if sub_multiples else None
        w.delta(
            e,
            d,
            "multipleOf",
            "",
            frozenset(v for v, _ in sub_multiples),
            m,
            mine_node.at("multipleOf") if mine_node is not None else None,
            node.at("multipleOf"),
            sk,
            pk,
        )
