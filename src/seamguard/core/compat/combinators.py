"""Combinators: ``anyOf``/``oneOf`` on either side, ``not``, ``if``/``then``/``else``, and
``$ref``s that leave the document.

Soundness. In SUB, ``anyOf``/``oneOf`` is distributed (:func:`distribute`): SUB is the union of
its alternatives, each taken with the rest of the conjunction (and, for ``oneOf``, with the
negation of the other branches), and each must fit SUP. In SUP (:func:`compare`), SUB fits
``anyOf`` when it is included in one branch, or when SUB restricted to each of its instance
kinds is included in some branch; otherwise the pair with the likeliest branch is linked (so its
own changes explain why) or a ``branch`` delta is reported. ``oneOf`` is fitted the same way and
SUB must also be provably disjoint from every branch it was not matched to (:func:`disjoint`: no
common kind, a ``not`` excluding it, or a required member whose allowed values do not meet),
else the change is undecidable. A SUP ``not`` holds only for a SUB provably disjoint from the
negated schema; a SUP ``if`` only when SUB fits both ``then`` and ``else``, or SUB has an
equivalent ``if`` and its ``then``/``else`` are compared with SUP's; otherwise undecidable. A
``$ref`` to another document (never fetched) holds only when SUB has one to the same absolute
URI, else undecidable; a *dangling* one (into this document, naming nothing) is undecidable on
either side whatever the other says, since no validator accepts the schema at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamguard.core.compat.conjunction import Conj, allowed, kinds
from seamguard.core.compat.members import Members
from seamguard.core.compat.model import Direction
from seamguard.core.compat.normalize import Node

if TYPE_CHECKING:
    from seamguard.core.compat.walk import Entry, Key, Walker

# SUP keywords that make the combinator checks necessary.
APPLICATORS = frozenset({"anyOf", "oneOf", "not", "if", "$ref"})


def distribute(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, node: Node, kw: str
) -> None:
    """SUB is the union of its alternatives: each must fit SUP."""
    branches: tuple[Node, ...] = node.kw[kw]
    rest = (*(n for n in sub if n is not node), w.forest.without(node, kw))
    for i, branch in enumerate(branches):
        parts: list[Node] = [branch]
        if kw == "oneOf" and len(branches) > 1:
            others = tuple(b for k, b in enumerate(branches) if k != i)
            parts.append(w.forest.not_node(others, node.pointer))
        w.link(e, "", w.later(w.extend(rest, parts), sup, d))


def compare(
    w: Walker, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    unresolved = {n.unresolved_uri for n in sub} - {None}
    for node in sup:
        for kw in ("anyOf", "oneOf"):
            if node.kw.get(kw):
                _branches(w, e, sub, node, kw, d, sk, pk)
        if "not" in node.kw:
            _not(w, e, sub, node, d, sk, pk)
        if "if" in node.kw and ("then" in node.kw or "else" in node.kw):
            _if(w, e, sub, node, d, sk, pk)
        ref = node.unresolved_ref
        if ref is None:
            continue
        dangling = node.dangling_ref is not None
        if dangling or node.unresolved_uri not in unresolved:
            mine = next((n for n in sub if n.unresolved_ref is not None), None)
            w.delta(
                e,
                d,
                "$ref",
                "",
                mine.kw["$ref"] if mine is not None else None,
                ref,
                mine.at("$ref") if mine is not None else None,
                node.at("$ref"),
                sk,
                pk,
                side=w.side(d, True),
                undecidable=True,
                detail="dangling" if dangling else "external",
            )


def dangling(
    w: Walker, e: Entry, sub: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    """A dangling ``$ref`` in SUB: no validator accepts SUB at all, so nothing is known of
    which instances it admits, whatever SUP says (the SUP side is :func:`compare`'s)."""
    for node in sub:
        ref = node.dangling_ref if "$ref" in node.kw else None
        if ref is not None:
            w.delta(
                e,
                d,
                "$ref",
                "",
                ref,
                None,
                node.at("$ref"),
                None,
                sk,
                pk,
                side=w.side(d, False),
                undecidable=True,
                detail="dangling",
            )


def _branches(
    w: Walker,
    e: Entry,
    sub: Conj,
    node: Node,
    kw: str,
    d: Direction,
    sk: frozenset[str],
    pk: frozenset[str],
) -> None:
    branches: tuple[Node, ...] = node.kw[kw]
    chosen: list[tuple[int, Key]] = []
    partner = _partner(w, sub, branches, sk)
    order = list(range(len(branches)))
    if partner is not None:
        order.remove(partner)
        order.insert(0, partner)
    for j in order:
        key = w.check(sub, w.conj([branches[j]]), d)
        if w.verdict(key)[0]:
            chosen = [(j, key)]
            break
    if not chosen and len(sk) > 1:
        split: list[tuple[int, Key]] = []
        for k in sorted(sk):
            part = w.extend(sub, [w.forest.kinds_node(frozenset({k}), sub[0].pointer)])
            hit = None
            for j, branch in enumerate(branches):
                key = w.check(part, w.conj([branch]), d)
                if w.verdict(key)[0]:
                    hit = (j, key)
                    break
            if hit is None:
                split = []
                break
            split.append(hit)
        chosen = split
    if not chosen:
        if partner is not None:
            w.link(e, "", w.later(sub, w.conj([branches[partner]]), d))
            return
        origin = next((n for n in sub if n.branch_of is not None), sub[0])
        w.delta(
            e,
            d,
            "branch",
            "",
            None,
            None,
            origin.pointer,
            node.at(kw),
            sk,
            pk,
            name=kw,
            side=w.side(d, False),
            holds=False,
        )
        return
    for j, key in chosen:
        w.link(e, "", key, quiet=j != partner)
    if kw != "oneOf":
        return
    used = {j for j, _ in chosen}
    for other, branch in enumerate(branches):
        if other in used or disjoint(w, sub, branch, d):
            continue
        w.delta(
            e,
            d,
            "exclusive",
            "",
            None,
            None,
            None,
            branch.pointer,
            sk,
            pk,
            name=str(other),
            undecidable=True,
        )
        return


def _partner(w: Walker, sub: Conj, branches: tuple[Node, ...], sk: frozenset[str]) -> int | None:
    """The branch a failing alternative most likely corresponds to (to explain why)."""
    refs = {n.kw.get("$ref") for n in sub} - {None}
    for j, branch in enumerate(branches):
        if branch.kw.get("$ref") in refs:
            return j
    origin = next((n.branch_of[1] for n in sub if n.branch_of is not None), None)
    overlapping = [j for j, b in enumerate(branches) if kinds(w.conj([b])) & sk]
    if origin is not None and origin in overlapping:
        return origin
    return overlapping[0] if len(overlapping) == 1 else None


def disjoint(w: Walker, sub: Conj, other: Node, d: Direction) -> bool:
    """Provably no instance of ``sub`` is valid under ``other``."""
    theirs = w.conj([other])
    if not kinds(sub) & kinds(theirs):
        return True
    for node in sub:
        negated = list(node.kw.get("not-all", ()))
        if "not" in node.kw:
            negated.append(node.kw["not"])
        for n in negated:
            if n.uid == other.uid:
                return True
            if w.verdict(w.check(theirs, w.conj([n]), d))[0]:
                return True
    if not (kinds(sub) & kinds(theirs)) <= {"object"}:
        return False  # `required` says nothing about non-objects: no discriminator there
    mine = Members(sub, sub=True)
    other_obj = Members(theirs, sub=True)
    required = frozenset().union(*(n.kw.get("required", ()) for n in sub))
    their_required = frozenset().union(*(n.kw.get("required", ()) for n in theirs))
    for name in sorted(required & their_required):
        a = allowed(w.conj(mine.eff(name)[0]))[0]
        b = allowed(w.conj(other_obj.eff(name)[0]))[0]
        if a is not None and b is not None and not a & b:
            return True
    return False


def _not(
    w: Walker, e: Entry, sub: Conj, node: Node, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    negated: Node = node.kw["not"]
    if disjoint(w, sub, negated, d):
        return
    mine = next((n for n in sub if "not" in n.kw), None)
    w.delta(
        e,
        d,
        "not",
        "",
        None,
        None,
        mine.at("not") if mine is not None else None,
        node.at("not"),
        sk,
        pk,
        side="both" if mine is not None else w.side(d, True),
        undecidable=True,
    )


def _if(
    w: Walker, e: Entry, sub: Conj, node: Node, d: Direction, sk: frozenset[str], pk: frozenset[str]
) -> None:
    cond: Node = node.kw["if"]
    then: Node | None = node.kw.get("then")
    other: Node | None = node.kw.get("else")
    fits_then = then is None or w.verdict(w.check(sub, w.conj([then]), d))[0]
    fits_else = other is None or w.verdict(w.check(sub, w.conj([other]), d))[0]
    if fits_then and fits_else:
        for part in (then, other):
            if part is not None:
                w.link(e, "", w.check(sub, w.conj([part]), d), quiet=True)
        return
    for mine in sub:
        mine_if = mine.kw.get("if")
        if mine_if is None or not _equivalent(w, mine_if, cond, d):
            continue
        for theirs, own in ((then, mine.kw.get("then")), (other, mine.kw.get("else"))):
            if theirs is not None:
                mine_then = w.extend(sub, [own]) if own is not None else sub
                key = w.later(mine_then, w.conj([theirs]), d)
                w.link(e, "", key, quiet=True)
        return
    mine_node = next((n for n in sub if "if" in n.kw), None)
    w.delta(
        e,
        d,
        "if",
        "",
        None,
        None,
        mine_node.at("if") if mine_node is not None else None,
        node.at("if"),
        sk,
        pk,
        side="both" if mine_node is not None else w.side(d, True),
        undecidable=True,
    )


def _equivalent(w: Walker, a: Node, b: Node, d: Direction) -> bool:
    if a.uid == b.uid:
        return True
    ca, cb = w.conj([a]), w.conj([b])
    return w.verdict(w.check(ca, cb, d))[0] and w.verdict(w.check(cb, ca, d))[0]
