"""The demo workspace on disk: its files, its seamguard.yaml, byte-for-byte reproducibility, and
that reconciling and scanning it finds exactly what data/MANIFEST.json says was injected."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.adapters.workspace_yaml import load_workspace
from seamguard.app.demo import (
    MANIFEST_FILE,
    SOURCE_PATHS,
    WORKSPACE_FILE,
    DemoWorkspace,
    build_demo_workspace,
)
from seamguard.config import Workspace, workspace_from_mapping
from seamguard.core.jsonexact import loads_exact
from seamguard.core.reconcile.engine import Rec, reconcile
from seamguard.core.sequence import check_order
from seamguard.core.simulate import DEFAULT_AS_OF
from seamguard.core.simulate import topology as t


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoWorkspace:
    return build_demo_workspace(tmp_path_factory.mktemp("demo") / "acme")


def _settings(demo: DemoWorkspace) -> Workspace:
    data = YAML(typ="safe").load((demo.path / WORKSPACE_FILE).read_text(encoding="utf-8"))
    return workspace_from_mapping(data, env={})


def _records(demo: DemoWorkspace, source: str) -> list[Rec]:
    lines = (demo.path / SOURCE_PATHS[source]).read_bytes().split(b"\n")
    assert lines[-1] == b""  # every line ends with a newline, the last one too
    out = []
    for n, line in enumerate(lines[:-1], start=1):
        doc, issues = loads_exact(line)
        assert doc is not None and not issues, (source, n, issues)
        out.append(Rec(number=n, doc=doc))
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_files(demo: DemoWorkspace) -> None:
    assert demo.as_of == DEFAULT_AS_OF
    assert (demo.path / WORKSPACE_FILE).is_file()
    for contract_id in set(t.CONTRACTS.values()):
        assert (demo.path / "contracts" / f"{contract_id}.yaml").is_file()
    manifest = json.loads((demo.path / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest == demo.manifest.as_dict()
    for source in t.SOURCES:
        lines = (demo.path / SOURCE_PATHS[source]).read_text(encoding="utf-8").splitlines()
        assert len(lines) == manifest["records"][source]
        # One compact document per line; money stays a string in the text.
        assert all(line.startswith("{") and ": " not in line[:40] for line in lines)
    first = (demo.path / SOURCE_PATHS[t.STOREFRONT_ORDERS]).read_text(encoding="utf-8")
    assert '"total_price":"' in first.splitlines()[0]


def test_workspace_file_loads(demo: DemoWorkspace) -> None:
    ws = _settings(demo)
    assert set(ws.sources) == set(t.SOURCES)
    assert set(ws.flows) == set(t.FLOWS)
    assert {s.name: s.contract for s in ws.sources.values()} == t.CONTRACTS
    sequence = ws.sources[t.STOREFRONT_INVENTORY].sequence
    assert sequence is not None
    assert (sequence.key, sequence.by) == (("/inventory_item_id", "/location_id"), "/updated_at")
    order_sync = ws.flows[t.ORDER_SYNC]
    assert (order_sync.key_from, order_sync.key_to) == ("/id", "/external_id")
    assert (order_sync.sla, order_sync.missing_after) == (t.ORDER_SYNC_SLA, t.MISSING_AFTER)
    assert ws.flows[t.ERP_SYNC].sla == t.ERP_SYNC_SLA
    assert ws.flows[t.REFUND_LIMIT].cardinality == "many_to_one"
    assert ws.flows[t.REFUND_LIMIT].limit is not None
    for flow in ws.flows.values():
        assert flow.owner is not None and flow.owner in ws.owners
    # The full loader (contracts folder included) accepts it too.
    loaded = load_workspace(demo.path, env={})
    assert set(t.CONTRACTS.values()) <= set(loaded.contracts)


def test_byte_identical_across_runs(demo: DemoWorkspace, tmp_path: Path) -> None:
    again = build_demo_workspace(tmp_path / "again")
    assert again.manifest == demo.manifest
    assert _files(again.path) == _files(demo.path)


def test_byte_identical_in_another_process(demo: DemoWorkspace, tmp_path: Path) -> None:
    # A fresh interpreter with another hash seed: nothing may depend on set or dict order
    # that differs between processes.
    target = tmp_path / "process"
    code = (
        "import sys; from pathlib import Path; from seamguard.app.demo import build_demo_workspace;"
        " build_demo_workspace(Path(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(target)], check=True, env=env)
    assert _files(target) == _files(demo.path)


def test_other_seed_and_as_of(tmp_path: Path) -> None:
    as_of = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    ws = build_demo_workspace(tmp_path / "other", seed=21, as_of=as_of)
    assert ws.as_of == as_of
    doc = json.loads((ws.path / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert (doc["seed"], doc["as_of"]) == (21, "2026-03-02T09:30:00Z")
    assert all(f["count"] > 0 for f in doc["faults"])


def _expected(demo: DemoWorkspace) -> set[tuple[Any, ...]]:
    """(flow, kind, field, key, record on the manifest's side) for every reconcile expectation."""
    out: set[tuple[Any, ...]] = set()
    for e in demo.manifest.expectations():
        if e.check != "reconcile":
            continue
        assert e.flow is not None
        fields = e.paths or (None,)
        for key, record in zip(e.keys, e.records, strict=True):
            for field in fields:
                out.add((e.flow, e.finding, field, key, record))
    return out


def test_reconcile_finds_exactly_the_manifest(demo: DemoWorkspace) -> None:
    ws = _settings(demo)
    records = {name: _records(demo, name) for name in t.SOURCES}
    expected = _expected(demo)
    sides = {
        (e.flow, e.finding): "from" if e.source == ws.flows[e.flow].from_source else "to"
        for e in demo.manifest.expectations()
        if e.flow is not None
    }
    found: set[tuple[Any, ...]] = set()
    for name, flow in ws.flows.items():
        result = reconcile(flow, records[flow.from_source], records[flow.to_source], demo.as_of)
        for d in result.discrepancies:
            side = sides.get((name, d.kind), "from" if d.from_record is not None else "to")
            number = d.from_record if side == "from" else d.to_record
            found.add((name, d.kind, d.field if d.kind == "mismatched" else None, d.key, number))
    assert found == expected


def test_sequence_check_finds_exactly_the_manifest(demo: DemoWorkspace) -> None:
    ws = _settings(demo)
    seq = ws.sources[t.STOREFRONT_INVENTORY].sequence
    assert seq is not None
    stream = _records(demo, t.STOREFRONT_INVENTORY)
    result = check_order(((r.number, r.doc) for r in stream), seq.key, seq.by)
    e = next(x for x in demo.manifest.expectations() if x.check == "sequence")
    assert (result.out_of_order, result.conflicting) == (e.count, 0)
    assert sorted((f.key, f.record) for f in result.findings) == list(
        zip(e.keys, e.records, strict=True)
    )


@pytest.mark.slow
def test_scan_reports_the_manifest(demo: DemoWorkspace) -> None:
    """The demo's whole point: the lead's scan, run on it, reports what was injected."""
    from seamguard.app.scan import run_scan

    outcome = run_scan(demo.path, as_of=demo.as_of, write_reports=False, env={})
    want: Counter[tuple[str, str]] = Counter()
    for e in demo.manifest.expectations():
        if e.check == "reconcile" and e.flow is not None:
            want[(e.flow, e.finding)] += e.count
    got = Counter(
        {
            (name, kind): n
            for name, result in outcome.flows.items()
            for kind, n in result.counts.as_dict().items()
            if kind not in ("matched", "from_records", "to_records", "latency_unknown") and n
        }
    )
    assert got == want
    invalid = {s["name"]: s["invalid"] for s in outcome.report["sources"]}
    bad: Counter[str] = Counter()
    for e in demo.manifest.expectations():
        if e.check == "validation":
            bad[e.source] += e.count
    assert {k: v for k, v in invalid.items() if v} == dict(bad)


def test_scan_reports_each_validation_and_ordering_fault_exactly(demo: DemoWorkspace) -> None:
    """Per (source, rule, path) and per sequence: the report's counts equal what was injected,
    and the first record the report names is the first one injected."""
    from seamguard.app.scan import run_scan

    outcome = run_scan(demo.path, as_of=demo.as_of, write_reports=False, env={})
    sources = {s["name"]: s for s in outcome.report["sources"]}
    want: Counter[tuple[str, str, str]] = Counter()
    first: dict[tuple[str, str, str], int] = {}
    ordering: Counter[str] = Counter()
    for e in demo.manifest.expectations():
        if e.check == "validation":
            key = (e.source, e.finding, e.paths[0])
            want[key] += e.count
            first[key] = min([first.get(key, 10**9), *e.records])
        elif e.check == "sequence":
            ordering[e.source] += e.count
    got = Counter(
        {
            (name, v["rule"], v["path"]): v["count"]
            for name, s in sources.items()
            for v in s["violations"]
        }
    )
    assert got == want
    for name, s in sources.items():
        for v in s["violations"]:
            assert v["first_record"] == first[(name, v["rule"], v["path"])]
    assert {n: s["out_of_order"] for n, s in sources.items() if s["out_of_order"]} == dict(ordering)
    assert sum(ordering.values()) > 0
