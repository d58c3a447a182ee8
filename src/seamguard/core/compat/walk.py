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

This module is the core: pairing, the memo and its queue, verdicts, and the dispatch of one
pair to the keyword families, each of which states what it decides and why that is sound:
:mod:`.scalars` (type, enum/const, string and number bounds, format), :mod:`.arrays`,
:mod:`.objects` (with :mod:`.members` for per-name subschemas), :mod:`.combinators`
(anyOf/oneOf/not/if, unresolved ``$ref``), :mod:`.heads` (annotations, informational) and
:mod:`.paths` (the change list with its instance paths).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from seamguard.core.compat import arrays, combinators, heads, objects, paths, scalars
from seamguard.core.compat.conjunction import Conj, allowed, constrains, kinds
from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import Change, Direction
from seamguard.core.compat.normalize import NUMBER_KINDS, Forest, Node, canon
from seamguard.core.compat.rule import Context, Rule

Key = tuple[str, tuple[int, ...], tuple[int, ...]]

_SEQUENCES = (list, tuple)  # isinstance() of a union written in the call rebuilds it

# How many alternatives distributing anyOf/oneOf in one conjunction may produce before the
# walker says "undecidable".
MAX_ALTERNATIVES = 256


@dataclass(slots=True)
class Entry:
    """The result of one memoized pair: its own changes and the pairs it reached."""

    changes: list[Change] = field(default_factory=list)
    # (relative instance path, pair, quiet): a quiet link was followed only to rely on its
    # verdict, so only its breaking changes are reported (its info would be noise)
    children: list[tuple[str, Key, bool]] = field(default_factory=list)
    done: bool = False


class Walker:
    """Compares conjunctions in one direction at a time and keeps the memo of pairs."""

    def __init__(self, forest: Forest, ctx: Context, dispatch: Mapping[str, Sequence[Rule]]):
        self.forest = forest
        self.ctx = ctx
        self.dispatch = dispatch
        self.memo: dict[Key, Entry] = {}
        self._verdicts: dict[Key, tuple[bool, bool]] = {}
        self._queue: dict[Key, tuple[Conj, Conj, Direction]] = {}
        # the entry of every pair of equal leaves, which holds with nothing to report: shared,
        # since no comparison ever runs on it (and so nothing is ever added to it)
        self._holds = Entry(done=True)

    # -- plumbing -------------------------------------------------------------------------

    def conj(self, nodes: Iterable[Node]) -> Conj:
        """The flattened, deduplicated conjunction of ``nodes`` (ordered by node id)."""
        if isinstance(nodes, _SEQUENCES) and len(nodes) == 1:
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
            if _same_leaf(sub, sup):
                self.memo[key] = self._holds
                return key
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
            if _same_leaf(sub, sup):
                self.memo[key] = self._holds
            else:
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
        if not kinds(subc) or not constrains(supc):
            return True, False
        if not constrains(subc):
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
        for node in sub:
            if "$ref" in node.kw and node.dangling_ref is not None:
                combinators.dangling(self, e, sub, d, sk, pk)
                break
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
            combinators.distribute(self, e, sub, sup, d, *dynamic[0])
            return
        wants: set[str] = set()
        for node in sup:
            wants.update(node.kw)
        if "type" in wants:
            scalars.types(self, e, sub, sup, d, sk, pk)
        if "enum" in wants or "const" in wants:
            scalars.values(self, e, sub, sup, d, sk, pk)
        if "string" in sk and wants & scalars.STRING:
            scalars.strings(self, e, sub, sup, d, sk, pk)
        if sk & NUMBER_KINDS and wants & scalars.NUMBER:
            scalars.numbers(self, e, sub, sup, d, sk, pk)
        if "array" in sk and wants & arrays.ARRAY:
            arrays.compare(self, e, sub, sup, d, sk, pk)
        if "object" in sk and wants & objects.OBJECT:
            objects.compare(self, e, sub, sup, d, sk, pk)
        if wants & combinators.APPLICATORS:
            combinators.compare(self, e, sub, sup, d, sk, pk)

    def heads(self, e: Entry, rel: str, old: Node, new: Node) -> None:
        """Compare what a pair of declaring nodes say beyond validity (backward pass only)."""
        heads.compare(self, e, rel, old, new)

    def collect(self, roots: Sequence[tuple[str, Key]]) -> list[Change]:
        """Every change reachable from ``roots``, once per schema location, with its paths."""
        return paths.collect(self.memo, roots)


def _same_leaf(sub: Conj, sup: Conj) -> bool:
    """Two single leaves with equal keywords: the pair holds and no family has anything to say.

    Every family compares a SUP keyword with SUB's effective value of it, here the very same
    value: the same types and listed values, equal bounds (not tighter), the same patterns and
    formats, ``multipleOf`` dividing itself, ``required``/``dependentRequired`` implied by
    themselves; a leaf has no member, item or branch to pair. Most pairs of a large diff are
    such leaves (the unchanged scalar properties of unchanged definitions), so they are not
    compared at all.
    """
    if len(sub) != 1 or len(sup) != 1:
        return False
    a, b = sub[0], sup[0]
    return a.boolean == b.boolean and a.leaf and b.leaf and a.kw == b.kw


__all__ = ["Entry", "Walker", "allowed", "canon", "kinds"]
