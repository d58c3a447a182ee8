"""The five reliability domains: their SLIs, healthy bands per criticality, and status.

Each domain's SLI is computed from evidence (validation counts, reconciliation counts, incident
history). A domain with no evidence is ``no_data`` with a null value: a made-up 100% would hide
exactly the blind spot the report exists to show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

DOMAIN_IDS = (
    "order_sync_continuity",
    "product_inventory_consistency",
    "financial_event_integrity",
    "schema_change_resilience",
    "recovery_efficiency",
)
TITLES = {
    "order_sync_continuity": "Order sync continuity",
    "product_inventory_consistency": "Product & inventory consistency",
    "financial_event_integrity": "Financial event integrity",
    "schema_change_resilience": "Schema change resilience",
    "recovery_efficiency": "Recovery efficiency",
}
CRITICALITY_RANK = {"standard": 1, "high": 2, "critical": 3}
# Contract domains whose sources feed each reliability domain's source-level evidence.
CONTRACT_DOMAINS = {
    "order_sync_continuity": ("orders",),
    "product_inventory_consistency": ("inventory", "products"),
    "financial_event_integrity": ("payments", "refunds", "orders"),
}


@dataclass(frozen=True)
class Band:
    """A healthy band for one SLI: meeting ``objective`` is healthy, ``warning`` the last step
    before breach."""

    objective: float
    warning: float
    higher_is_better: bool = True
    unit: str = "%"

    def status(self, value: float) -> str:
        if self.higher_is_better:
            if value >= self.objective:
                return "healthy"
            return "warning" if value >= self.warning else "breach"
        if value <= self.objective:
            return "healthy"
        return "warning" if value <= self.warning else "breach"

    def as_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "warning": self.warning,
            "higher_is_better": self.higher_is_better,
            "unit": self.unit,
        }


def _pct(objective: float, warning: float) -> Band:
    return Band(objective=objective, warning=warning)


def _hours(objective: float, warning: float) -> Band:
    return Band(objective=objective, warning=warning, higher_is_better=False, unit="h")


# Packaged defaults; a workspace overrides any of them under ``slos:``. Stricter tiers demand
# more because an order or payment lost costs more than a product description out of date.
DEFAULT_BANDS: Mapping[str, Mapping[str, Band]] = {
    "critical": {
        "order_sync_continuity": _pct(99.5, 99.0),
        "product_inventory_consistency": _pct(99.5, 99.0),
        "financial_event_integrity": _pct(99.9, 99.5),
        "schema_change_resilience": _pct(99.9, 99.5),
        "recovery_efficiency": _hours(4, 8),
    },
    "high": {
        "order_sync_continuity": _pct(99.0, 98.0),
        "product_inventory_consistency": _pct(99.0, 97.0),
        "financial_event_integrity": _pct(99.5, 99.0),
        "schema_change_resilience": _pct(99.5, 99.0),
        "recovery_efficiency": _hours(8, 24),
    },
    "standard": {
        "order_sync_continuity": _pct(98.0, 95.0),
        "product_inventory_consistency": _pct(97.0, 95.0),
        "financial_event_integrity": _pct(99.0, 98.0),
        "schema_change_resilience": _pct(99.0, 97.0),
        "recovery_efficiency": _hours(24, 72),
    },
}


@dataclass(frozen=True)
class SourceStats:
    """What validating one source found."""

    name: str
    contract_id: str
    contract_domain: str
    criticality: str
    owner_team: str
    records: int
    valid: int
    invalid: int
    money_invalid: int  # records with at least one money.* finding
    money_checked: bool = False  # the contract declares money rules
    out_of_order: int = 0
    conflicting: int = 0
    violations: Mapping[str, int] = field(default_factory=dict)  # rule -> count


@dataclass(frozen=True)
class FlowStats:
    """What reconciling one flow found."""

    name: str
    domain: str
    owner: str | None
    criticality: str
    counts: Mapping[str, int]


@dataclass(frozen=True)
class IncidentStats:
    """The incident history inside the look-back window."""

    resolved_hours: tuple[Decimal, ...]
    open: int
    effort_hours: Decimal
    impact: Mapping[str, Decimal]  # currency -> amount
    by_domain: Mapping[str, int]
    owners: tuple[str, ...]
    criticality: str = "standard"


@dataclass(frozen=True)
class DomainResult:
    id: str
    status: str
    criticality: str
    sli_name: str
    sli_value: float | None
    band: Band
    owner: str | None
    evidence: Mapping[str, Any]

    @property
    def title(self) -> str:
        return TITLES[self.id]


def _round(value: Decimal, places: int = 2) -> float:
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))


def _rate(good: int, total: int) -> float | None:
    if total <= 0:
        return None
    return _round(Decimal(good) * 100 / Decimal(total))


def strictest(levels: Sequence[str]) -> str:
    """The strictest criticality among ``levels`` (``standard`` when there are none)."""
    return max(levels, key=lambda c: CRITICALITY_RANK.get(c, 0)) if levels else "standard"


def _sum(flows: Sequence[FlowStats], key: str) -> int:
    return sum(int(f.counts.get(key, 0)) for f in flows)


def compute_domains(
    sources: Sequence[SourceStats],
    flows: Sequence[FlowStats],
    incidents: IncidentStats | None,
    *,
    bands: Mapping[str, Mapping[str, Band]],
    owners: Mapping[str, str | None],
) -> tuple[DomainResult, ...]:
    """The five domain results, in :data:`DOMAIN_IDS` order.

    ``bands`` overrides :data:`DEFAULT_BANDS` per (criticality, domain); ``owners`` maps a
    domain id to its configured owner (None: derived from flows, then contracts).
    """
    out = []
    for domain in DOMAIN_IDS:
        d_flows = [f for f in flows if f.domain == domain]
        wanted = CONTRACT_DOMAINS.get(domain)
        d_sources = [s for s in sources if wanted is None or s.contract_domain in wanted]
        if domain == "recovery_efficiency":
            d_sources = list(sources)
        crit_levels = [f.criticality for f in d_flows] + [s.criticality for s in d_sources]
        if domain == "recovery_efficiency" and incidents is not None:
            crit_levels.append(incidents.criticality)
        criticality = strictest(crit_levels)
        band = bands.get(criticality, {}).get(domain) or DEFAULT_BANDS[criticality][domain]
        sli_name, value, evidence = _SLI[domain](d_flows, d_sources, incidents)
        owner = owners.get(domain) or _owner(d_flows, d_sources, incidents)
        status = "no_data" if value is None else band.status(value)
        out.append(
            DomainResult(
                id=domain,
                status=status,
                criticality=criticality,
                sli_name=sli_name,
                sli_value=value,
                band=band,
                owner=owner,
                evidence=evidence,
            )
        )
    return tuple(out)


def _owner(
    flows: Sequence[FlowStats], sources: Sequence[SourceStats], incidents: IncidentStats | None
) -> str | None:
    flow_owners = Counter(f.owner for f in flows if f.owner)
    if flow_owners:
        return sorted(flow_owners.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    if sources:
        top = max(
            sources, key=lambda s: (CRITICALITY_RANK.get(s.criticality, 0), -ord(s.owner_team[0]))
        )
        return top.owner_team
    if incidents and incidents.owners:
        return incidents.owners[0]
    return None


def _order_sync(
    flows: Sequence[FlowStats], sources: Sequence[SourceStats], _inc: IncidentStats | None
) -> tuple[str, float | None, dict[str, Any]]:
    # On time = synced within the SLA with a latency that could be measured: a match whose time
    # is unreadable proves arrival, not timeliness. In-flight records are not yet due, so they
    # are neither counted for nor against the SLI.
    due = sum(_sum(flows, k) for k in ("matched", "late", "overdue", "missing"))
    on_time = _sum(flows, "matched") - _sum(flows, "latency_unknown")
    evidence: dict[str, Any] = {"flows": [f.name for f in flows]}
    for key in (
        "matched",
        "late",
        "in_flight",
        "overdue",
        "missing",
        "orphaned",
        "duplicated",
        "mismatched",
        "latency_unknown",
    ):
        evidence[key] = _sum(flows, key)
    return "on_time_sync_rate", _rate(on_time, due), evidence


def _consistency(
    flows: Sequence[FlowStats], sources: Sequence[SourceStats], _inc: IncidentStats | None
) -> tuple[str, float | None, dict[str, Any]]:
    # Consistent = present on both sides and equal on every compared field.
    present = _sum(flows, "matched") + _sum(flows, "late")
    compared = present + _sum(flows, "overdue") + _sum(flows, "missing") + _sum(flows, "orphaned")
    consistent = present - _sum(flows, "mismatched")
    evidence: dict[str, Any] = {"flows": [f.name for f in flows]}
    for key in ("matched", "late", "missing", "orphaned", "mismatched", "duplicated"):
        evidence[key] = _sum(flows, key)
    evidence["out_of_order_updates"] = sum(s.out_of_order for s in sources)
    evidence["conflicting_updates"] = sum(s.conflicting for s in sources)
    return "consistency_rate", _rate(consistent, compared), evidence


def _financial(
    flows: Sequence[FlowStats], sources: Sequence[SourceStats], _inc: IncidentStats | None
) -> tuple[str, float | None, dict[str, Any]]:
    # Every financial event checked — a reconciled payment or refund key, or a record whose
    # money fields were judged — either holds or is a problem someone must chase.
    events = (
        _sum(flows, "matched")
        + _sum(flows, "late")
        + _sum(flows, "overdue")
        + _sum(flows, "missing")
    )
    problems = _sum(flows, "mismatched") + _sum(flows, "over_limit") + _sum(flows, "missing")
    money_records = sum(s.records for s in sources if s.money_checked)
    money_bad = sum(s.money_invalid for s in sources)
    evidence = {
        "flows": [f.name for f in flows],
        "reconciled_events": events,
        "mismatched": _sum(flows, "mismatched"),
        "over_limit": _sum(flows, "over_limit"),
        "missing": _sum(flows, "missing"),
        "records_money_checked": money_records,
        "records_money_invalid": money_bad,
    }
    total = events + money_records
    return "financial_integrity_rate", _rate(total - problems - money_bad, total), evidence


def _schema(
    _flows: Sequence[FlowStats], sources: Sequence[SourceStats], _inc: IncidentStats | None
) -> tuple[str, float | None, dict[str, Any]]:
    records = sum(s.records for s in sources)
    valid = sum(s.valid for s in sources)
    by_rule: Counter[str] = Counter()
    for s in sources:
        by_rule.update(s.violations)
    evidence = {
        "sources": len(sources),
        "records": records,
        "invalid": records - valid,
        "violations_by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
    }
    return "contract_conformance_rate", _rate(valid, records), evidence


def _recovery(
    _flows: Sequence[FlowStats], _sources: Sequence[SourceStats], inc: IncidentStats | None
) -> tuple[str, float | None, dict[str, Any]]:
    if inc is None:
        return "mttr_hours", None, {"incidents_resolved": 0, "incidents_open": 0}
    value = None
    if inc.resolved_hours:
        value = _round(sum(inc.resolved_hours, Decimal(0)) / len(inc.resolved_hours))
    evidence = {
        "incidents_resolved": len(inc.resolved_hours),
        "incidents_open": inc.open,
        "effort_hours": str(inc.effort_hours),
        "impact": {k: str(v) for k, v in sorted(inc.impact.items())},
        "incidents_by_domain": dict(sorted(inc.by_domain.items())),
    }
    return "mttr_hours", value, evidence


_SLI = {
    "order_sync_continuity": _order_sync,
    "product_inventory_consistency": _consistency,
    "financial_event_integrity": _financial,
    "schema_change_resilience": _schema,
    "recovery_efficiency": _recovery,
}
