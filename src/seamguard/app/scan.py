"""Use case: the main job. Validate every source, reconcile every flow, score the five domains."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from seamguard import __version__
from seamguard.adapters.contract_yaml import locate_in_file
from seamguard.adapters.sources.files import expand
from seamguard.adapters.stores.base import QuarantineItem
from seamguard.adapters.stores.sql import open_store
from seamguard.adapters.workspace_yaml import LoadedWorkspace, load_workspace
from seamguard.app.progress import ScanProgress
from seamguard.app.quarantine import apply_retention
from seamguard.app.validate import check_records, iter_files, quarantine_item, table_options
from seamguard.config import SourceSettings
from seamguard.core import pointer as jp
from seamguard.core.canon import as_decimal, parse_instant
from seamguard.core.contract import Contract
from seamguard.core.privacy import MARKER, PersonalData
from seamguard.core.reconcile.engine import FlowResult, Rec, reconcile
from seamguard.core.reconcile.spec import FlowSpec
from seamguard.core.sequence import OrderingResult, check_order
from seamguard.core.slo import (
    DomainResult,
    FlowStats,
    IncidentStats,
    SourceStats,
    compute_domains,
    strictest,
)
from seamguard.core.timeutil import rfc3339
from seamguard.core.validation.engine import CompiledContract, compile_contract
from seamguard.core.validation.summary import ValidationSummary
from seamguard.errors import ContractError, OutputError, SourceError
from seamguard.render.report_html import render_report_html
from seamguard.render.report_json import render_report_json

INCIDENT_CONTRACT = "seamguard.incident"
INCIDENT_WINDOW = timedelta(days=90)
EXAMPLES_PER_KIND = 5


@dataclass
class _SourceRun:
    settings: SourceSettings
    contract: Contract
    files: list[str]
    summary: ValidationSummary = field(default_factory=ValidationSummary)
    docs: list[Rec] = field(default_factory=list)
    ordering: OrderingResult | None = None
    quarantined_new: int = 0


@dataclass(frozen=True)
class ScanOutcome:
    """What ``scan`` found, ready to render; ``report`` is the report.json document."""

    report: dict[str, Any]
    domains: tuple[DomainResult, ...]
    flows: Mapping[str, FlowResult]
    json_path: Path | None
    html_path: Path | None

    @property
    def breached(self) -> bool:
        return any(d.status == "breach" for d in self.domains)

    @property
    def warned(self) -> bool:
        return any(d.status == "warning" for d in self.domains)

    @property
    def invalid_records(self) -> int:
        return int(self.report["summary"]["invalid"])


def compile_workspace_contract(ws: LoadedWorkspace, contract_id: str) -> CompiledContract:
    """Compile one of the workspace's contracts (see :func:`compile_placed`)."""
    return compile_placed(ws.contracts[contract_id])


def compile_placed(contract: Contract) -> CompiledContract:
    """Compile a contract, placing schema and rule errors at their line in the contract file."""
    try:
        return compile_contract(contract)
    except ContractError as exc:
        file = contract.source_file
        if file and not file.startswith("<starter>") and exc.location.pointer is not None:
            path = Path(file) if Path(file).is_absolute() else Path.cwd() / file
            raise exc.with_location(
                locate_in_file(path, exc.location.pointer, display=file)
            ) from None
        raise


