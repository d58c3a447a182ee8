"""What only the declaring nodes carry: annotations, ``$ref`` targets, the ``allOf`` shape and
the ``x-extensible`` mark of an enum.

None of this changes which instances are valid, so it is compared once per pair of declaring
nodes (the nodes a property, item or root is spelled with), in the backward pass only, and its
deltas are informational for the rules (``x-extensible`` matters to lenient policy only, which
JSON Schema validators ignore); soundness is not at stake here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seamguard.core.compat.conjunction import extensible
from seamguard.core.compat.normalize import ALL_KINDS, ANNOTATIONS, Node

if TYPE_CHECKING:
    from seamguard.core.compat.walk import Entry, Walker


def compare(w: Walker, e: Entry, rel: str, old: Node, new: Node) -> None:
    """Compare what a pair of declaring nodes say beyond validity (backward pass only)."""
    olds, news = _annotations(old), _annotations(new)
    if olds or news:
        for name in ANNOTATIONS:
            old_holder, old_value = olds.get(name, (None, None))
            new_holder, new_value = news.get(name, (None, None))
            if old_value != new_value:
                w.delta(
                    e,
                    "backward",
                    name,
                    rel,
                    old_value,
                    new_value,
                    old_holder.at(name) if old_holder is not None else None,
                    new_holder.at(name) if new_holder is not None else None,
                    ALL_KINDS,
                    ALL_KINDS,
                )
    old_ref, new_ref = old.kw.get("$ref"), new.kw.get("$ref")
    if isinstance(old_ref, str) and isinstance(new_ref, str) and old_ref != new_ref:
        w.delta(
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
    old_mark, new_mark = extensible(old.flat()), extensible(new.flat())
    if (old_mark is None) != (new_mark is None) and _has_enum(old) and _has_enum(new):
        w.delta(
            e,
            "backward",
            "x-extensible",
            rel,
            old_mark is not None,
            new_mark is not None,
            old_mark.at("x-extensible") if old_mark is not None else None,
            new_mark.at("x-extensible") if new_mark is not None else None,
            ALL_KINDS,
            ALL_KINDS,
        )
    old_all, new_all = old.kw.get("allOf", ()), new.kw.get("allOf", ())
    if len(old_all) != len(new_all):
        w.delta(
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


def _has_enum(node: Node) -> bool:
    return any("enum" in n.kw for n in node.flat())


def _annotations(node: Node) -> dict[str, tuple[Node, Any]]:
    """The annotations a declaring node carries, each with the node holding it: its own, else
    the first found following its ``$ref`` chain."""
    found: dict[str, tuple[Node, Any]] = {}
    seen: set[int] = set()
    current: Node | None = node
    while current is not None and current.uid not in seen:
        seen.add(current.uid)
        kw = current.kw
        for name in ANNOTATIONS:
            if name in kw and name not in found:
                found[name] = (current, kw[name])
        if len(found) == len(ANNOTATIONS):
            break
        current = current.ref_target()
    return found
