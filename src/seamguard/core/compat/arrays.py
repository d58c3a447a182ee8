"""Array keywords: ``items``/``prefixItems``, ``contains``, ``uniqueItems``, ``unevaluatedItems``.

Soundness: items are compared per index where both sides apply a subschema to the same
instance position (SUB's item ``i`` against SUP's item ``i``; the tail ``/*`` past the longest
``prefixItems`` stands for every later index), and only up to the length SUB allows
(``maxItems``, or ``items: false`` after a prefix), since longer arrays are not SUB instances.
``uniqueItems`` in SUP needs it in SUB unless SUB's arrays have at most one item. A SUP
``contains`` is accepted only when some SUB ``contains`` is included in it with at least as many
required matches (and, under ``maxContains``, the two match the same items and SUB bounds them as
tightly). ``unevaluatedItems`` is accepted only between same-shaped prefixes with an included
schema; anything else is undecidable here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from seamguard.core.compat.conjunction import Conj, constrains, first, tightest
from seamguard.core.compat.model import Direction
from seamguard.core.compat.normalize import Node
from seamguard.core.compat.scalars import count

if TYPE_CHECKING:
    from seamguard.core.compat.walk import Entry, Walker

# SUP keywords that make the array checks necessary.
ARRAY = frozenset(
    {"items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "unevaluatedItems"}
)


def _item(conj: Conj, index: int) -> tuple[list[Node], bool, str | None]:
    nodes: list[Node] = []
    declared = False
    at: str | None = None
    for node in conj:
        prefix = node.kw.get("prefixItems", ())
        if index < len(prefix):
            nodes.append(prefix[index])
            declared = True
            at = at or prefix[index].pointer
        elif "items" in node.kw:
            nodes.append(node.kw["items"])
            at = at or node.at("items")
    return nodes, declared, at


def compare(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    count(w, e, sub, sup, d, "minItems", sk, pk, lower=True)
    count(w, e, sub, sup, d, "maxItems", sk, pk, lower=False)
    sub_max, _ = tightest(sub, "maxItems", lower=False)
    limit = int(sub_max) if sub_max is not None else None
    for node in sub:
        items = node.kw.get("items")
        if isinstance(items, Node) and items.is_false:
            length = len(node.kw.get("prefixItems", ()))
            limit = length if limit is None else min(limit, length)
    unique = first(sup, "uniqueItems")
    if unique is not None and first(sub, "uniqueItems") is None and (limit or 2) > 1:
        w.delta(e, d, "uniqueItems", "", False, True, None, unique.at("uniqueItems"), sk, pk)
    longest = max((len(n.kw.get("prefixItems", ())) for n in (*sub, *sup)), default=0)
    for index in range(longest + 1):
        if limit is not None and limit <= index:
            break
        s_nodes, s_decl, s_at = _item(sub, index)
        p_nodes, p_decl, p_at = _item(sup, index)
        rel = f"/{index}" if index < longest else "/*"
        if index < longest and s_decl and p_decl:
            w.link(e, rel, w.later(w.conj(s_nodes), w.conj(p_nodes), d))
            if d == "backward":
                w.heads(e, rel, s_nodes[0], p_nodes[0])
            continue
        if not constrains(p_nodes):
            continue
        if index == longest and constrains(s_nodes):
            w.link(e, rel, w.later(w.conj(s_nodes), w.conj(p_nodes), d))
            if d == "backward" and s_nodes and p_nodes:
                w.heads(e, rel, s_nodes[0], p_nodes[0])
            continue
        ok, undecidable = w.holds(e, rel, s_nodes, p_nodes, d)
        if ok:
            continue
        kind = "prefixItems" if index < longest else "items"
        by_sup = p_decl or index == longest
        w.delta(
            e,
            d,
            kind,
            rel,
            None,
            None,
            s_at,
            p_at,
            sk,
            pk,
            name=str(index),
            side=w.side(d, by_sup),
            holds=False,
            undecidable=undecidable,
        )
    _contains(w, e, sub, sup, d, sk, pk)
    sup_u = [n for n in sup if "unevaluatedItems" in n.kw]
    if sup_u:
        sub_u = [n for n in sub if "unevaluatedItems" in n.kw]
        same_shape = [len(n.kw.get("prefixItems", ())) for n in sub] == [
            len(n.kw.get("prefixItems", ())) for n in sup
        ]
        ok = False
        if sub_u and same_shape:
            ok, _ = w.holds(
                e,
                "/*",
                [n.kw["unevaluatedItems"] for n in sub_u],
                [n.kw["unevaluatedItems"] for n in sup_u],
                d,
            )
        if not ok:
            w.delta(
                e,
                d,
                "unevaluatedItems",
                "/*",
                None,
                None,
                sub_u[0].at("unevaluatedItems") if sub_u else None,
                sup_u[0].at("unevaluatedItems"),
                sk,
                pk,
                undecidable=True,
            )


def _contains(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    for node in sup:
        want = node.kw.get("contains")
        if want is None:
            continue
        low = node.kw.get("minContains", Decimal(1))
        high = node.kw.get("maxContains")
        if low <= 0 and high is None:
            continue
        mine = [n for n in sub if "contains" in n.kw]
        found = False
        for cand in mine:
            c_low = cand.kw.get("minContains", Decimal(1))
            c_high = cand.kw.get("maxContains")
            if c_low < low:
                continue
            ok, _ = w.holds(e, "/*", [cand.kw["contains"]], [want], d)
            if not ok:
                continue
            if high is not None:
                if c_high is None or c_high > high:
                    continue
                back, _ = w.holds(e, "/*", [want], [cand.kw["contains"]], d)
                if not back:
                    continue
            found = True
            break
        if found:
            continue
        if len(mine) == 1:
            key = w.check(w.conj([mine[0].kw["contains"]]), w.conj([want]), d)
            ok, _ = w.verdict(key)
            if not ok:
                w.link(e, "/*", key)
                continue
        w.delta(
            e,
            d,
            "contains",
            "",
            None,
            None,
            mine[0].at("contains") if mine else None,
            node.at("contains"),
            sk,
            pk,
            side="both" if mine else w.side(d, True),
            holds=False,
        )
