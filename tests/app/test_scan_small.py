"""`seamguard scan` on a small hand-made workspace: counts, statuses, exit codes, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke

SHOP = """\
id: shop.order
version: "1.0.0"
title: Shop order
owner: {team: shop}
domain: orders
criticality: critical
schema:
  type: object
  required: [id, currency, total, created_at]
  properties:
    id: {type: integer}
    currency: {type: string}
    total: {type: string}
    created_at: {type: string, format: date-time}
    status: {enum: [paid, pending]}
rules:
  - {id: total-money, kind: money, amount: /total, currency: /currency}
"""
OMS = """\
id: oms.order
version: "1.0.0"
title: OMS order
owner: {team: oms}
domain: orders
criticality: high
schema:
  type: object
  required: [external_id, currency, total, received_at]
  properties:
    external_id: {type: string}
    currency: {type: string}
    total: {type: string}
    received_at: {type: string, format: date-time}
"""
WORKSPACE = """\
version: 1
name: small
systems: {shop: {}, oms: {}}
owners: {oms-team: {contact: oms@example.com}}
sources:
  shop.orders: {system: shop, path: data/shop.jsonl, contract: shop.order}
  oms.orders: {system: oms, path: data/oms.jsonl, contract: oms.order}
flows:
  order-sync:
    domain: order_sync_continuity
    from: shop.orders
    to: oms.orders
    key: {from: /id, to: /external_id}
    compare: [/currency, {from: /total, to: /total, as: money}]
    time: {from: /created_at, to: /received_at}
    sla: 15m
    missing_after: 24h
    owner: oms-team
