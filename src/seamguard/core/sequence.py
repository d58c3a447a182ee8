"""Arrival order versus change order: updates of one entity that arrive older than one already seen.

Inventory webhooks carry snapshots, not deltas; a retried older snapshot that arrives last would
overwrite a newer level. Given records in arrival order, an update whose timestamp is older than
the newest already seen for its key is ``stale``; an equal timestamp with different content is
``conflicting`` (the snapshots cannot both be right; refetch).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.canon import canonical_key, parse_instant


@dataclass(frozen=True)
class OrderingFinding:
    kind: str  # stale | conflicting
    record: int
    key: str
    at: str
    newest_seen: str
    newest_record: int


@dataclass(frozen=True)
class OrderingResult:
    checked: int
    out_of_order: int
    conflicting: int
    findings: tuple[OrderingFinding, ...]


def check_order(records: Iterable[tuple[int, Any]], key: Sequence[str], by: str) -> OrderingResult:
    """Scan ``(record_number, doc)`` pairs in arrival order for stale and conflicting updates."""
    newest: dict[str, tuple[datetime, int, Any]] = {}
    findings: list[OrderingFinding] = []
    checked = 0
    key_tokens = [jp.parse(k) for k in key]
    by_tokens = jp.parse(by)
    for number, doc in records:
        parts = []
        for tokens in key_tokens:
            value = next((v for _, v in jp.resolve(doc, tokens)), None)
            parts.append(canonical_key(value)[0])
        if any(p is None for p in parts):
            continue
        stamp = parse_instant(next((v for _, v in jp.resolve(doc, by_tokens)), None))
        if stamp is None:
            continue
        checked += 1
        k = "|".join(p for p in parts if p is not None)
        seen = newest.get(k)
        if seen is None or stamp > seen[0]:
            newest[k] = (stamp, number, doc)
            continue
        kind = "stale" if stamp < seen[0] else ("conflicting" if doc != seen[2] else None)
        if kind is None:
            continue  # the same snapshot again: a duplicate delivery, not an ordering problem
        findings.append(
            OrderingFinding(
                kind=kind,
                record=number,
                key=k,
                at=stamp.isoformat(),
                newest_seen=seen[0].isoformat(),
                newest_record=seen[1],
            )
        )
    return OrderingResult(
        checked=checked,
        out_of_order=sum(1 for f in findings if f.kind == "stale"),
        conflicting=sum(1 for f in findings if f.kind == "conflicting"),
        findings=tuple(findings),
    )