def run_scan(
    workspace: Path,
    *,
    as_of: datetime,
    out_dir: Path | None = None,
    store: str | None = None,
    write_reports: bool = True,
    env: Mapping[str, str] | None = None,
    progress: ScanProgress | None = None,
) -> ScanOutcome:
    """Run the main job on a workspace as of ``as_of`` (timezone-aware)."""
    ws = load_workspace(workspace, env=env)
    progress = progress or ScanProgress()
    needed_docs = {f.from_source for f in ws.settings.flows.values()} | {
        f.to_source for f in ws.settings.flows.values()
    }
    compiled: dict[str, CompiledContract] = {}
    runs: dict[str, _SourceRun] = {}
    with open_store(store or ws.settings.store, base_dir=ws.root) as db:
        for name, src in ws.settings.sources.items():
            if src.contract not in compiled:
                compiled[src.contract] = compile_workspace_contract(ws, src.contract)
            runs[name] = _validate_source(
                ws,
                src,
                compiled[src.contract],
                store_put=db.put_quarantine,
                as_of=as_of,
                keep_docs=name in needed_docs
                or src.sequence is not None
                or src.contract == INCIDENT_CONTRACT,
                progress=progress,
            )
        flow_results: dict[str, FlowResult] = {}
        for name, flow in ws.settings.flows.items():
            flow_results[name] = reconcile(
                flow, runs[flow.from_source].docs, runs[flow.to_source].docs, as_of
            )
        incidents = _incidents(
            [r for r in runs.values() if r.contract.id == INCIDENT_CONTRACT], as_of
        )
        source_stats = [
            _source_stats(r) for r in runs.values() if r.contract.id != INCIDENT_CONTRACT
        ]
        flow_stats = [
            FlowStats(
                name=name,
                domain=flow.domain,
                owner=flow.owner,
                criticality=strictest(
                    (
                        runs[flow.from_source].contract.criticality.value,
                        runs[flow.to_source].contract.criticality.value,
                    )
                ),
                counts=flow_results[name].counts.as_dict(),
            )
            for name, flow in ws.settings.flows.items()
        ]
        domains = compute_domains(
            source_stats,
            flow_stats,
            incidents,
            bands=ws.settings.slos,
            owners={d: s.owner for d, s in ws.settings.domains.items()},
        )
        report = build_report(ws, as_of, runs, flow_results, domains)
        json_path = html_path = None
        if write_reports:
            target = out_dir or ws.root / "reports"
            json_path = target / "report.json"
            html_path = target / "report.html"
            report["reports"] = {"json": _shown(json_path), "html": _shown(html_path)}
            _write_reports(target, json_path, html_path, report)
        db.record_scan(
            as_of=as_of,
            workspace=str(ws.root),
            status=report["summary"]["status"],
            summary={"domains": {d.id: d.status for d in domains}, **report["summary"]},
        )
        apply_retention(db, ws.settings.privacy.retention, as_of)
    return ScanOutcome(
        report=report, domains=domains, flows=flow_results, json_path=json_path, html_path=html_path
    )


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _write_reports(target: Path, json_path: Path, html_path: Path, report: dict[str, Any]) -> None:
    if target.exists() and not target.is_dir():
        raise OutputError(
            f"--out {target} is a file; name a folder for report.json and report.html"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
        json_path.write_text(render_report_json(report), encoding="utf-8")
        html_path.write_text(render_report_html(report), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write the reports to {target}: {exc.strerror or exc}") from None


def _validate_source(
    ws: LoadedWorkspace,
    src: SourceSettings,
    compiled: CompiledContract,
    *,
    store_put: Callable[[list[QuarantineItem]], int],
    as_of: datetime,
    keep_docs: bool,
    progress: ScanProgress,
) -> _SourceRun:
    paths = expand(src.path, ws.root)
    if not paths:
        raise SourceError(
            f"source {src.name}: no file matches {src.path!r} under {ws.root}",
            location=ws.document.value_location(jp.join(["sources", src.name, "path"])),
        )
    files = [(p, ws.display(p)) for p in paths]
    run = _SourceRun(settings=src, contract=compiled.contract, files=[shown for _, shown in files])
    progress.start(sum(p.stat().st_size for p in paths), src.name)
    pending: list[QuarantineItem] = []
    table = table_options(compiled.contract, src.columns)  # how CSV/Parquet rows become records
    records = iter_files(files, src.format, table=table)
    for checked in check_records(compiled, records, need_documents=keep_docs):
        run.summary.add(checked.verdict, checked.raw.location)
        progress.advance(len(checked.raw.raw) + 1)
        if keep_docs and checked.verdict.parsed:  # a literal null is a record too
            run.docs.append(Rec(number=checked.raw.number, doc=checked.doc))
        if not checked.verdict.valid:
            pending.append(
                quarantine_item(checked, source=src.name, compiled=compiled, received_at=as_of)
            )
            if len(pending) >= 1000:
                run.quarantined_new += store_put(pending)
                pending = []
    if pending:
        run.quarantined_new += store_put(pending)
    progress.finish()
    if src.sequence is not None:
        run.ordering = check_order(
            ((r.number, r.doc) for r in run.docs), src.sequence.key, src.sequence.by
        )
    return run


def _source_stats(run: _SourceRun) -> SourceStats:
    c = run.contract
    return SourceStats(
        name=run.settings.name,
        contract_id=c.id,
        contract_domain=c.domain.value,
        criticality=c.criticality.value,
        owner_team=c.owner.team,
        records=run.summary.records,
        valid=run.summary.valid,
        invalid=run.summary.invalid,
        money_invalid=run.summary.money_invalid,
        money_checked=any(r.kind == "money" for r in c.rules),
        out_of_order=run.ordering.out_of_order if run.ordering else 0,
        conflicting=run.ordering.conflicting if run.ordering else 0,
        violations=run.summary.by_rule(),
    )


def _incidents(runs: list[_SourceRun], as_of: datetime) -> IncidentStats | None:
    if not runs:
        return None
    resolved: list[Decimal] = []
    open_count = 0
    effort = Decimal(0)
    impact: dict[str, Decimal] = {}
    by_domain: Counter[str] = Counter()
    owners: Counter[str] = Counter()
    criticality = "standard"
    for run in runs:
        criticality = strictest((criticality, run.contract.criticality.value))
        for rec in run.docs:
            doc = rec.doc
            if not isinstance(doc, dict):
                continue
            opened = parse_instant(doc.get("opened_at"))
            if opened is None or opened > as_of or as_of - opened > INCIDENT_WINDOW:
                continue
            closed = parse_instant(doc.get("resolved_at"))
            if closed is not None and closed <= as_of:
                resolved.append(Decimal((closed - opened).total_seconds()) / 3600)
            else:
                open_count += 1
            effort += as_decimal(doc.get("effort_hours")) or Decimal(0)
            imp = doc.get("impact")
            if isinstance(imp, dict) and isinstance(imp.get("currency"), str):
                amount = as_decimal(imp.get("amount"))
                if amount is not None:
                    code = imp["currency"].upper()
                    impact[code] = impact.get(code, Decimal(0)) + amount
            if isinstance(doc.get("domain"), str):
                by_domain[doc["domain"]] += 1
            if isinstance(doc.get("owner"), str):
                owners[doc["owner"]] += 1
    return IncidentStats(
        resolved_hours=tuple(resolved),
        open=open_count,
        effort_hours=effort,
        impact=dict(impact),
        by_domain=dict(by_domain),
        owners=tuple(o for o, _ in sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))),
        criticality=criticality,
    )