"""
SHOP_DATA = [
    '{"id": 1, "currency": "USD", "total": "10.00", "created_at": "2026-11-27T10:00:00Z", "status": "paid"}',
    '{"id": 2, "currency": "JPY", "total": "2000.50", "created_at": "2026-11-27T10:00:00Z"}',
    '{"id": 3, "currency": "USD", "total": "5.00", "created_at": "2026-11-25T10:00:00Z", "status": "voided"}',
    '{"id": 4, "currency": "USD", "total": "5.00", "created_at": "2026-11-27T11:55:00Z"}',
    '{"id": 5, "currency": "USD", "total": "7.00", "created_at": "2026-11-27T11:00:00Z"}',
    '{"id": 6,',
]
OMS_DATA = [
    '{"external_id": "1", "currency": "USD", "total": "10.0", "received_at": "2026-11-27T10:05:00Z"}',
    '{"external_id": "2", "currency": "JPY", "total": "2000", "received_at": "2026-11-27T10:30:00Z"}',
    '{"external_id": "9", "currency": "USD", "total": "1.00", "received_at": "2026-11-27T10:30:00Z"}',
]
AS_OF = "2026-11-27T12:00:00Z"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    (root / "contracts").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "contracts" / "shop.yaml").write_text(SHOP, encoding="utf-8")
    (root / "contracts" / "oms.yaml").write_text(OMS, encoding="utf-8")
    (root / "seamguard.yaml").write_text(WORKSPACE, encoding="utf-8")
    (root / "data" / "shop.jsonl").write_text("\n".join(SHOP_DATA) + "\n", encoding="utf-8")
    (root / "data" / "oms.jsonl").write_text("\n".join(OMS_DATA) + "\n", encoding="utf-8")
    return root


def test_counts_statuses_and_exit(cli: Invoke, ws: Path) -> None:
    res = cli("scan", str(ws), "--as-of", AS_OF, "--format", "json")
    assert res.code == 1  # invalid records and a breach
    report = res.json()
    flow = report["flows"][0]
    # 1 matched on time; 2 late (received 30 min after); 3 missing (2 days old); 4 in flight
    # (5 min old); 5 overdue (1 h old); 9 only in the OMS. Record 6 does not parse.
    assert {k: v for k, v in flow["counts"].items() if v} == {
        "matched": 1,
        "late": 1,
        "in_flight": 1,
        "overdue": 1,
        "missing": 1,
        "orphaned": 1,
        "mismatched": 1,
    }
    assert flow["mismatched_fields"] == {"/currency": 0, "/total": 1}  # 2000.50 vs 2000
    assert flow["examples"]["missing"] == ["3"] and flow["examples"]["orphaned"] == ["9"]
    shop = report["sources"][0]
    assert (shop["records"], shop["valid"], shop["invalid"]) == (6, 3, 3)
    assert {(v["rule"], v["path"], v["first_record"]) for v in shop["violations"]} == {
        ("json.malformed", "", 6),
        ("money.too-many-decimals", "/total", 2),
        ("schema.enum", "/status", 3),
    }
    domains = {d["id"]: d for d in report["domains"]}
    osc = domains["order_sync_continuity"]
    # on time = matched / (matched + late + overdue + missing) = 1 / 4
    assert osc["sli"] == {"name": "on_time_sync_rate", "value": 25.0, "unit": "%"}
    assert (osc["status"], osc["criticality"], osc["owner"], osc["contact"]) == (
        "breach",
        "critical",
        "oms-team",
        "oms@example.com",
    )
    schema = domains["schema_change_resilience"]
    assert schema["sli"]["value"] == pytest.approx(100 * 6 / 9, abs=0.01)
    assert domains["recovery_efficiency"]["status"] == "no_data"
    assert domains["recovery_efficiency"]["sli"]["value"] is None
    assert domains["product_inventory_consistency"]["status"] == "no_data"
    assert report["summary"] == {
        "status": "breach",
        "domains": {"healthy": 0, "warning": 0, "breach": 3, "no_data": 2},
        "records": 9,
        "invalid": 3,
        "quarantined": 3,
    }


def test_report_files_and_determinism(cli: Invoke, ws: Path) -> None:
    cli("scan", str(ws), "--as-of", AS_OF)
    first = (ws / "reports" / "report.json").read_bytes()
    html = (ws / "reports" / "report.html").read_text(encoding="utf-8")
    assert "order-sync" in html and "<script" not in html
    cli("scan", str(ws), "--as-of", AS_OF)
    assert (ws / "reports" / "report.json").read_bytes() == first
    assert json.loads(first)["as_of"] == AS_OF
    # rescanning does not hold the same records twice
    listed = cli("quarantine", "list", "-w", str(ws), "--format", "json").json()["records"]
    assert len(listed) == 3
    assert {r["source"] for r in listed} == {"shop.orders"}


def test_fail_on_never_and_warning(cli: Invoke, ws: Path) -> None:
    assert cli("scan", str(ws), "--as-of", AS_OF, "--fail-on", "never").code == 0
    # A clean workspace with a warning domain exits 0 by default and 1 with --fail-on warning.
    (ws / "data" / "shop.jsonl").write_text(
        "\n".join(
            f'{{"id": {i}, "currency": "USD", "total": "1.00", "created_at": "2026-11-27T10:00:00Z"}}'
            for i in range(1, 201)
        )
        + "\n",
        encoding="utf-8",
    )
    (ws / "data" / "oms.jsonl").write_text(
        "\n".join(
            f'{{"external_id": "{i}", "currency": "USD", "total": "1.00", '
            f'"received_at": "2026-11-27T10:{"05" if i > 2 else "40"}:00Z"}}'
            for i in range(1, 201)
        )
        + "\n",
        encoding="utf-8",
    )
    res = cli("scan", str(ws), "--as-of", AS_OF, "--format", "json")
    osc = next(d for d in res.json()["domains"] if d["id"] == "order_sync_continuity")
    assert (osc["sli"]["value"], osc["status"]) == (99.0, "warning")  # 198 / 200 on time
    assert res.code == 0
    assert cli("scan", str(ws), "--as-of", AS_OF, "--fail-on", "warning").code == 1


def test_source_without_files_is_a_runtime_error(cli: Invoke, ws: Path) -> None:
    (ws / "data" / "oms.jsonl").unlink()
    res = cli("scan", str(ws), "--as-of", AS_OF)
    assert res.code == 3
    assert "oms.orders" in res.err and "data/oms.jsonl" in res.err
    assert "seamguard.yaml:7:35" in res.err  # the value of its path: key


def test_slo_override_changes_the_band(cli: Invoke, ws: Path) -> None:
    text = (
        WORKSPACE + "slos:\n  critical:\n    order_sync_continuity: {objective: 20, warning: 10}\n"
    )
    (ws / "seamguard.yaml").write_text(text, encoding="utf-8")
    report = cli("scan", str(ws), "--as-of", AS_OF, "--format", "json").json()
    osc = next(d for d in report["domains"] if d["id"] == "order_sync_continuity")
    assert osc["band"]["objective"] == 20.0 and osc["status"] == "healthy"


def test_null_records_count_as_unkeyed_and_unreadable_times_are_not_on_time(
    cli: Invoke, ws: Path
) -> None:
    oms = [*OMS_DATA, "null"]
    oms[0] = oms[0].replace('"received_at": "2026-11-27T10:05:00Z"', '"received_at": "soon"')
    (ws / "data" / "oms.jsonl").write_text("\n".join(oms) + "\n", encoding="utf-8")
    report = cli("scan", str(ws), "--as-of", AS_OF, "--format", "json").json()
    flow = report["flows"][0]
    assert flow["to_records"] == 4 and flow["counts"]["unkeyed"] == 1
    assert flow["counts"]["latency_unknown"] == 1
    osc = next(d for d in report["domains"] if d["id"] == "order_sync_continuity")
    # record 1 matched but its latency cannot be read: 0 of 4 due records proven on time
    assert osc["sli"]["value"] == 0.0
    assert osc["evidence"]["latency_unknown"] == 1
