"""The reconciliation engine: pair the records of two systems by key and classify every one.

``reconcile(spec, from_records, to_records, now)`` is pure: records come in as parsed documents,
``now`` is passed in, and the answer is a frozen ``FlowResult`` of counts and sorted
discrepancies. It runs in one pass per side over dicts keyed by canonical key (O(n)).

How each from-side record ends up (DESIGN.md section 1), with ``sla`` and ``missing_after``
from the flow:

* matched: a to-record has its key and arrived within ``sla`` (or its latency cannot be told:
  no time pointer on one side, or a time absent or unreadable);
* late: matched, but ``time_to - time_from > sla``;
* in_flight / overdue / missing: unmatched and ``now - time_from`` is below ``sla`` / below
  ``missing_after`` / at least ``missing_after``. Without a readable time it is missing: an
  unmatched record whose age cannot be shown is not given the benefit of the doubt.

On top of that: orphaned to-side keys (``one_to_one`` only: under ``many_to_one`` a to-record
with no from-records is normal, e.g. a charge never refunded), duplicated copies (either side;
from-side repeats are expected under ``many_to_one``), mismatched compare fields on matched pairs, over_limit keys
(sum of a from amount over a to ceiling) and unkeyed records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final, Literal, get_args

from seamguard.core import canon
from seamguard.core.canon import ABSENT, Getter
from seamguard.core.reconcile.spec import CARDINALITIES, COMPARE_AS, CompareField, FlowSpec, Limit
from seamguard.errors import ConfigError

Kind = Literal[
    "late",
    "in_flight",
    "overdue",
    "missing",
    "orphaned",
    "duplicated",
    "mismatched",
    "over_limit",
    "unkeyed",
]
#: Discrepancy kinds in report order; findings sort by this first.
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
_KIND_RANK: Final = {kind: i for i, kind in enumerate(KINDS)}

Side = Literal["from", "to"]


@dataclass(frozen=True)
class Rec:
    """One record of a source: its 1-based ``number`` there and the parsed JSON ``doc``."""

    number: int
    doc: Any


@dataclass(frozen=True)
class FlowCounts:
    """How many records of a flow fell in each class.

    Every keyed, non-duplicate from-side record is exactly one of matched, late, in_flight,
    overdue or missing (under ``one_to_one`` that is one per key). ``mismatched`` counts matched
    or late pairs with at least one differing field; ``over_limit`` counts to-side keys.
    ``latency_unknown`` is the part of ``matched`` whose latency could not be measured although
    the flow names time pointers on both sides (a time absent or unreadable on either side).
    """

    matched: int = 0
    late: int = 0
    in_flight: int = 0
    overdue: int = 0
    missing: int = 0
    orphaned: int = 0
    duplicated: int = 0
    mismatched: int = 0
    over_limit: int = 0
    unkeyed: int = 0
    latency_unknown: int = 0
    from_records: int = 0
    to_records: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts in declaration order, the order reports print them in."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Discrepancy:
    """One finding of a flow.

    ``key`` is the canonical key (None only for ``unkeyed``). ``from_record``/``to_record`` are
    record numbers on each side, when the finding concerns one. ``from_value``/``to_value`` are
    JSON-ready (Decimals as strings): the compared values for ``mismatched``, the times for
    ``late`` and the unmatched kinds, the sum and the ceiling for ``over_limit``.
    ``elapsed_seconds`` is the latency (``late``) or the age (``in_flight``, ``overdue``,
    ``missing``); ``excess`` the amount over the ceiling in major units (``over_limit``).
    """

    kind: Kind
    key: str | None
    from_record: int | None = None
    to_record: int | None = None
    field: str | None = None
    from_value: Any = None
    to_value: Any = None
    detail: str = ""
    elapsed_seconds: float | None = None
    excess: str | None = None

    def sort_key(self) -> tuple[int, str, int, int, str]:
        """Kind order, then key, then record numbers, then field: the report order."""
        return (
            _KIND_RANK[self.kind],
            self.key if self.key is not None else "",
            self.from_record if self.from_record is not None else -1,
            self.to_record if self.to_record is not None else -1,
            self.field if self.field is not None else "",
        )

    def as_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready dict with a fixed key order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class FlowResult:
    """Everything one run of a flow found.

    ``mismatched_fields`` holds every compare field of the flow, in spec order, with the number
    of pairs on which it differed (zero included, so reports keep one shape). Latency
    percentiles are nearest-rank over matched and late pairs with a measurable latency, in
    seconds, None without data.
    """

    flow: str
    counts: FlowCounts
    mismatched_fields: Mapping[str, int]
    latency_p50_seconds: float | None
    latency_p95_seconds: float | None
    discrepancies: tuple[Discrepancy, ...]

    def as_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict with a fixed key order."""
        return {
            "flow": self.flow,
            "counts": self.counts.as_dict(),
            "mismatched_fields": dict(self.mismatched_fields),
            "latency_p50_seconds": self.latency_p50_seconds,
            "latency_p95_seconds": self.latency_p95_seconds,
            "discrepancies": [d.as_dict() for d in self.discrepancies],
        }


