"""Object keywords: ``required``, property counts, ``properties``/``patternProperties``/
``additionalProperties``/``unevaluatedProperties``, ``propertyNames``, ``dependent*``.

Soundness: members are compared where both sides constrain the same instance member. A name
some side declares is compared through each side's effective subschema for that name
(:class:`~.members.Members`); a pattern SUP declares must hold of every SUB subschema that may
apply to a name it matches (SUB's rest and each SUB pattern, overlap being unknown); a name
nothing declares falls to each side's rest (``additionalProperties``, ``unevaluatedProperties``).
Uncertainty in the per-name computation (a pattern that does not compile, a dynamic applicator
that could evaluate the name) turns a failure into an undecidable one. ``required`` and
``dependentRequired`` in SUP must be implied by SUB's (a dependency on a member SUB forbids is
vacuous), ``propertyNames`` compares the two name schemas as string schemas, and a SUP
``dependentSchemas`` entry must be implied by SUB alone or by SUB with its own entry for the name.

Under ``--policy lenient`` a member one side declares and the other leaves open (``true``) is
reported without proving the inclusion (``detail="lenient"``); strict always proves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamguard.core import pointer as jp
from seamguard.core.compat.conjunction import Conj, constrains, first, kinds
from seamguard.core.compat.members import DYNAMIC, Members
from seamguard.core.compat.model import Direction
from seamguard.core.compat.normalize import Node
from seamguard.core.compat.scalars import count

if TYPE_CHECKING:
    from seamguard.core.compat.walk import Entry, Walker

# SUP keywords that make the object checks necessary.
OBJECT = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "required",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
    }
)


def compare(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    count(w, e, sub, sup, d, "minProperties", sk, pk, lower=True)
    count(w, e, sub, sup, d, "maxProperties", sk, pk, lower=False)
    mine, theirs = Members(sub, sub=True), Members(sup, sub=False)
    sub_required = frozenset().union(*(n.kw.get("required", ()) for n in sub))
    for node in sup:
        for name in sorted(node.kw.get("required", frozenset()) - sub_required):
            sub_node = first(sub, "required")
            w.delta(
                e,
                d,
                "required",
                "/" + jp.escape(name),
                sub_required,
                node.kw["required"],
                sub_node.at("required") if sub_node is not None else None,
                node.at("required"),
                sk,
                pk,
                name=name,
            )
    if mine.any or theirs.any:
        _properties(w, e, mine, theirs, d, sk, pk)
    _property_names(w, e, sub, sup, d, sk, pk)
    _dependencies(w, e, sub, sup, mine, sub_required, d, sk, pk)


def _properties(
    w: Walker,
    e: Entry,
    mine: Members,
    theirs: Members,
    d: Direction,
    sk: frozenset[str],
    pk: frozenset[str],
) -> None:
    lenient = not w.ctx.strict
    for name in sorted(set(mine.props) | set(theirs.props)):
        rel = "/" + jp.escape(name)
        s_nodes, s_decl, s_unc = mine.eff(name)
        p_nodes, p_decl, p_unc = theirs.eff(name)
        if s_decl and p_decl:
            w.link(e, rel, w.later(w.conj(s_nodes), w.conj(p_nodes), d))
            if d == "backward" and name in mine.props and name in theirs.props:
                w.heads(e, rel, mine.props[name][0], theirs.props[name][0])
            continue
        by_sup = p_decl
        open_rest = not constrains(s_nodes)
        if by_sup and lenient and open_rest:
            ok, undecidable, skipped = True, False, True
        else:
            ok, undecidable = w.holds(e, rel, s_nodes, p_nodes, d)
            undecidable = undecidable or (not ok and (s_unc or p_unc))
            skipped = False
        silent = mine.conj if by_sup else theirs.conj
        if ok and any(k in n.kw for n in silent for k in DYNAMIC):
            continue  # the other side may declare it inside a branch: nothing to say
        w.delta(
            e,
            d,
            "property",
            rel,
            None,
            None,
            mine.prop_at(name),
            theirs.prop_at(name),
            sk,
            pk,
            name=name,
            side=w.side(d, by_sup),
            holds=ok,
            undecidable=undecidable,
            detail="lenient" if skipped else ("open" if open_rest else None),
        )
    common = sorted(set(mine.patterns) & set(theirs.patterns))
    for pattern in common:
        w.link(
            e,
            "/*",
            w.later(w.conj(mine.patterns[pattern]), w.conj(theirs.patterns[pattern]), d),
        )
    s_rest, s_rest_unc, s_kw = mine.rest()
    p_rest, p_rest_unc, p_kw = theirs.rest()
    s_open = not constrains(s_rest)
    for pattern in sorted(set(theirs.patterns) - set(mine.patterns)):
        candidates: list[tuple[list[Node], bool]] = []
        if not (lenient and s_open):
            candidates.append((s_rest, bool(mine.patterns)))
        candidates.extend((nodes, True) for nodes in mine.patterns.values())
        ok, undecidable = True, False
        for nodes, overlap_unknown in candidates:
            fits, und = w.holds(e, "/*", nodes, theirs.patterns[pattern], d)
            if not fits:
                ok = False
                undecidable = undecidable or und or overlap_unknown
        w.delta(
            e,
            d,
            "pattern-property",
            "/*",
            None,
            None,
            None,
            theirs.pattern_at(pattern),
            sk,
            pk,
            name=pattern,
            side=w.side(d, True),
            holds=ok,
            undecidable=undecidable,
        )
    for pattern in sorted(set(mine.patterns) - set(theirs.patterns)):
        ok, undecidable = w.holds(e, "/*", mine.patterns[pattern], p_rest, d)
        undecidable = undecidable or (not ok and (bool(theirs.patterns) or p_rest_unc))
        w.delta(
            e,
            d,
            "pattern-property",
            "/*",
            None,
            None,
            mine.pattern_at(pattern),
            None,
            sk,
            pk,
            name=pattern,
            side=w.side(d, False),
            holds=ok,
            undecidable=undecidable,
        )
    if not constrains(p_rest) or not kinds(w.conj(s_rest)):
        return
    if lenient and s_open:
        holds, undecidable, skipped = True, False, True
    else:
        holds, undecidable = w.holds(e, "/*", s_rest, p_rest, d)
        undecidable = undecidable or (not holds and (s_rest_unc or p_rest_unc))
        skipped = False
        if holds:
            return
    w.delta(
        e,
        d,
        "additional",
        "/*",
        None if s_open else _rest_shape(s_rest),
        _rest_shape(p_rest),
        mine.rest_at(s_kw),
        theirs.rest_at(p_kw),
        sk,
        pk,
        holds=holds,
        undecidable=undecidable,
        detail=(s_kw, p_kw, "lenient" if skipped else None),
    )


def _rest_shape(nodes: list[Node]) -> str:
    if any(n.is_false for n in nodes):
        return "false"
    return "schema" if constrains(nodes) else "true"


def _property_names(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    wanted = [n.kw["propertyNames"] for n in sup if "propertyNames" in n.kw]
    if not constrains(wanted):
        return
    string = w.forest.kinds_node(frozenset({"string"}), "")
    have = [n.kw["propertyNames"] for n in sub if "propertyNames" in n.kw]
    ok, undecidable = w.holds(e, "", [string, *have], [string, *wanted], d)
    if ok:
        return
    sub_node, sup_node = first(sub, "propertyNames"), first(sup, "propertyNames")
    w.delta(
        e,
        d,
        "propertyNames",
        "",
        None,
        None,
        sub_node.at("propertyNames") if sub_node is not None else None,
        sup_node.at("propertyNames") if sup_node is not None else None,
        sk,
        pk,
        side="both" if have else w.side(d, True),
        holds=False,
        undecidable=undecidable,
    )


def _dependencies(
    w: Walker,
    e: Entry,
    sub: Conj,
    sup: Conj,
    mine: Members,
    sub_required: frozenset[str],
    d: Direction,
    sk: frozenset[str],
    pk: frozenset[str],
) -> None:
    def absent(name: str) -> bool:
        nodes, _, _ = mine.eff(name)
        return not kinds(w.conj(nodes)) if nodes else False

    for node in sup:
        for name, deps in sorted(node.kw.get("dependentRequired", {}).items()):
            have: frozenset[str] = sub_required
            for n in sub:
                have = have | n.kw.get("dependentRequired", {}).get(name, frozenset())
            missing = deps - have
            if not missing or absent(name):
                continue
            holder = next((n for n in sub if name in n.kw.get("dependentRequired", {})), None)
            w.delta(
                e,
                d,
                "dependentRequired",
                "/" + jp.escape(name),
                None,
                frozenset(missing),
                holder.at("dependentRequired", name) if holder is not None else None,
                node.at("dependentRequired", name),
                sk,
                pk,
                name=name,
                side="both" if holder is not None else w.side(d, True),
            )
        for name, schema in sorted(node.kw.get("dependentSchemas", {}).items()):
            if absent(name):
                continue
            own = [
                n.kw["dependentSchemas"][name]
                for n in sub
                if name in n.kw.get("dependentSchemas", {})
            ]
            if own:
                key = w.later(w.extend(sub, own), w.conj([schema]), d)
                w.link(e, "", key, quiet=True)
                continue
            ok, undecidable = w.holds(e, "", sub, [schema], d, flat=True)
            if ok:
                continue
            w.delta(
                e,
                d,
                "dependentSchemas",
                "",
                None,
                None,
                None,
                node.at("dependentSchemas", name),
                sk,
                pk,
                name=name,
                side=w.side(d, True),
                holds=False,
                undecidable=undecidable,
            )
