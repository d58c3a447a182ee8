"""What the generator returns: the records of every source and the ground truth of its faults."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from seamguard.core.timeutil import rfc3339

#: A record as JSON-ready Python values (str, int, bool, None, list, dict; the only floats
#: are the ratios a real payload carries as JSON numbers, such as Shopify's tax rates).
Record = dict[str, Any]

MANIFEST_FORMAT_VERSION: Final = 1

Check = Literal["validation", "sequence", "reconcile"]
Kind = Literal["fault", "condition"]


@dataclass(frozen=True)
class Expectation:
    """One finding a correct scan of the stack reports, with its exact count.

    ``check`` says which control finds it: ``validation`` (a record against its contract;
    ``finding`` is the violation's rule, e.g. ``schema.enum`` or ``money.too-many-decimals``,
    and ``paths`` holds the one instance path), ``sequence`` (a source's arrival order;
    ``finding`` is ``out_of_order``) or ``reconcile`` (a flow; ``finding`` is a flow count such
    as ``duplicated`` or ``mismatched``, and for ``mismatched`` ``paths`` lists the compare
    fields that differ on every one of the ``count`` pairs). ``source`` is the source whose
    1-based record numbers ``records`` lists; ``keys`` are the business keys concerned (the
    flow key for reconcile findings, the record's own id otherwise), sorted.
    """

    check: Check
    source: str
    finding: str
    count: int
    keys: tuple[str, ...]
    records: tuple[int, ...]
    flow: str | None = None
    paths: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, keys in a fixed order."""
        return {
            "check": self.check,
            "flow": self.flow,
            "source": self.source,
            "finding": self.finding,
            "paths": list(self.paths),
            "count": self.count,
            "keys": list(self.keys),
            "records": list(self.records),
        }


@dataclass(frozen=True)
class Fault:
    """Something put into the stack on purpose, and every finding it must cause.

    ``kind`` is ``fault`` for a defect a control should catch, ``condition`` for a state that
    is normal but still counted (orders still in flight between two systems). ``count`` is the
    number of affected entities (orders, charges, inventory levels), each affected once, so
    every expectation of a fault has the same count. A fault's count is never 0; a condition's
    can be (no OMS order waiting for the ERP's batch at a small scale or an as_of just after
    a batch ran).
    """

    id: str
    kind: Kind
    summary: str
    source: str
    count: int
    keys: tuple[str, ...]
    expect: tuple[Expectation, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, keys in a fixed order."""
        return {
            "id": self.id,
            "kind": self.kind,
            "summary": self.summary,
            "source": self.source,
            "count": self.count,
            "keys": list(self.keys),
            "expect": [e.as_dict() for e in self.expect],
        }


@dataclass(frozen=True)
class Manifest:
    """The exact ground truth of a generated stack.

    ``records`` is the number of records per source. Every record not named by a fault's
    expectations is clean: it validates against its contract and reconciles as matched.
    """

    seed: int
    as_of: datetime
    records: Mapping[str, int]
    faults: tuple[Fault, ...]

    def fault(self, fault_id: str) -> Fault:
        """The fault with this id (KeyError when there is none)."""
        for item in self.faults:
            if item.id == fault_id:
                return item
        raise KeyError(fault_id)

    def expectations(self) -> tuple[Expectation, ...]:
        """Every expectation of every fault, in manifest order."""
        return tuple(e for f in self.faults for e in f.expect)

    def as_dict(self) -> dict[str, Any]:
        """The MANIFEST.json document (format_version 1)."""
        return {
            "format_version": MANIFEST_FORMAT_VERSION,
            "generator": "seamguard.core.simulate",
            "seed": self.seed,
            "as_of": rfc3339(self.as_of),
            "records": dict(self.records),
            "faults": [f.as_dict() for f in self.faults],
        }


@dataclass(frozen=True)
class Stack:
    """A generated multi-system stack: records per source name, and the manifest.

    ``sources`` maps each source name (see :mod:`seamguard.core.simulate.topology`) to its
    records in export order; record ``n`` of a source is ``sources[name][n - 1]``.
    """

    seed: int
    as_of: datetime
    sources: Mapping[str, Sequence[Record]]
    manifest: Manifest

    def records(self, source: str) -> Sequence[Record]:
        """The records of one source (KeyError for an unknown name)."""
        return self.sources[source]