def reconcile(
    spec: FlowSpec, from_records: Sequence[Rec], to_records: Sequence[Rec], now: datetime
) -> FlowResult:
    """Reconcile the records of a flow's two sides as of ``now`` (timezone-aware).

    Raises ``ConfigError`` for a spec the workspace reader should have refused (unknown
    cardinality or compare mode, minor units without a currency pointer, ``missing_after``
    shorter than ``sla``) and ``ValueError`` for a naive ``now``. Records never raise: whatever
    they hold ends up counted.
    """
    _check_spec(spec)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return _Run(spec, now).run(from_records, to_records)


def _check_spec(spec: FlowSpec) -> None:
    where = f"flow {spec.name}"
    if spec.cardinality not in CARDINALITIES:
        raise ConfigError(f"{where}: cardinality must be one of {', '.join(CARDINALITIES)}")
    for field in spec.compare:
        if field.as_ not in COMPARE_AS:
            raise ConfigError(f"{where}: compare {field.name}: as must be one of {COMPARE_AS}")
        minor = field.from_minor_units or field.to_minor_units
        if field.as_ == "money" and minor and field.currency is None:
            raise ConfigError(f"{where}: compare {field.name}: minor units need currency")
    limit = spec.limit
    limit_minor = limit is not None and (limit.from_minor_units or limit.to_minor_units)
    if limit is not None and limit_minor and limit.currency is None:
        raise ConfigError(f"{where}: limit: minor units need currency")
    if spec.sla < timedelta(0) or spec.missing_after < spec.sla:
        raise ConfigError(f"{where}: need 0 <= sla <= missing_after")


class _Comparator:
    """One compare field, its pointers parsed once."""

    def __init__(self, field: CompareField) -> None:
        self.field = field
        self.name = field.name
        self.get_from = canon.getter(field.from_path)
        self.get_to = canon.getter(field.to_path)
        self.get_currency = canon.getter(field.currency) if field.currency else None

    def compare(self, from_doc: Any, to_doc: Any) -> tuple[Any, Any, str] | None:
        """None when the two sides agree, else ``(from_value, to_value, detail)``."""
        a, b = self.get_from(from_doc), self.get_to(to_doc)
        # Absent and null both mean "no value": readers differ in which they produce (a CSV
        # cell is empty, a JSON member is left out or null), and neither is a value to compare.
        a_missing, b_missing = a is ABSENT or a is None, b is ABSENT or b is None
        if a_missing and b_missing:
            return None
        if a_missing or b_missing:
            side = "from" if a_missing else "to"
            return a, b, f"no value on the {side} side"
        mode = self.field.as_
        if mode == "money":
            return self._money(from_doc, a, b)
        if mode == "casefold" and isinstance(a, str) and isinstance(b, str):
            return None if a.casefold() == b.casefold() else (a, b, "differ ignoring case")
        if canon.canonical_value(a) == canon.canonical_value(b):
            return None
        return a, b, "values differ"

    def _money(self, from_doc: Any, a: Any, b: Any) -> tuple[Any, Any, str] | None:
        field = self.field
        exponent: int | None = None
        if field.from_minor_units or field.to_minor_units:
            assert self.get_currency is not None  # guaranteed by _check_spec
            exponent, why = canon.currency_exponent(self.get_currency(from_doc))
            if exponent is None:
                return a, b, f"cannot read minor units: {why}"
        major_a, why_a = canon.to_major(a, field.from_minor_units, exponent)
        major_b, why_b = canon.to_major(b, field.to_minor_units, exponent)
        if major_a is None:
            return a, b, f"from side: {why_a}"
        if major_b is None:
            return a, b, f"to side: {why_b}"
        if major_a == major_b:
            return None
        return a, b, f"{canon.decimal_text(major_a)} != {canon.decimal_text(major_b)} (major units)"


