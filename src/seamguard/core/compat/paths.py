"""From the memo of compared pairs to the change list: each change once, with its paths.

A change belongs to the pair (memo entry) that found it; an instance path reaches it through
the chain of links from a root pair, each link adding the relative path of the member or item
it follows. Collecting is breadth first, so the paths listed are the shortest ones.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from seamguard.core.compat.model import DIRECTIONS, Change

if TYPE_CHECKING:
    from seamguard.core.compat.walk import Entry, Key

# How many instance paths one change lists before the walker stops listing.
MAX_PATHS = 16


def collect(memo: Mapping[Key, Entry], roots: Sequence[tuple[str, Key]]) -> list[Change]:
    """Every change reachable from ``roots``, once per schema location, with its paths.

    Breadth first, so the paths listed are the shortest; each pair is entered through at
    most ``MAX_PATHS`` instance paths, which bounds the work on recursive and much-shared
    definitions (and a recursive one has infinitely many paths anyway). A change reached
    through a path left out says so (``paths_truncated``).
    """
    # Pairs are numbered once: a Key is a nest of tuples whose hash CPython recomputes on
    # every lookup, and the walk below looks pairs up tens of thousands of times.
    index = {key: i for i, key in enumerate(memo)}
    entries = list(memo.values())
    links = [[(rel, index[child], hush) for rel, child, hush in e.children] for e in entries]
    live = _live(entries, links)
    # only links to live pairs are followed: the others reach no change
    links = [[link for link in out if live[link[1]]] for out in links]
    grouped: dict[tuple[str, str], list[Any]] = {}
    count = [0] * len(entries)
    # per pair, whether some path into it was left out: loud (all its changes would have been
    # listed) or quiet (only its breaking ones)
    cut_loud = [False] * len(entries)
    cut_quiet = [False] * len(entries)
    seen: set[tuple[str, int, bool]] = set()
    queue = deque((p, index[k], False) for p, k in roots)
    pop, push, mark = queue.popleft, queue.append, seen.add

    def cut(item: tuple[str, int, bool]) -> None:
        if item not in seen:
            (cut_quiet if item[2] else cut_loud)[item[1]] = True

    while queue:
        item = pop()
        prefix, at, quiet = item
        # a pair's count only grows, so a full pair is skipped when queued too (below)
        if count[at] >= MAX_PATHS:
            cut(item)
            continue
        size = len(seen)
        mark(item)
        if len(seen) == size:
            continue  # entered through this path already
        count[at] += 1
        for change in entries[at].changes:
            if quiet and not change.breaks:
                continue
            slot = (change.rule, change.pointer)
            path = prefix + change.path
            found = grouped.get(slot)
            if found is None:
                grouped[slot] = [change, {path}, set(change.breaks), change.undecidable, {at}]
            else:
                if found[0].old_pointer is None and change.old_pointer is not None:
                    found[0] = change
                found[1].add(path)
                found[2].update(change.breaks)
                found[3] = found[3] or change.undecidable
                found[4].add(at)
        for rel, child, hush in links[at]:
            if count[child] < MAX_PATHS:
                push((prefix + rel, child, quiet or hush))
            else:
                cut((prefix + rel, child, quiet or hush))
    out = []
    for change, paths, breaks, undecidable, ats in grouped.values():
        ordered = tuple(sorted(paths))
        out.append(
            replace(
                change,
                path=ordered[0],
                paths=ordered,
                breaks=tuple(x for x in DIRECTIONS if x in breaks),
                undecidable=undecidable,
                paths_truncated=any(cut_loud[a] or (cut_quiet[a] and breaks) for a in ats),
            )
        )
    return out


def _live(entries: Sequence[Entry], links: Sequence[Sequence[tuple[str, int, bool]]]) -> list[bool]:
    """The pairs from which some change can be reached (the others need no walking)."""
    parents: dict[int, list[int]] = {}
    for i, out in enumerate(links):
        for _, child, _ in out:
            found = parents.get(child)
            if found is None:
                parents[child] = [i]
            else:
                found.append(i)
    live = [bool(e.changes) for e in entries]
    stack = [i for i, flag in enumerate(live) if flag]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if not live[parent]:
                live[parent] = True
                stack.append(parent)
    return live
