"""The compatibility engine: diff two schema or contract versions into classified changes.

Two passes over the pair of schemas, one per inclusion: ``backward`` asks whether every OLD
instance is valid under NEW, ``forward`` the converse (see :mod:`.walk` for why a reported
"compatible" is sound under ``--policy strict``). The rules of the catalog name what each pass
finds; the same change seen from both sides is merged, and :func:`~.model.conclude` sets
severities for the requested mode.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from typing import Any

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.model import DIRECTIONS, Change, DiffResult, Mode, Policy, conclude
from seamguard.core.compat.normalize import ALL_KINDS, Document, Forest
from seamguard.core.compat.rule import Context
from seamguard.core.compat.rules import CATALOG, by_kind, ref_unresolved, rule_infos, type_changed
from seamguard.core.compat.walk import Entry, Key, Walker
from seamguard.core.contract import Contract, RuleSpec, thaw
from seamguard.errors import ContractError

_DISPATCH = by_kind()
_SEVERITY = {info.id: info.severity for info in rule_infos()}


def diff_schemas(
    old: Any, new: Any, *, mode: Mode = "backward", policy: Policy = "lenient"
) -> DiffResult:
    """Classify every change between two JSON Schemas (dict or bool; ``$schema`` picks the draft,
    2020-12 when absent)."""
    return conclude(
        schema_changes(old, new, policy=policy),
        mode=mode,
        policy=policy,
        default_severity=_SEVERITY,
    )


def diff_contracts(
    old: Contract, new: Contract, *, mode: Mode = "backward", policy: Policy = "lenient"
) -> DiffResult:
    """The schema diff of two contract versions plus the changes to their semantic rules."""
    changes = schema_changes(thaw(old.schema), thaw(new.schema), policy=policy)
    changes.extend(rule_changes(old.rules, new.rules, policy=policy))
    return conclude(changes, mode=mode, policy=policy, default_severity=_SEVERITY)


_GC_LOCK = threading.Lock()
_GC_STATE = {"pauses": 0, "was_enabled": False}  # diffs running with the collector paused


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a diff runs.

    A diff builds some 150,000 long-lived objects (nodes, pairs, verdicts) for a large schema
    set and frees none of them before it ends, so each full collection traverses them all again
    for nothing: a third of the run on 1,000 schemas. Reference counting still frees what can be
    freed; the collector is restored when the last concurrent diff ends (only if it was on)."""
    with _GC_LOCK:
        if _GC_STATE["pauses"] == 0:
            _GC_STATE["was_enabled"] = gc.isenabled()
            gc.disable()
        _GC_STATE["pauses"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["pauses"] -= 1
            if _GC_STATE["pauses"] == 0 and _GC_STATE["was_enabled"]:
                gc.enable()


def schema_changes(old: Any, new: Any, *, policy: Policy) -> list[Change]:
    """The unsorted, severity-less changes between two schemas (what ``diff_schemas`` concludes)."""
    with _collector_paused():
        try:
            return _schema_changes(old, new, policy=policy)
        except RecursionError:
            # the documents are within MAX_DEPTH (normalize refuses deeper ones), but chains of
            # $refs through `not`, `contains` or combinators can still outrun the stack
            raise ContractError(
                "schema nests too deeply to compare (its $ref chains go deeper than the"
                " comparison can follow)"
            ) from None


def _schema_changes(old: Any, new: Any, *, policy: Policy) -> list[Change]:
    forest = Forest()
    old_doc, new_doc = forest.document(old), forest.document(new)
    walker = Walker(forest, Context(policy=policy), _DISPATCH)
    old_root, new_root = old_doc.root, new_doc.root
    backward = walker.later(walker.conj([old_root]), walker.conj([new_root]), "backward")
    forward = walker.later(walker.conj([new_root]), walker.conj([old_root]), "forward")
    top = Entry(done=True)
    walker.heads(top, "", old_root, new_root)
    walker.drain()
    top_key: Key = ("top", (), ())
    walker.memo[top_key] = top
    changes = walker.collect([("", top_key), ("", backward), ("", forward)])
    changes.extend(_dangling(changes, (new_doc, "new"), (old_doc, "old"), ctx=walker.ctx))
    return type_changed.combine(changes)


def _dangling(changes: list[Change], *docs: tuple[Document, str], ctx: Context) -> Iterator[Change]:
    """A dangling ``$ref`` the walk never reached (the other version admits nothing there, or
    nothing that location constrains): still undecidable, since no validator accepts the schema.
    Its instance path is unknown, so it is reported at the root."""
    reported = {c.pointer for c in changes if c.rule == ref_unresolved.RULE.id}
    for doc, side in docs:
        for node in doc.dangling_refs():
            at = node.at("$ref")
            if at in reported:
                continue
            reported.add(at)
            ref = node.kw["$ref"]
            delta = Delta(
                kind="$ref",
                direction="backward",
                path="",
                pointer=at,
                old_pointer=at if side == "old" else None,
                old=ref if side == "old" else None,
                new=ref if side == "new" else None,
                old_kinds=ALL_KINDS,
                new_kinds=ALL_KINDS,
                side=side,
                undecidable=True,
                detail="dangling",
            )
            yield from ref_unresolved.check(delta, ctx)


# -- semantic rules of contracts ---------------------------------------------------------------

_CURRENCY_PARAMS = ("currency", "currency_code")
_UNITS_PARAMS = ("minor_units", "convention")


def _classify(old: RuleSpec, new: RuleSpec) -> str | None:
    """How a rule kept under the same id changed: None when it did not."""
    if old.kind != new.kind:
        return "changed"
    a, b = dict(old.params), dict(new.params)
    if a == b:
        return None
    if old.kind == "cel":
        return "cel"
    if old.kind in ("money", "sum", "provider_amount", "cumulative"):
        if any(a.get(k) != b.get(k) for k in _CURRENCY_PARAMS):
            return "currency"
        if any(a.get(k) != b.get(k) for k in _UNITS_PARAMS):
            return "minor-units"
    rest_a = {k: v for k, v in a.items() if k not in ("tolerance", "paths")}
    rest_b = {k: v for k, v in b.items() if k not in ("tolerance", "paths")}
    if rest_a == rest_b:
        if old.kind == "sum" and a.get("paths") == b.get("paths"):
            before, after = _decimal(a.get("tolerance")), _decimal(b.get("tolerance"))
            return "tightened" if after < before else "loosened"
        if old.kind == "unique" and a.get("tolerance") == b.get("tolerance"):
            before_paths, after_paths = set(a.get("paths", ())), set(b.get("paths", ()))
            if after_paths < before_paths:
                return "tightened"  # unique on fewer parts: more pairs collide
            if after_paths > before_paths:
                return "loosened"
    return "changed"


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def rule_changes(
    old: Iterable[RuleSpec], new: Iterable[RuleSpec], *, policy: Policy
) -> list[Change]:
    """Changes to the semantic rules (money, sum, cel, unique, ...) matched by rule id."""
    ctx = Context(policy=policy)
    before: Mapping[str, RuleSpec] = {r.id: r for r in old}
    after: Mapping[str, RuleSpec] = {r.id: r for r in new}
    out: list[Change] = []
    for rid in sorted(before.keys() | after.keys()):
        a, b = before.get(rid), after.get(rid)
        detail = _classify(a, b) if a is not None and b is not None else None
        if a is not None and b is not None and detail is None:
            continue
        path = _rule_path(b or a)
        declared = b if b is not None else a
        for d in DIRECTIONS:
            delta = Delta(
                kind="semantic-rule",
                direction=d,
                path=path,
                pointer=declared.pointer if declared is not None else "",
                old_pointer=a.pointer if a is not None else None,
                old=a,
                new=b,
                old_kinds=ALL_KINDS,
                new_kinds=ALL_KINDS,
                name=rid,
                detail=detail,
            )
            for rule in _DISPATCH.get("semantic-rule", ()):
                out.extend(rule.check(delta, ctx))
    merged: dict[tuple[str, str], Change] = {}
    for change in out:
        key = (change.rule, change.pointer)
        prior = merged.get(key)
        breaks = set(change.breaks) | set(prior.breaks if prior is not None else ())
        merged[key] = replace(
            prior or change,
            breaks=tuple(x for x in DIRECTIONS if x in breaks),
            undecidable=change.undecidable or (prior is not None and prior.undecidable),
            paths=(change.path,),
        )
    return list(merged.values())


def _rule_path(rule: RuleSpec | None) -> str:
    """The instance path a semantic rule is about (its amount, total or first operand)."""
    if rule is None:
        return ""
    for key in ("amount", "total", "path"):
        value = rule.params.get(key)
        if isinstance(value, str):
            return value
    for key in ("paths", "key", "currencies"):
        value = rule.params.get(key)
        if isinstance(value, tuple) and value and isinstance(value[0], str):
            return value[0]
    return ""


__all__ = ["CATALOG", "diff_contracts", "diff_schemas", "rule_changes", "schema_changes"]