class _LimitCheck:
    """The per-key ceiling of a flow: refunds of a charge must not exceed the charge.

    Meant for ``many_to_one``; under ``one_to_one`` the sum is over the one matched record.
    """

    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self.get_from = canon.getter(limit.from_path)
        self.get_to = canon.getter(limit.to_path)
        self.get_currency = canon.getter(limit.currency) if limit.currency else None
        self.needs_currency = limit.from_minor_units or limit.to_minor_units

    def check(self, key: str, froms: Sequence[Rec], to: Rec) -> Discrepancy | None:
        """A finding when the sum over ``froms`` exceeds the ceiling on ``to``, or is unreadable.

        A limit that cannot be evaluated (an amount or a currency unreadable, currencies mixed)
        is reported as over_limit with no excess rather than passed: this is a money
        safeguard, and silence would read as "within the limit".
        """
        limit = self.limit
        to_raw = self.get_to(to.doc)
        codes: set[str] = set()
        to_exponent: int | None = None
        total = Decimal(0)
        crossed: Rec | None = None
        amounts: list[tuple[Rec, Decimal]] = []
        for rec in froms:
            exponent: int | None = None
            if self.get_currency is not None:
                currency = self.get_currency(rec.doc)
                if isinstance(currency, str):
                    # Summing amounts of two currencies is meaningless even in major units.
                    codes.add(currency.strip().upper())
                if self.needs_currency:
                    exponent, why = canon.currency_exponent(currency)
                    if exponent is None:
                        return self._unverifiable(
                            key, rec, to, to_raw, f"record {rec.number}: {why}"
                        )
                    to_exponent = exponent
            raw = self.get_from(rec.doc)
            amount, why = canon.to_major(raw, limit.from_minor_units, exponent)
            if amount is None:
                return self._unverifiable(key, rec, to, to_raw, f"record {rec.number}: {why}")
            amounts.append((rec, amount))
        if len(codes) > 1:
            mixed = ", ".join(sorted(codes))
            return self._unverifiable(key, None, to, to_raw, f"from records mix currencies {mixed}")
        ceiling, why = canon.to_major(to_raw, limit.to_minor_units, to_exponent)
        if ceiling is None:
            return self._unverifiable(key, None, to, to_raw, f"to side: {why}")
        for rec, amount in amounts:
            total = canon.EXACT.add(total, amount)
            if crossed is None and total > ceiling:
                # The record that first pushed the sum over is the one to look at.
                crossed = rec
        if crossed is None:
            return None
        excess = canon.decimal_text(canon.EXACT.subtract(total, ceiling))
        return Discrepancy(
            kind="over_limit",
            key=key,
            from_record=crossed.number,
            to_record=to.number,
            field=f"{limit.from_path}->{limit.to_path}",
            from_value=canon.decimal_text(total),
            to_value=canon.decimal_text(ceiling),
            detail=(
                f"sum {canon.decimal_text(total)} over {len(froms)} from records exceeds "
                f"{canon.decimal_text(ceiling)} by {excess}"
            ),
            excess=excess,
        )

    def _unverifiable(
        self, key: str, rec: Rec | None, to: Rec, to_raw: Any, why: str
    ) -> Discrepancy:
        return Discrepancy(
            kind="over_limit",
            key=key,
            from_record=rec.number if rec is not None else None,
            to_record=to.number,
            field=f"{self.limit.from_path}->{self.limit.to_path}",
            from_value=canon.json_ready(self.get_from(rec.doc)) if rec is not None else None,
            to_value=canon.json_ready(to_raw),
            detail=f"limit cannot be verified: {why}",
        )