def build_report(
    ws: LoadedWorkspace,
    as_of: datetime,
    runs: Mapping[str, _SourceRun],
    flows: Mapping[str, FlowResult],
    domains: tuple[DomainResult, ...],
) -> dict[str, Any]:
    """The report.json document (format_version 1; keys are never renamed once released)."""
    statuses = Counter(d.status for d in domains)
    worst = "no_data"
    for status in ("breach", "warning", "healthy"):
        if statuses.get(status):
            worst = status
            break
    records = sum(r.summary.records for r in runs.values())
    invalid = sum(r.summary.invalid for r in runs.values())
    owners = ws.settings.owners
    return {
        "format_version": 1,
        "seamguard_version": __version__,
        "as_of": rfc3339(as_of),
        "workspace": {"name": ws.settings.name, "path": str(ws.root)},
        "summary": {
            "status": worst,
            "domains": {s: statuses.get(s, 0) for s in ("healthy", "warning", "breach", "no_data")},
            "records": records,
            "invalid": invalid,
            "quarantined": invalid,
        },
        "domains": [
            {
                "id": d.id,
                "title": d.title,
                "status": d.status,
                "criticality": d.criticality,
                "sli": {"name": d.sli_name, "value": d.sli_value, "unit": d.band.unit},
                "band": d.band.as_dict(),
                "owner": d.owner,
                "contact": owners[d.owner].contact
                if d.owner is not None and d.owner in owners
                else None,
                "evidence": dict(d.evidence),
            }
            for d in domains
        ],
        "sources": [_source_entry(r) for r in runs.values()],
        "flows": [_flow_entry(ws, name, res) for name, res in flows.items()],
    }


def _source_entry(run: _SourceRun) -> dict[str, Any]:
    s = run.summary
    return {
        "name": run.settings.name,
        "system": run.settings.system,
        "contract": run.contract.id,
        "contract_version": run.contract.version,
        "files": run.files,
        "records": s.records,
        "valid": s.valid,
        "invalid": s.invalid,
        "out_of_order": run.ordering.out_of_order if run.ordering else 0,
        "conflicting": run.ordering.conflicting if run.ordering else 0,
        "violations": s.violations(),
    }


def _flow_entry(ws: LoadedWorkspace, name: str, res: FlowResult) -> dict[str, Any]:
    spec = ws.settings.flows[name]
    counts = res.counts.as_dict()
    examples: dict[str, list[str]] = {}
    for d in res.discrepancies:
        bucket = examples.setdefault(d.kind, [])
        if d.key is not None and len(bucket) < EXAMPLES_PER_KIND and d.key not in bucket:
            bucket.append(d.key)
    if ws.settings.privacy.redact and _keyed_by_personal_data(ws, spec):
        examples = {kind: [MARKER] * len(keys) for kind, keys in examples.items()}
    return {
        "name": name,
        "domain": spec.domain,
        "from": spec.from_source,
        "to": spec.to_source,
        "owner": spec.owner,
        "sla_seconds": int(spec.sla.total_seconds()),
        "missing_after_seconds": int(spec.missing_after.total_seconds()),
        "from_records": counts.pop("from_records"),
        "to_records": counts.pop("to_records"),
        "counts": counts,
        "mismatched_fields": dict(res.mismatched_fields),
        "latency_p50_seconds": res.latency_p50_seconds,
        "latency_p95_seconds": res.latency_p95_seconds,
        "examples": examples,
    }


def _keyed_by_personal_data(ws: LoadedWorkspace, spec: FlowSpec) -> bool:
    """A flow keyed by a personal field (an e-mail, say) must not list its keys as examples."""
    ends = ((spec.from_source, spec.key_from), (spec.to_source, spec.key_to))
    return any(
        PersonalData.of(ws.contracts[ws.settings.sources[src].contract].personal_data).covers(key)
        for src, key in ends
    )
