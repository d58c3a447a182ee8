"""Whether a change reaches an instance path the engine did not list.

The engine lists at most 16 instance paths per compared definition for a change in a shared
``$defs`` entry (a recursive one reaches infinitely many). The gate must still know whether a
consumer's read or a waiver's path is among those it left out: it asks the schema which
subschemas apply at that path and whether the changed one is among them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.compat.model import Change
from seamguard.core.contract import Contract, thaw
from seamguard.core.schema_paths import subschemas_at


def _node(schema: Any, pointer: str) -> list[Any]:
    """The node at a schema pointer and its parent (a keyword's pointer names the keyword; the
    subschema holding it is one up)."""
    node = schema
    chain = [node]
    for token in jp.parse(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return [n for n in chain[-1:] if isinstance(n, dict)]
        chain.append(node)
    return [n for n in chain[-2:] if isinstance(n, dict)]


def reached(
    change: Change, head: Contract | None, base: Contract | None, paths: Iterable[str]
) -> tuple[str, ...]:
    """Those of ``paths`` (or their ancestors) at which the changed subschema applies, in NEW
    (the head) or OLD (the base)."""
    sides: list[tuple[Any, list[Any]]] = []
    for contract, pointer in ((head, change.pointer), (base, change.old_pointer or change.pointer)):
        if contract is None:
            continue
        schema = thaw(contract.schema)
        targets = _node(schema, pointer)
        if targets:
            sides.append((schema, targets))
    found: list[str] = []
    for path in dict.fromkeys(paths):
        tokens = jp.parse(path)
        hit = False
        for n in range(len(tokens), 0, -1):  # the path itself, then its ancestors
            at = jp.join(tokens[:n])
            for schema, targets in sides:
                applying = subschemas_at(schema, at)
                if any(any(t is s for s in applying) for t in targets):
                    hit = True
                    break
            if hit:
                break
        if hit:
            found.append(path)
    return tuple(found)