class _Run:
    """The state of one reconciliation; ``run`` is called once."""

    def __init__(self, spec: FlowSpec, now: datetime) -> None:
        self.spec = spec
        self.now = now
        self.key_from = canon.getter(spec.key_from)
        self.key_to = canon.getter(spec.key_to)
        self.time_from: Getter | None = canon.getter(spec.time_from) if spec.time_from else None
        self.time_to: Getter | None = canon.getter(spec.time_to) if spec.time_to else None
        self.comparators = tuple(_Comparator(f) for f in spec.compare)
        self.limit = _LimitCheck(spec.limit) if spec.limit is not None else None
        self.found: list[Discrepancy] = []
        self.tally: dict[str, int] = dict.fromkeys(FlowCounts().as_dict(), 0)
        self.field_tally: dict[str, int] = dict.fromkeys((c.name for c in self.comparators), 0)
        self.latencies: list[timedelta] = []

    def run(self, from_records: Sequence[Rec], to_records: Sequence[Rec]) -> FlowResult:
        spec = self.spec
        self.tally["from_records"] = len(from_records)
        self.tally["to_records"] = len(to_records)
        froms = self._group(from_records, self.key_from, "from", spec.key_from)
        tos = self._group(to_records, self.key_to, "to", spec.key_to)
        for key, group in tos.items():
            self._duplicates(key, group, "to")
        many = spec.cardinality == "many_to_one"
        for key, group in froms.items():
            if many:
                active: Sequence[Rec] = group
            else:
                self._duplicates(key, group, "from")
                active = group[:1]
            to_group = tos.get(key)
            if to_group is None:
                for rec in active:
                    self._unmatched(key, rec)
                continue
            to = to_group[0]
            for rec in active:
                self._matched(key, rec, to)
            if self.limit is not None:
                finding = self.limit.check(key, active, to)
                if finding is not None:
                    self._add(finding)
        for key, to_group in tos.items() if spec.cardinality == "one_to_one" else ():
            if key not in froms:
                to = to_group[0]
                self._add(
                    Discrepancy(
                        kind="orphaned",
                        key=key,
                        to_record=to.number,
                        detail=f"no from record has key {key}",
                    )
                )
        return FlowResult(
            flow=spec.name,
            counts=FlowCounts(**self.tally),
            mismatched_fields=self.field_tally,
            latency_p50_seconds=_nearest_rank(self.latencies, 50),
            latency_p95_seconds=_nearest_rank(self.latencies, 95),
            discrepancies=tuple(sorted(self.found, key=Discrepancy.sort_key)),
        )

    def _add(self, finding: Discrepancy) -> None:
        # Counts follow findings one to one, except mismatched which counts pairs, not fields.
        if finding.kind != "mismatched":
            self.tally[finding.kind] += 1
        self.found.append(finding)

    def _group(
        self, records: Iterable[Rec], get_key: Getter, side: Side, path: str
    ) -> dict[str, list[Rec]]:
        """Records by canonical key, each group first occurrence first; unkeyed ones reported."""
        groups: dict[str, list[Rec]] = {}
        for rec in records:
            raw = get_key(rec.doc)
            key, why = canon.canonical_key(raw)
            if key is None:
                self._add(
                    Discrepancy(
                        kind="unkeyed",
                        key=None,
                        from_record=rec.number if side == "from" else None,
                        to_record=rec.number if side == "to" else None,
                        from_value=canon.json_ready(raw) if side == "from" else None,
                        to_value=canon.json_ready(raw) if side == "to" else None,
                        detail=f"{side} side: {why} at {path}",
                    )
                )
                continue
            group = groups.get(key)
            if group is None:
                groups[key] = [rec]
            else:
                group.append(rec)
        for group in groups.values():
            if len(group) > 1:
                # Sources may be read out of order (several files, a parallel reader); the
                # first occurrence is defined by record number, not by arrival here.
                group.sort(key=lambda r: r.number)
        return groups

    def _duplicates(self, key: str, group: Sequence[Rec], side: Side) -> None:
        first = group[0].number
        for copy in group[1:]:
            self._add(
                Discrepancy(
                    kind="duplicated",
                    key=key,
                    from_record=copy.number if side == "from" else None,
                    to_record=copy.number if side == "to" else None,
                    detail=f"{side} side: copy of record {first} ({len(group)} with this key)",
                )
            )

    def _instant(self, get: Getter | None, doc: Any) -> tuple[datetime | None, Any]:
        if get is None:
            return None, ABSENT
        raw = get(doc)
        return canon.parse_instant(raw), raw

    def _unmatched(self, key: str, rec: Rec) -> None:
        spec = self.spec
        when, raw = self._instant(self.time_from, rec.doc)
        if when is None:
            why = (
                "no time pointer on the from side"
                if self.time_from is None
                else f"time at {spec.time_from} absent or unreadable"
            )
            self._add(
                Discrepancy(
                    kind="missing",
                    key=key,
                    from_record=rec.number,
                    from_value=canon.json_ready(raw),
                    detail=f"no to record; {why}",
                )
            )
            return
        age = self.now - when
        kind: Kind
        if age < spec.sla:
            kind, why = "in_flight", f"younger than sla {_seconds(spec.sla):g}s"
        elif age < spec.missing_after:
            kind, why = "overdue", f"past sla {_seconds(spec.sla):g}s"
        else:
            kind, why = "missing", f"past missing_after {_seconds(spec.missing_after):g}s"
        self._add(
            Discrepancy(
                kind=kind,
                key=key,
                from_record=rec.number,
                from_value=canon.json_ready(raw),
                detail=f"no to record; age {_seconds(age):g}s, {why}",
                elapsed_seconds=_seconds(age),
            )
        )

    def _matched(self, key: str, rec: Rec, to: Rec) -> None:
        spec = self.spec
        late = False
        # Latency needs both ends; a flow timing only the from side uses it for age alone.
        if self.time_from is not None and self.time_to is not None:
            sent, sent_raw = self._instant(self.time_from, rec.doc)
            got, got_raw = self._instant(self.time_to, to.doc)
            if sent is None or got is None:
                self.tally["latency_unknown"] += 1
            else:
                latency = got - sent
                self.latencies.append(latency)
                if latency > spec.sla:
                    late = True
                    over = f"latency {_seconds(latency):g}s over sla {_seconds(spec.sla):g}s"
                    self._add(
                        Discrepancy(
                            kind="late",
                            key=key,
                            from_record=rec.number,
                            to_record=to.number,
                            from_value=canon.json_ready(sent_raw),
                            to_value=canon.json_ready(got_raw),
                            detail=over,
                            elapsed_seconds=_seconds(latency),
                        )
                    )
        if not late:
            self.tally["matched"] += 1
        differs = False
        seen: set[str] = set()
        for comparator in self.comparators:
            outcome = comparator.compare(rec.doc, to.doc)
            if outcome is None:
                continue
            differs = True
            a, b, detail = outcome
            if comparator.name not in seen:  # two modes on one field still count once
                seen.add(comparator.name)
                self.field_tally[comparator.name] += 1
            self._add(
                Discrepancy(
                    kind="mismatched",
                    key=key,
                    from_record=rec.number,
                    to_record=to.number,
                    field=comparator.name,
                    from_value=canon.json_ready(a),
                    to_value=canon.json_ready(b),
                    detail=detail,
                )
            )
        if differs:
            self.tally["mismatched"] += 1


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


def _nearest_rank(values: list[timedelta], percentile: int) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of the data at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-percentile * len(ordered) // 100))  # ceil without floats
    return _seconds(ordered[rank - 1])
