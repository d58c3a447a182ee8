"""Pair OLD and NEW subschemas and find every keyword-level difference, one inclusion at a time.

Soundness argument (``--policy strict``). A schema is a conjunction of keyword constraints; the
walker folds ``allOf`` branches and ``$ref`` targets into one conjunction (:meth:`Walker.conj`).
To show L(SUB) ⊆ L(SUP) it is enough that every constraint of SUP holds for every instance of
SUB. For each SUP keyword the walker asks that of SUB's effective constraints: the same keyword
tighter or equal, or SUB admitting no instance of the kind the keyword applies to (``maxLength``
is vacuous when SUB admits no strings). Subschemas are compared where they apply to the same
instance locations: per property name through each side's effective subschema (``properties``,
matching ``patternProperties``, ``additionalProperties``, ``unevaluatedProperties``), per array
index, for ``contains`` and dependent schemas. ``anyOf``/``oneOf`` in SUB is distributed (SUB is
the union of its alternatives); in SUP an alternative must fit one branch, and for ``oneOf`` be
provably disjoint from the others. Whatever fails yields a delta; a rule turns it into a change
breaking the pass's direction, or an undecidable change breaking both. Recursion is handled
coinductively: a pair already on the way is assumed to hold, which is sound for finite instances
because any failure inside it is still reported from the pair's own entry.

Pairs are memoized on (direction, SUB node ids, SUP node ids): a shared ``$defs`` entry is
compared once, and its changes are reported once with every instance path that reaches it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import DIRECTIONS, Change, Direction
from seamguard.core.compat.normalize import (
    ALL_KINDS,
    ANNOTATIONS,
    NUMBER_KINDS,
    Forest,
    Node,
    canon,
    kind_of,
)
from seamguard.core.compat.rule import Context, Rule

Conj = tuple[Node, ...]
Key = tuple[str, tuple[int, ...], tuple[int, ...]]

# How many alternatives distributing anyOf/oneOf in one conjunction may produce, and how many
# instance paths one change lists, before the walker says "undecidable" / stops listing.
MAX_ALTERNATIVES = 256
MAX_PATHS = 16

_DYNAMIC = ("anyOf", "oneOf", "if", "then", "else", "dependentSchemas")

# The keywords whose presence in SUP makes a family of checks necessary: every check asks
# whether a SUP constraint holds for SUB, so a SUP without them has nothing to ask.
_STRING = frozenset({"minLength", "maxLength", "pattern", "format"})
_NUMBER = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
_ARRAY = frozenset(
    {"items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "unevaluatedItems"}
)
_OBJECT = frozenset(
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
_APPLICATORS = frozenset({"anyOf", "oneOf", "not", "if", "$ref"})


@dataclass
class Entry:
    """The result of one memoized pair: its own changes and the pairs it reached."""

    changes: list[Change] = field(default_factory=list)
    # (relative instance path, pair, quiet): a quiet link was followed only to rely on its
    # verdict, so only its breaking changes are reported (its info would be noise)
    children: list[tuple[str, Key, bool]] = field(default_factory=list)
    done: bool = False


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _matches(pattern: str, name: str) -> bool | None:
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
            out = out & frozenset(kind_of(v) for v in kw["enum"])
        if "const" in kw:
            out = out & frozenset({kind_of(kw["const"])})
    return out


def _first(conj: Conj, keyword: str) -> Node | None:
    return next((n for n in conj if keyword in n.kw), None)


def _tightest(conj: Conj, keyword: str, *, lower: bool) -> tuple[Decimal | None, Node | None]:
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
    return frozenset(v for v in values if kind_of(v) in admitted), only_const, at


def _bound(conj: Conj, *, lower: bool) -> tuple[tuple[Decimal, bool] | None, Node | None]:
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
            if best is None or _tighter(cand, best, lower=lower):
                best, at = cand, node
    return best, at


def _tighter(a: tuple[Decimal, bool], b: tuple[Decimal, bool], *, lower: bool) -> bool:
    if a[0] != b[0]:
        return a[0] > b[0] if lower else a[0] < b[0]
    return a[1] and not b[1]


def _divides(m: Decimal, n: Decimal) -> bool:
    """Whether every multiple of ``n`` is a multiple of ``m`` (exact: 0.01 divides 0.02)."""
    if m == 0:
        return False
    quotient = n / m
    return quotient == quotient.to_integral_value()


class _Obj:
    """The object keywords of one conjunction, for per-name effective subschemas."""

    def __init__(self, conj: Conj, *, sub: bool) -> None:
        self.conj = conj
        # SUB must be over-approximated, SUP may be under-approximated. unevaluatedProperties
        # is exact only without dynamic applicators; for SUB it is applied only when nothing in
        # the whole conjunction evaluates the name and nothing dynamic could, else not at all.
        self.sub = sub
        self.dynamic = any(k in n.kw for n in conj for k in _DYNAMIC)
        self.props: dict[str, list[Node]] = {}
        self.patterns: dict[str, list[Node]] = {}
        self.prop_at: dict[str, str] = {}
        self.pattern_at: dict[str, str] = {}
        self.uneval = [n for n in conj if "unevaluatedProperties" in n.kw]
        self.any = bool(self.uneval)
        for node in conj:
            for name, child in node.kw.get("properties", {}).items():
                self.props.setdefault(name, []).append(child)
                self.prop_at.setdefault(name, node.at("properties", name))
                self.any = True
            for pattern, child in node.kw.get("patternProperties", {}).items():
                self.patterns.setdefault(pattern, []).append(child)
                self.pattern_at.setdefault(pattern, node.at("patternProperties", pattern))
                self.any = True
            if "additionalProperties" in node.kw:
                self.any = True

    def eff(self, name: str) -> tuple[list[Node], bool, bool]:
        """(subschemas that apply to ``name``, declared by properties/patterns, uncertain)."""
        nodes: list[Node] = []
        declared = uncertain = False
        for node in self.conj:
            matched = False
            props = node.kw.get("properties")
            if props and name in props:
                nodes.append(props[name])
                matched = True
            for pattern, sub in node.kw.get("patternProperties", {}).items():
                hit = _matches(pattern, name)
                if hit is None:
                    uncertain = True
                elif hit:
                    nodes.append(sub)
                    matched = True
            if matched:
                declared = True
            elif "additionalProperties" in node.kw:
                nodes.append(node.kw["additionalProperties"])
        for holder in self.uneval:
            if self.sub:
                if not self.dynamic and not any(_evaluates(s, name) for s in self.conj):
                    nodes.append(holder.kw["unevaluatedProperties"])
                continue
            scope = holder.flat()
            if not any(_evaluates(s, name) for s in scope):
                nodes.append(holder.kw["unevaluatedProperties"])
                uncertain = uncertain or any(k in s.kw for s in scope for k in _DYNAMIC)
        return nodes, declared, uncertain

    def rest(self) -> tuple[list[Node], bool, str | None]:
        """(subschemas for a name nothing declares, uncertain, the keyword that decides it)."""
        nodes: list[Node] = []
        keyword: str | None = None
        uncertain = False
        for node in self.conj:
            if "additionalProperties" in node.kw:
                nodes.append(node.kw["additionalProperties"])
                keyword = keyword or "additionalProperties"
        for holder in self.uneval:
            scope = self.conj if self.sub else holder.flat()
            if self.sub and self.dynamic:
                continue
            if not any("additionalProperties" in s.kw for s in scope):
                nodes.append(holder.kw["unevaluatedProperties"])
                keyword = keyword or "unevaluatedProperties"
                uncertain = uncertain or any(k in s.kw for s in scope for k in _DYNAMIC)
        return nodes, uncertain, keyword

    def rest_at(self, keyword: str | None) -> str | None:
        if keyword is None:
            return None
        node = _first(self.conj, keyword)
        return node.at(keyword) if node is not None else None


def _evaluates(node: Node, name: str) -> bool:
    if name in node.kw.get("properties", {}) or "additionalProperties" in node.kw:
        return True
    return any(_matches(p, name) for p in node.kw.get("patternProperties", {}))


def _constrains(nodes: Iterable[Node]) -> bool:
    return any(n.constrains for n in nodes)


class Walker:
    """Compares conjunctions in one direction at a time and keeps the memo of pairs."""

    def __init__(self, forest: Forest, ctx: Context, dispatch: Mapping[str, Sequence[Rule]]):
        self.forest = forest
        self.ctx = ctx
        self.dispatch = dispatch
        self.memo: dict[Key, Entry] = {}
        self._verdicts: dict[Key, tuple[bool, bool]] = {}
        self._queue: dict[Key, tuple[Conj, Conj, Direction]] = {}

    # -- plumbing -------------------------------------------------------------------------

    def conj(self, nodes: Iterable[Node]) -> Conj:
        """The flattened, deduplicated conjunction of ``nodes`` (ordered by node id)."""
        if isinstance(nodes, list | tuple) and len(nodes) == 1:
            return nodes[0].flat()
        out: dict[int, Node] = {}
        for node in nodes:
            for part in node.flat():
                out[part.uid] = part
        return tuple(out[k] for k in sorted(out))

    def extend(self, conj: Conj, nodes: Iterable[Node]) -> Conj:
        """``conj`` (already flat: never re-flattened, it may hold a distributed node's
        remainder) with ``nodes`` flattened into it."""
        out = {n.uid: n for n in conj}
        for node in nodes:
            for part in node.flat():
                out.setdefault(part.uid, part)
        return tuple(out[k] for k in sorted(out))

    @staticmethod
    def key(sub: Conj, sup: Conj, d: Direction) -> Key:
        return (d, tuple(n.uid for n in sub), tuple(n.uid for n in sup))

    def check(self, sub: Conj, sup: Conj, d: Direction) -> Key:
        """Compare now (memoized) whether L(sub) ⊆ L(sup); returns the pair's key.

        Pairs it reaches are queued, not compared, so the Python stack stays shallow however
        deep the schema is; :meth:`verdict` and :meth:`drain` finish them.
        """
        key = self.key(sub, sup, d)
        entry = self.memo.get(key)
        if entry is None:
            entry = Entry()
            self.memo[key] = entry
            self._run(key, entry, sub, sup, d)
        elif key in self._queue:
            self._run(key, entry, sub, sup, d)
        return key

    def later(self, sub: Conj, sup: Conj, d: Direction) -> Key:
        """Queue the comparison of a pair (for a link whose verdict nobody waits for)."""
        key = self.key(sub, sup, d)
        if key not in self.memo:
            self.memo[key] = Entry()
            self._queue[key] = (sub, sup, d)
        return key

    def _run(self, key: Key, entry: Entry, sub: Conj, sup: Conj, d: Direction) -> None:
        self._queue.pop(key, None)
        self._check(entry, sub, sup, d)
        entry.done = True

    def drain(self) -> None:
        """Compare every queued pair (and what they queue in turn)."""
        while self._queue:
            key, (sub, sup, d) = next(iter(self._queue.items()))
            self._run(key, self.memo[key], sub, sup, d)

    def verdict(self, key: Key) -> tuple[bool, bool]:
        """(holds, undecidable) for a pair and everything it reached.

        A pair still being compared counts as holding (coinduction); the caller links the pair
        it relied on, so a failure found later is still reported.
        """
        cached = self._verdicts.get(key)
        if cached is not None:
            return cached
        clean = True
        seen: set[Key] = set()
        stack = [key]
        result = (True, False)
        while stack:
            k = stack.pop()
            if k in seen:
                continue
            seen.add(k)
            pending = self._queue.get(k)
            if pending is not None:
                self._run(k, self.memo[k], *pending)
            entry = self.memo[k]
            clean = clean and entry.done
            bad = next((c for c in entry.changes if c.breaks), None)
            if bad is not None:
                result = (False, bad.undecidable)
                clean = True  # a failure found stays a failure
                break
            stack.extend(child for _, child, _ in entry.children)
        if clean:
            self._verdicts[key] = result
        return result

    def link(self, entry: Entry, rel: str, key: Key, *, quiet: bool = False) -> None:
        entry.children.append((rel, key, quiet))

    def holds(
        self,
        entry: Entry,
        rel: str,
        sub: Iterable[Node],
        sup: Iterable[Node],
        d: Direction,
        *,
        flat: bool = False,
    ) -> tuple[bool, bool]:
        """Whether L(sub) ⊆ L(sup) without reporting inside; links the pair when it holds.

        ``flat``: ``sub`` is already a conjunction (do not flatten it again).
        """
        subc = tuple(sub) if flat else self.conj(sub)
        supc = self.conj(sup)
        if not kinds(subc) or not _constrains(supc):
            return True, False
        if not _constrains(subc):
            return False, False
        key = self.check(subc, supc, d)
        ok, undecidable = self.verdict(key)
        if ok:
            self.link(entry, rel, key, quiet=True)
        return ok, undecidable

    def delta(
        self,
        entry: Entry,
        d: Direction,
        kind: str,
        path: str,
        sub: Any,
        sup: Any,
        sub_at: str | None,
        sup_at: str | None,
        sub_kinds: frozenset[str],
        sup_kinds: frozenset[str],
        **extra: Any,
    ) -> None:
        """Orient a finding as OLD/NEW and let the rules for ``kind`` name it."""
        if d == "backward":
            old, new, old_at, new_at, ok, nk = sub, sup, sub_at, sup_at, sub_kinds, sup_kinds
        else:
            old, new, old_at, new_at, ok, nk = sup, sub, sup_at, sub_at, sup_kinds, sub_kinds
        found = Delta(
            kind=kind,
            direction=d,
            path=path,
            pointer=new_at if new_at is not None else (old_at or ""),
            old_pointer=old_at,
            old=old,
            new=new,
            old_kinds=ok,
            new_kinds=nk,
            **extra,
        )
        for rule in self.dispatch.get(kind, ()):
            entry.changes.extend(rule.check(found, self.ctx))

    @staticmethod
    def side(d: Direction, declared_by_sup: bool) -> str:
        """Which version ("old"/"new") declares an item only one side has."""
        sup_is_new = d == "backward"
        return "new" if declared_by_sup == sup_is_new else "old"

    # -- the comparison ---------------------------------------------------------------------

    def _check(self, e: Entry, sub: Conj, sup: Conj, d: Direction) -> None:
        sk = kinds(sub)
        if not sk:
            return
        pk = kinds(sup)
        here = sub[0].pointer if sub else ""
        there = sup[0].pointer if sup else ""
        false = next((n for n in sup if n.is_false), None)
        if false is not None:
            self.delta(e, d, "false", "", True, False, here, false.pointer, sk, pk)
            return
        dynamic = [(n, k) for n in sub for k in ("anyOf", "oneOf") if n.kw.get(k)]
        if dynamic:
            total = 1
            for node, k in dynamic:
                total *= len(node.kw[k])
            if total > MAX_ALTERNATIVES:
                self.delta(e, d, "combination", "", total, None, here, there, sk, pk)
                return
            self._distribute(e, sub, sup, d, *dynamic[0])
            return
        wants: set[str] = set()
        for node in sup:
            wants.update(node.kw)
        if "type" in wants:
            self._types(e, sub, sup, d, sk, pk)
        if "enum" in wants or "const" in wants:
            self._values(e, sub, sup, d, sk, pk)
        if "string" in sk and wants & _STRING:
            self._strings(e, sub, sup, d, sk, pk)
        if sk & NUMBER_KINDS and wants & _NUMBER:
            self._numbers(e, sub, sup, d, sk, pk)
        if "array" in sk and wants & _ARRAY:
            self._arrays(e, sub, sup, d, sk, pk)
        if "object" in sk and wants & _OBJECT:
            self._objects(e, sub, sup, d, sk, pk)
        if wants & _APPLICATORS:
            self._applicators(e, sub, sup, d, sk, pk)

    def _distribute(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, node: Node, kw: str
    ) -> None:
        """SUB is the union of its alternatives: each must fit SUP."""
        branches: tuple[Node, ...] = node.kw[kw]
        rest = (*(n for n in sub if n is not node), self.forest.without(node, kw))
        for i, branch in enumerate(branches):
            parts: list[Node] = [branch]
            if kw == "oneOf" and len(branches) > 1:
                others = tuple(b for k, b in enumerate(branches) if k != i)
                parts.append(self.forest.not_node(others, node.pointer))
            self.link(e, "", self.later(self.extend(rest, parts), sup, d))

    def _types(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        sup_type: frozenset[str] | None = None
        at: Node | None = None
        for node in sup:
            if "type" in node.kw:
                sup_type = node.kw["type"] if sup_type is None else sup_type & node.kw["type"]
                at = at or node
        if sup_type is None or sk <= sup_type:
            return
        sub_type = _first(sub, "type")
        self.delta(
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

    def _values(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
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
        extensible = any(n.kw.get("x-extensible") is True for n in new_conj)

        def at(node: Node | None) -> str | None:
            if node is None:
                return None
            return node.at("enum" if "enum" in node.kw else "const")

        old_const, new_const = (sub_const, sup_const) if d == "backward" else (sup_const, sub_const)
        self.delta(
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
            extensible=extensible,
            detail=(old_const, new_const),
        )

    def _count(
        self,
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
        sup_value, sup_node = _tightest(sup, keyword, lower=lower)
        if sup_value is None or sup_node is None:
            return
        sub_value, sub_node = _tightest(sub, keyword, lower=lower)
        if lower and sup_value <= 0:
            return
        if sub_value is not None and (sub_value >= sup_value if lower else sub_value <= sup_value):
            return
        self.delta(
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

    def _strings(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        self._count(e, sub, sup, d, "minLength", sk, pk, lower=True)
        self._count(e, sub, sup, d, "maxLength", sk, pk, lower=False)
        for keyword in ("pattern", "format"):
            sup_set = {n.kw[keyword]: n for n in sup if keyword in n.kw}
            if not sup_set:
                continue
            sub_set = {n.kw[keyword]: n for n in sub if keyword in n.kw}
            missing = sorted(set(sup_set) - set(sub_set))
            if not missing:
                continue
            sub_node = next(iter(sub_set.values()), None)
            self.delta(
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

    def _numbers(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        for lower in (True, False):
            sup_bound, sup_node = _bound(sup, lower=lower)
            if sup_bound is None or sup_node is None:
                continue
            sub_bound, sub_node = _bound(sub, lower=lower)
            if sub_bound is not None and not _tighter(sup_bound, sub_bound, lower=lower):
                continue

            def at(bound: tuple[Decimal, bool] | None, node: Node | None, lo: bool) -> str | None:
                if bound is None or node is None:
                    return None
                names = ("minimum", "exclusiveMinimum") if lo else ("maximum", "exclusiveMaximum")
                return node.at(names[1] if bound[1] else names[0])

            self.delta(
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
        integers_only = not (sk & NUMBER_KINDS) - {"integer"}
        for m, node in sup_multiples:
            if any(_divides(m, mine) for mine, _ in sub_multiples):
                continue
            if integers_only and _divides(m, Decimal(1)):
                continue
            mine_node = sub_multiples[0][1] if sub_multiples else None
            self.delta(
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

    # -- arrays -----------------------------------------------------------------------------

    @staticmethod
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

    def _arrays(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        self._count(e, sub, sup, d, "minItems", sk, pk, lower=True)
        self._count(e, sub, sup, d, "maxItems", sk, pk, lower=False)
        sub_max, _ = _tightest(sub, "maxItems", lower=False)
        limit = int(sub_max) if sub_max is not None else None
        for node in sub:
            items = node.kw.get("items")
            if isinstance(items, Node) and items.is_false:
                length = len(node.kw.get("prefixItems", ()))
                limit = length if limit is None else min(limit, length)
        unique = _first(sup, "uniqueItems")
        if unique is not None and _first(sub, "uniqueItems") is None and (limit or 2) > 1:
            self.delta(e, d, "uniqueItems", "", False, True, None, unique.at("uniqueItems"), sk, pk)
        longest = max((len(n.kw.get("prefixItems", ())) for n in (*sub, *sup)), default=0)
        for index in range(longest + 1):
            if limit is not None and limit <= index:
                break
            s_nodes, s_decl, s_at = self._item(sub, index)
            p_nodes, p_decl, p_at = self._item(sup, index)
            rel = f"/{index}" if index < longest else "/*"
            if index < longest and s_decl and p_decl:
                self.link(e, rel, self.later(self.conj(s_nodes), self.conj(p_nodes), d))
                if d == "backward":
                    self.heads(e, rel, s_nodes[0], p_nodes[0])
                continue
            if not _constrains(p_nodes):
                continue
            if index == longest and _constrains(s_nodes):
                self.link(e, rel, self.later(self.conj(s_nodes), self.conj(p_nodes), d))
                if d == "backward" and s_nodes and p_nodes:
                    self.heads(e, rel, s_nodes[0], p_nodes[0])
                continue
            ok, undecidable = self.holds(e, rel, s_nodes, p_nodes, d)
            if ok:
                continue
            kind = "prefixItems" if index < longest else "items"
            by_sup = p_decl or index == longest
            self.delta(
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
                side=self.side(d, by_sup),
                holds=False,
                undecidable=undecidable,
            )
        self._contains(e, sub, sup, d, sk, pk)
        sup_u = [n for n in sup if "unevaluatedItems" in n.kw]
        if sup_u:
            sub_u = [n for n in sub if "unevaluatedItems" in n.kw]
            same_shape = [len(n.kw.get("prefixItems", ())) for n in sub] == [
                len(n.kw.get("prefixItems", ())) for n in sup
            ]
            ok = False
            if sub_u and same_shape:
                ok, _ = self.holds(
                    e,
                    "/*",
                    [n.kw["unevaluatedItems"] for n in sub_u],
                    [n.kw["unevaluatedItems"] for n in sup_u],
                    d,
                )
            if not ok:
                self.delta(
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
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
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
                ok, _ = self.holds(e, "/*", [cand.kw["contains"]], [want], d)
                if not ok:
                    continue
                if high is not None:
                    if c_high is None or c_high > high:
                        continue
                    back, _ = self.holds(e, "/*", [want], [cand.kw["contains"]], d)
                    if not back:
                        continue
                found = True
                break
            if found:
                continue
            if len(mine) == 1:
                key = self.check(self.conj([mine[0].kw["contains"]]), self.conj([want]), d)
                ok, _ = self.verdict(key)
                if not ok:
                    self.link(e, "/*", key)
                    continue
            self.delta(
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
                side="both" if mine else self.side(d, True),
                holds=False,
            )

    # -- objects ----------------------------------------------------------------------------

    def _objects(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        self._count(e, sub, sup, d, "minProperties", sk, pk, lower=True)
        self._count(e, sub, sup, d, "maxProperties", sk, pk, lower=False)
        mine, theirs = _Obj(sub, sub=True), _Obj(sup, sub=False)
        sub_required = frozenset().union(*(n.kw.get("required", ()) for n in sub))
        for node in sup:
            for name in sorted(node.kw.get("required", frozenset()) - sub_required):
                sub_node = _first(sub, "required")
                self.delta(
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
            self._properties(e, mine, theirs, d, sk, pk)
        self._property_names(e, sub, sup, d, sk, pk)
        self._dependencies(e, sub, sup, mine, sub_required, d, sk, pk)

    def _properties(
        self,
        e: Entry,
        mine: _Obj,
        theirs: _Obj,
        d: Direction,
        sk: frozenset[str],
        pk: frozenset[str],
    ) -> None:
        lenient = not self.ctx.strict
        for name in sorted(set(mine.props) | set(theirs.props)):
            rel = "/" + jp.escape(name)
            s_nodes, s_decl, s_unc = mine.eff(name)
            p_nodes, p_decl, p_unc = theirs.eff(name)
            if s_decl and p_decl:
                self.link(e, rel, self.later(self.conj(s_nodes), self.conj(p_nodes), d))
                if d == "backward" and name in mine.props and name in theirs.props:
                    self.heads(e, rel, mine.props[name][0], theirs.props[name][0])
                continue
            by_sup = p_decl
            open_rest = not _constrains(s_nodes)
            if by_sup and lenient and open_rest:
                ok, undecidable, skipped = True, False, True
            else:
                ok, undecidable = self.holds(e, rel, s_nodes, p_nodes, d)
                undecidable = undecidable or (not ok and (s_unc or p_unc))
                skipped = False
            silent = mine.conj if by_sup else theirs.conj
            if ok and any(k in n.kw for n in silent for k in _DYNAMIC):
                continue  # the other side may declare it inside a branch: nothing to say
            self.delta(
                e,
                d,
                "property",
                rel,
                None,
                None,
                mine.prop_at.get(name),
                theirs.prop_at.get(name),
                sk,
                pk,
                name=name,
                side=self.side(d, by_sup),
                holds=ok,
                undecidable=undecidable,
                detail="lenient" if skipped else ("open" if open_rest else None),
            )
        common = sorted(set(mine.patterns) & set(theirs.patterns))
        for pattern in common:
            self.link(
                e,
                "/*",
                self.later(
                    self.conj(mine.patterns[pattern]), self.conj(theirs.patterns[pattern]), d
                ),
            )
        s_rest, s_rest_unc, s_kw = mine.rest()
        p_rest, p_rest_unc, p_kw = theirs.rest()
        s_open = not _constrains(s_rest)
        for pattern in sorted(set(theirs.patterns) - set(mine.patterns)):
            candidates: list[tuple[list[Node], bool]] = []
            if not (lenient and s_open):
                candidates.append((s_rest, bool(mine.patterns)))
            candidates.extend((nodes, True) for nodes in mine.patterns.values())
            ok, undecidable = True, False
            for nodes, overlap_unknown in candidates:
                fits, und = self.holds(e, "/*", nodes, theirs.patterns[pattern], d)
                if not fits:
                    ok = False
                    undecidable = undecidable or und or overlap_unknown
            self.delta(
                e,
                d,
                "pattern-property",
                "/*",
                None,
                None,
                None,
                theirs.pattern_at[pattern],
                sk,
                pk,
                name=pattern,
                side=self.side(d, True),
                holds=ok,
                undecidable=undecidable,
            )
        for pattern in sorted(set(mine.patterns) - set(theirs.patterns)):
            ok, undecidable = self.holds(e, "/*", mine.patterns[pattern], p_rest, d)
            undecidable = undecidable or (not ok and (bool(theirs.patterns) or p_rest_unc))
            self.delta(
                e,
                d,
                "pattern-property",
                "/*",
                None,
                None,
                mine.pattern_at[pattern],
                None,
                sk,
                pk,
                name=pattern,
                side=self.side(d, False),
                holds=ok,
                undecidable=undecidable,
            )
        if not _constrains(p_rest) or not kinds(self.conj(s_rest)):
            return
        if lenient and s_open:
            holds, undecidable, skipped = True, False, True
        else:
            holds, undecidable = self.holds(e, "/*", s_rest, p_rest, d)
            undecidable = undecidable or (not holds and (s_rest_unc or p_rest_unc))
            skipped = False
            if holds:
                return
        self.delta(
            e,
            d,
            "additional",
            "/*",
            None if s_open else self._rest_shape(s_rest),
            self._rest_shape(p_rest),
            mine.rest_at(s_kw),
            theirs.rest_at(p_kw),
            sk,
            pk,
            holds=holds,
            undecidable=undecidable,
            detail=(s_kw, p_kw, "lenient" if skipped else None),
        )

    @staticmethod
    def _rest_shape(nodes: list[Node]) -> str:
        if any(n.is_false for n in nodes):
            return "false"
        return "schema" if _constrains(nodes) else "true"

    def _property_names(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        wanted = [n.kw["propertyNames"] for n in sup if "propertyNames" in n.kw]
        if not _constrains(wanted):
            return
        string = self.forest.kinds_node(frozenset({"string"}), "")
        have = [n.kw["propertyNames"] for n in sub if "propertyNames" in n.kw]
        ok, undecidable = self.holds(e, "", [string, *have], [string, *wanted], d)
        if ok:
            return
        sub_node, sup_node = _first(sub, "propertyNames"), _first(sup, "propertyNames")
        self.delta(
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
            side="both" if have else self.side(d, True),
            holds=False,
            undecidable=undecidable,
        )

    def _dependencies(
        self,
        e: Entry,
        sub: Conj,
        sup: Conj,
        mine: _Obj,
        sub_required: frozenset[str],
        d: Direction,
        sk: frozenset[str],
        pk: frozenset[str],
    ) -> None:
        def absent(name: str) -> bool:
            nodes, _, _ = mine.eff(name)
            return not kinds(self.conj(nodes)) if nodes else False

        for node in sup:
            for name, deps in sorted(node.kw.get("dependentRequired", {}).items()):
                have: frozenset[str] = sub_required
                for n in sub:
                    have = have | n.kw.get("dependentRequired", {}).get(name, frozenset())
                missing = deps - have
                if not missing or absent(name):
                    continue
                holder = next((n for n in sub if name in n.kw.get("dependentRequired", {})), None)
                self.delta(
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
                    side="both" if holder is not None else self.side(d, True),
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
                    key = self.later(self.extend(sub, own), self.conj([schema]), d)
                    self.link(e, "", key, quiet=True)
                    continue
                ok, undecidable = self.holds(e, "", sub, [schema], d, flat=True)
                if ok:
                    continue
                self.delta(
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
                    side=self.side(d, True),
                    holds=False,
                    undecidable=undecidable,
                )

    # -- applicators in SUP -----------------------------------------------------------------

    def _applicators(
        self, e: Entry, sub: Conj, sup: Conj, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        unresolved = {n.unresolved_ref for n in sub} - {None}
        for node in sup:
            for kw in ("anyOf", "oneOf"):
                if node.kw.get(kw):
                    self._branches(e, sub, node, kw, d, sk, pk)
            if "not" in node.kw:
                self._not(e, sub, node, d, sk, pk)
            if "if" in node.kw and ("then" in node.kw or "else" in node.kw):
                self._if(e, sub, node, d, sk, pk)
            ref = node.unresolved_ref
            if ref is not None and ref not in unresolved:
                mine = next((n for n in sub if n.unresolved_ref is not None), None)
                self.delta(
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
                    undecidable=True,
                )

    def _branches(
        self,
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
        partner = self._partner(sub, branches, sk)
        order = list(range(len(branches)))
        if partner is not None:
            order.remove(partner)
            order.insert(0, partner)
        for j in order:
            key = self.check(sub, self.conj([branches[j]]), d)
            if self.verdict(key)[0]:
                chosen = [(j, key)]
                break
        if not chosen and len(sk) > 1:
            split: list[tuple[int, Key]] = []
            for k in sorted(sk):
                part = self.extend(sub, [self.forest.kinds_node(frozenset({k}), sub[0].pointer)])
                hit = None
                for j, branch in enumerate(branches):
                    key = self.check(part, self.conj([branch]), d)
                    if self.verdict(key)[0]:
                        hit = (j, key)
                        break
                if hit is None:
                    split = []
                    break
                split.append(hit)
            chosen = split
        if not chosen:
            if partner is not None:
                self.link(e, "", self.later(sub, self.conj([branches[partner]]), d))
                return
            origin = next((n for n in sub if n.branch_of is not None), sub[0])
            self.delta(
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
                side=self.side(d, False),
                holds=False,
            )
            return
        for j, key in chosen:
            self.link(e, "", key, quiet=j != partner)
        if kw != "oneOf":
            return
        used = {j for j, _ in chosen}
        for other, branch in enumerate(branches):
            if other in used or self.disjoint(sub, branch, d):
                continue
            self.delta(
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

    def _partner(self, sub: Conj, branches: tuple[Node, ...], sk: frozenset[str]) -> int | None:
        """The branch a failing alternative most likely corresponds to (to explain why)."""
        refs = {n.kw.get("$ref") for n in sub} - {None}
        for j, branch in enumerate(branches):
            if branch.kw.get("$ref") in refs:
                return j
        origin = next((n.branch_of[1] for n in sub if n.branch_of is not None), None)
        overlapping = [j for j, b in enumerate(branches) if kinds(self.conj([b])) & sk]
        if origin is not None and origin in overlapping:
            return origin
        return overlapping[0] if len(overlapping) == 1 else None

    def disjoint(self, sub: Conj, other: Node, d: Direction) -> bool:
        """Provably no instance of ``sub`` is valid under ``other``."""
        theirs = self.conj([other])
        if not kinds(sub) & kinds(theirs):
            return True
        for node in sub:
            negated = list(node.kw.get("not-all", ()))
            if "not" in node.kw:
                negated.append(node.kw["not"])
            for n in negated:
                if n.uid == other.uid:
                    return True
                if self.verdict(self.check(theirs, self.conj([n]), d))[0]:
                    return True
        if not (kinds(sub) & kinds(theirs)) <= {"object"}:
            return False  # `required` says nothing about non-objects: no discriminator there
        mine = _Obj(sub, sub=True)
        other_obj = _Obj(theirs, sub=True)
        required = frozenset().union(*(n.kw.get("required", ()) for n in sub))
        their_required = frozenset().union(*(n.kw.get("required", ()) for n in theirs))
        for name in sorted(required & their_required):
            a = allowed(self.conj(mine.eff(name)[0]))[0]
            b = allowed(self.conj(other_obj.eff(name)[0]))[0]
            if a is not None and b is not None and not a & b:
                return True
        return False

    def _not(
        self, e: Entry, sub: Conj, node: Node, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        negated: Node = node.kw["not"]
        if self.disjoint(sub, negated, d):
            return
        mine = next((n for n in sub if "not" in n.kw), None)
        self.delta(
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
            side="both" if mine is not None else self.side(d, True),
            undecidable=True,
        )

    def _if(
        self, e: Entry, sub: Conj, node: Node, d: Direction, sk: frozenset[str], pk: frozenset[str]
    ) -> None:
        cond: Node = node.kw["if"]
        then: Node | None = node.kw.get("then")
        other: Node | None = node.kw.get("else")
        fits_then = then is None or self.verdict(self.check(sub, self.conj([then]), d))[0]
        fits_else = other is None or self.verdict(self.check(sub, self.conj([other]), d))[0]
        if fits_then and fits_else:
            for part in (then, other):
                if part is not None:
                    self.link(e, "", self.check(sub, self.conj([part]), d), quiet=True)
            return
        for mine in sub:
            mine_if = mine.kw.get("if")
            if mine_if is None or not self._equivalent(mine_if, cond, d):
                continue
            for theirs, own in ((then, mine.kw.get("then")), (other, mine.kw.get("else"))):
                if theirs is not None:
                    mine_then = self.extend(sub, [own]) if own is not None else sub
                    key = self.later(mine_then, self.conj([theirs]), d)
                    self.link(e, "", key, quiet=True)
            return
        mine_node = next((n for n in sub if "if" in n.kw), None)
        self.delta(
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
            side="both" if mine_node is not None else self.side(d, True),
            undecidable=True,
        )

    def _equivalent(self, a: Node, b: Node, d: Direction) -> bool:
        if a.uid == b.uid:
            return True
        ca, cb = self.conj([a]), self.conj([b])
        return self.verdict(self.check(ca, cb, d))[0] and self.verdict(self.check(cb, ca, d))[0]

    # -- what only the declaring nodes carry (annotations, ref targets, allOf shape) ---------

    def heads(self, e: Entry, rel: str, old: Node, new: Node) -> None:
        """Compare what a pair of declaring nodes say beyond validity (backward pass only)."""
        for name in ANNOTATIONS:
            old_at, old_value = _annotation(old, name)
            new_at, new_value = _annotation(new, name)
            if old_value != new_value:
                self.delta(
                    e,
                    "backward",
                    name,
                    rel,
                    old_value,
                    new_value,
                    old_at,
                    new_at,
                    ALL_KINDS,
                    ALL_KINDS,
                )
        old_ref, new_ref = old.kw.get("$ref"), new.kw.get("$ref")
        if isinstance(old_ref, str) and isinstance(new_ref, str) and old_ref != new_ref:
            self.delta(
                e,
                "backward",
                "ref-target",
                rel,
                old_ref,
                new_ref,
                old.at("$ref"),
                new.at("$ref"),
                ALL_KINDS,
                ALL_KINDS,
            )
        old_all, new_all = old.kw.get("allOf", ()), new.kw.get("allOf", ())
        if len(old_all) != len(new_all):
            self.delta(
                e,
                "backward",
                "allOf",
                rel,
                len(old_all),
                len(new_all),
                old.at("allOf") if old_all else None,
                new.at("allOf") if new_all else None,
                ALL_KINDS,
                ALL_KINDS,
            )

    # -- results ------------------------------------------------------------------------------

    def collect(self, roots: Sequence[tuple[str, Key]]) -> list[Change]:
        """Every change reachable from ``roots``, once per schema location, with its paths.

        Breadth first, so the paths listed are the shortest; each pair is entered through at
        most ``MAX_PATHS`` instance paths, which bounds the work on recursive and much-shared
        definitions (and a recursive one has infinitely many paths anyway).
        """
        live = self._live()
        grouped: dict[tuple[str, str], list[Any]] = {}
        count: dict[Key, int] = {}
        seen: set[tuple[str, Key, bool]] = set()
        queue: deque[tuple[str, Key, bool]] = deque((p, k, False) for p, k in roots)
        while queue:
            prefix, key, quiet = queue.popleft()
            if (prefix, key, quiet) in seen or count.get(key, 0) >= MAX_PATHS:
                continue
            seen.add((prefix, key, quiet))
            count[key] = count.get(key, 0) + 1
            entry = self.memo[key]
            for change in entry.changes:
                if quiet and not change.breaks:
                    continue
                slot = (change.rule, change.pointer)
                path = prefix + change.path
                found = grouped.get(slot)
                if found is None:
                    grouped[slot] = [change, {path}, set(change.breaks), change.undecidable]
                else:
                    if found[0].old_pointer is None and change.old_pointer is not None:
                        found[0] = change
                    found[1].add(path)
                    found[2].update(change.breaks)
                    found[3] = found[3] or change.undecidable
            for rel, child, hush in entry.children:
                if child in live:
                    queue.append((prefix + rel, child, quiet or hush))
        out = []
        for change, paths, breaks, undecidable in grouped.values():
            ordered = tuple(sorted(paths))
            out.append(
                replace(
                    change,
                    path=ordered[0],
                    paths=ordered,
                    breaks=tuple(x for x in DIRECTIONS if x in breaks),
                    undecidable=undecidable,
                )
            )
        return out

    def _live(self) -> set[Key]:
        """The pairs from which some change can be reached (the others need no walking)."""
        parents: dict[Key, list[Key]] = {}
        for key, entry in self.memo.items():
            for _, child, _ in entry.children:
                parents.setdefault(child, []).append(key)
        live = {key for key, entry in self.memo.items() if entry.changes}
        stack = list(live)
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in live:
                    live.add(parent)
                    stack.append(parent)
        return live


def _annotation(node: Node, name: str) -> tuple[str | None, Any]:
    """The annotation a declaring node carries, following a bare ``$ref`` to its target."""
    seen: set[int] = set()
    current: Node | None = node
    while current is not None and current.uid not in seen:
        seen.add(current.uid)
        if name in current.kw:
            return current.at(name), current.kw[name]
        current = current.ref_target()
    return None, None


__all__ = ["Entry", "Walker", "allowed", "canon", "kinds"]
