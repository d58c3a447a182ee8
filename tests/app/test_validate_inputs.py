"""`validate` inputs: CSV and Parquet end to end, quoted globs, `--workers` giving the same
output as one process byte for byte, memory that does not grow with the input, progress with
records, and CSV/Parquet sources in a scanned workspace."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console
from rich.progress import Progress

from seamguard.adapters.stores.base import QuarantineItem
from seamguard.adapters.stores.sql import open_store
from seamguard.app.validate import table_options, validate_files
from seamguard.app.validate_cli import run_validate
from seamguard.cli.common import RecordRateColumn
from seamguard.core.contract import contract_from_mapping
from seamguard.core.validation.engine import compile_contract
from seamguard.render.report_json import render_report_json
from seamguard.render.validation import validation_document
from tests.conftest import Invoke

CONTRACT = """\
id: test.order
version: 1.0.0
title: Test order
owner: {team: t}
domain: orders
criticality: standard
schema:
  type: object
  required: [id, total, customer]
  properties:
    id: {type: integer}
    total: {type: string, pattern: "^-?[0-9]+[.][0-9]{2}$"}
    paid: {type: boolean}
    note: {type: [string, "null"]}
    customer:
      type: object
      required: [email]
      properties: {email: {type: string}}
    lines:
      type: array
      items:
        type: object
        required: [sku]
        properties: {sku: {type: string}, qty: {type: integer}}
"""
WHEN = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _compiled() -> Any:
    from ruamel.yaml import YAML

    return compile_contract(contract_from_mapping(YAML(typ="safe").load(CONTRACT)))


def _order(i: int) -> str:
    """Record ``i`` of a generated stream: mostly valid, with every kind of problem mixed in."""
    doc: dict[str, Any] = {
        "id": i,
        "total": f"{i % 500}.{i % 100:02d}",
        "paid": i % 2 == 0,
        "customer": {"email": f"c{i}@example.com"},
        "lines": [{"sku": f"S-{i % 7}", "qty": 1 + i % 3}],
    }
    kind = i % 23
    if kind == 3:
        doc["id"] = f"x{i}"
    elif kind == 5:
        return '{"id": ' + str(i) + ","  # malformed
    elif kind == 9:
        doc["total"] = f"{i}.5"
    elif kind == 13:
        del doc["customer"]["email"]
    elif kind == 17:
        doc["lines"].append({"qty": "two"})
    return json.dumps(doc)


def _jsonl(path: Path, start: int, n: int, *, crlf_every: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        for i in range(start, start + n):
            end = "\r\n" if crlf_every and i % crlf_every == 0 else "\n"
            f.write(_order(i) + end)
            if i % 11 == 0:
                f.write("\n" if i % 2 else "   \n")  # blank lines: no record, but a line
    return path


class _Recorder:
    """A store that records every batch it is handed (order and batch boundaries)."""

    def __init__(self) -> None:
        self.batches: list[list[QuarantineItem]] = []

    def put_quarantine(self, items: list[QuarantineItem]) -> int:
        self.batches.append(list(items))
        return len(items)


def _run(files: list[Path], workers: int, **kwargs: Any) -> tuple[str, list[list[Any]]]:
    compiled = _compiled()
    store = _Recorder()
    run = validate_files(
        compiled,
        [(f, f.name) for f in files],
        fmt=None,
        store=store,  # type: ignore[arg-type]
        source="orders",
        received_at=WHEN,
        table=table_options(compiled.contract, {"customer email": "/customer/email"}),
        workers=workers,
        batch=50,
        **kwargs,
    )
    batches = [
        [(i.record_number, i.location, i.raw, i.reasons) for i in batch] for batch in store.batches
    ]
    return render_report_json(validation_document(run)), batches


def test_workers_give_the_same_output_as_one_process_byte_for_byte(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "a.jsonl", 0, 700, crlf_every=4)
    (tmp_path / "b.csv").write_text(
        "id,total,customer email\n1,1.00,a@b.co\nx,2.0,\n", encoding="utf-8"
    )
    c = tmp_path / "c.jsonl"
    _jsonl(c, 700, 300)
    with c.open("a", encoding="utf-8") as f:  # no final newline
        f.write(_order(1000))
    files = [a, tmp_path / "b.csv", c]
    one, one_batches = _run(files, workers=1)
    # Ranges of 1 KiB: dozens of them, cut mid-line, across three files of two formats.
    two, two_batches = _run(files, workers=2, range_bytes=1024)
    assert two == one
    assert two_batches == one_batches
    doc = json.loads(one)
    assert doc["records"] == 1003 and doc["invalid"] > 200
    assert len(doc["invalid_records"]) == 20
    # Locations name the line in each file, blank lines counted.
    first = {(v["rule"], v["path"]): v["first_location"] for v in doc["violations"]}
    assert first[("json.malformed", "")] == "a.jsonl:7"
    assert first[("schema.pattern", "/total")] == "a.jsonl:11"
    assert first[("schema.required", "/customer")] == "b.csv:3"
    assert sum(len(b) for b in one_batches) == doc["invalid"]


def test_workers_with_one_range_start_no_pool(tmp_path: Path) -> None:
    compiled = _compiled()
    f = _jsonl(tmp_path / "a.jsonl", 0, 50)
    run = validate_files(
        compiled,
        [(f, "a.jsonl")],
        fmt=None,
        store=None,
        source="s",
        received_at=WHEN,
        workers=4,
        range_bytes=10_000_000,  # one range: no pool is started for it
    )
    assert run.summary.records == 50


def _peak(compiled: Any, path: Path, db: Path) -> int:
    with open_store(f"sqlite:///{db}") as store:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        run = validate_files(
            compiled,
            [(path, path.name)],
            fmt=None,
            store=store,
            source="big",
            received_at=WHEN,
        )
        peak = tracemalloc.get_traced_memory()[1] - base
    assert run.summary.invalid > 0 and run.quarantined_new == run.summary.invalid
    return peak


@pytest.mark.slow
def test_memory_does_not_grow_with_the_number_of_records(tmp_path: Path) -> None:
    compiled = _compiled()
    warm = _jsonl(tmp_path / "warm.jsonl", 0, 2_000)
    small = _jsonl(tmp_path / "small.jsonl", 0, 10_000)
    big = _jsonl(tmp_path / "big.jsonl", 0, 100_000)
    tracemalloc.start()
    try:
        _peak(compiled, warm, tmp_path / "warm.db")  # first-use caches (SQLAlchemy, regexes)
        p_small = _peak(compiled, small, tmp_path / "small.db")
        p_big = _peak(compiled, big, tmp_path / "big.db")
    finally:
        tracemalloc.stop()
    # Ten times the records (and the quarantined ones) in about the same peak: the run holds
    # counts, groups, twenty examples and one batch, never the records.
    assert p_big < 1.25 * p_small, (p_small, p_big)


def test_validate_csv_with_columns_through_the_cli(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.yaml").write_text(CONTRACT, encoding="utf-8")
    Path("orders.csv").write_text(
        "id,total_price,paid,note,customer email,line1 sku,line1 qty,internal\n"
        "1,10.00,true,,a@b.co,S1,2,x\n"
        "abc,10.0,FALSE,hi,,S2,two,y\n",
        encoding="utf-8",
    )
    res = cli(
        "validate", "orders.csv", "-c", "c.yaml", "--format", "json",
        "--column", "total_price=/total", "--column", "customer email=/customer/email",
        "--column", "line1 sku=/lines/0/sku", "--column", "line1 qty=/lines/0/qty",
        "--column", "internal=",
    )  # fmt: skip
    assert res.code == 1, res.err
    doc = res.json()
    assert (doc["records"], doc["valid"], doc["invalid"], doc["quarantined_new"]) == (2, 1, 1, 1)
    found = sorted((r["rule"], r["path"]) for r in doc["invalid_records"][0]["reasons"])
    assert found == [
        ("schema.pattern", "/total"),
        ("schema.required", "/customer"),
        ("schema.type", "/id"),
        ("schema.type", "/lines/0/qty"),
    ]
    assert doc["invalid_records"][0]["location"] == "orders.csv:3"
    held = cli("quarantine", "list", "--format", "json").json()["records"]
    assert [r["record_number"] for r in held] == [2]
    bad = cli("validate", "orders.csv", "-c", "c.yaml", "--column", "total_price")
    assert bad.code == 2 and "NAME=/pointer" in bad.err


def test_validate_parquet_through_the_cli(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.yaml").write_text(CONTRACT, encoding="utf-8")
    customer = pa.struct([("email", pa.string())])
    table = pa.table(
        {
            "id": pa.array([1, 2], pa.int64()),
            "total": pa.array(["10.00", "3.5"]),
            "note": pa.array([None, None], pa.string()),
            "customer": pa.array([{"email": "a@b.co"}, {"email": None}], customer),
        }
    )
    pq.write_table(table, "orders.parquet")
    res = cli("validate", "orders.parquet", "-c", "c.yaml", "--format", "json")
    assert res.code == 1, res.err
    doc = res.json()
    assert (doc["records"], doc["valid"], doc["invalid"]) == (2, 1, 1)
    found = sorted((r["rule"], r["path"]) for r in doc["invalid_records"][0]["reasons"])
    assert found == [("schema.pattern", "/total"), ("schema.required", "/customer/email")]
    assert doc["invalid_records"][0]["location"] == "orders.parquet:2"
    shown = cli("quarantine", "show", "1", "--format", "json").json()["record"]
    assert json.loads(shown["raw"]) == {"customer": {}, "id": 2, "note": None, "total": "3.5"}


def test_validate_expands_a_quoted_glob_in_sorted_order(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.yaml").write_text(CONTRACT, encoding="utf-8")
    data = Path("data")
    (data / "more").mkdir(parents=True)
    _jsonl(data / "b.jsonl", 100, 4)
    _jsonl(data / "a.jsonl", 0, 4)
    _jsonl(data / "more" / "c.jsonl", 200, 4)
    (data / "notes.txt").write_text("not records", encoding="utf-8")
    args = ("-c", "c.yaml", "--format", "json", "--no-quarantine")
    doc = cli("validate", "data/*.jsonl", *args).json()
    assert doc["files"] == ["data/a.jsonl", "data/b.jsonl"]
    assert doc["records"] == 8
    deep = cli("validate", "data/**/*.jsonl", "data/a.jsonl", *args).json()
    assert deep["files"] == ["data/a.jsonl", "data/b.jsonl", "data/more/c.jsonl"]
    assert deep["records"] == 12
    none = cli("validate", "data/*.csv", "-c", "c.yaml")
    assert none.code == 3 and "no file matches 'data/*.csv'" in none.err


class _Progress:
    def __init__(self) -> None:
        self.total = 0
        self.nbytes = 0
        self.records = 0

    def start(self, total_bytes: int, label: str) -> None:
        self.total = total_bytes

    def advance(self, nbytes: int, records: int = 1) -> None:
        self.nbytes += nbytes
        self.records += records

    def finish(self) -> None:
        pass


def test_progress_counts_bytes_and_records(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(CONTRACT, encoding="utf-8")
    f = _jsonl(tmp_path / "orders.jsonl", 0, 3000)
    progress = _Progress()
    run = run_validate(
        [f], str(tmp_path / "c.yaml"), workspace=tmp_path, store=None, source=None, fmt=None,
        quarantine=False, progress=progress,
    )  # fmt: skip
    assert progress.records == run.summary.records == 3000
    assert progress.total == f.stat().st_size
    assert 0 < progress.nbytes <= progress.total  # each record's bytes and its line break
    # With workers, each range reports its bytes and records at once: exactly the file.
    counted = _Progress()
    validate_files(
        _compiled(), [(f, f.name)], fmt=None, store=None, source="s", received_at=WHEN,
        progress=counted.advance, workers=2, range_bytes=16_384,
    )  # fmt: skip
    assert (counted.records, counted.nbytes) == (3000, f.stat().st_size)


def test_the_progress_bar_shows_records_per_second() -> None:
    out = io.StringIO()
    bar = Progress(RecordRateColumn(), console=Console(file=out, force_terminal=True))
    task = bar.add_task("x", total=10, records=1234)
    text = RecordRateColumn().render(bar.tasks[task]).plain
    assert text.startswith("1,234 rec, ") and text.endswith(" rec/s")


@pytest.mark.slow
def test_workers_2_on_100k_records_matches_one_process(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.yaml").write_text(CONTRACT, encoding="utf-8")
    _jsonl(Path("orders.jsonl"), 0, 100_000)
    outs = []
    for workers in ("1", "2"):
        res = cli(
            "validate", "orders.jsonl", "-c", "c.yaml", "--format", "json",
            "--workers", workers, "--store", f"sqlite:///{tmp_path / workers}.db",
        )  # fmt: skip
        assert res.code == 1, res.err
        outs.append(res.out)
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    assert doc["records"] == 100_000 and doc["quarantined_new"] == doc["invalid"]


WORKSPACE = """\
version: 1
systems: {oms: {}, dwh: {}}
sources:
  oms.orders:
    system: oms
    path: data/orders.csv
    contract: test.order
    columns: {total_price: /total, "customer email": /customer/email, "line1 sku": /lines/0/sku}
  dwh.orders: {system: dwh, path: "data/*.parquet", contract: test.order}
"""


def test_scan_reads_csv_and_parquet_sources(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "order.yaml").write_text(CONTRACT, encoding="utf-8")
    (tmp_path / "seamguard.yaml").write_text(WORKSPACE, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "orders.csv").write_text(
        "id,total_price,customer email,line1 sku\n1,1.00,a@b.co,S\n2,2.00,,S\n3,3.00,c@d.co,\n",
        encoding="utf-8",
    )
    pq.write_table(
        pa.table(
            {
                "id": pa.array([7, 8], pa.int64()),
                "total": pa.array([Decimal("1.00"), Decimal("2.00")], pa.decimal128(9, 2)),
                "customer": pa.array([{"email": "x@y.z"}, None]),
            }
        ),
        tmp_path / "data" / "orders.parquet",
    )
    res = cli("scan", ".", "--format", "json", "--as-of", "2026-11-27T12:00:00Z")
    assert res.code in (0, 1), res.err
    sources = {s["name"]: s for s in res.json()["sources"]}
    oms = sources["oms.orders"]
    assert (oms["records"], oms["valid"], oms["invalid"]) == (3, 2, 1)
    assert [(v["rule"], v["path"], v["first_location"]) for v in oms["violations"]] == [
        ("schema.required", "/customer", "data/orders.csv:3")
    ]
    dwh = sources["dwh.orders"]
    # A decimal128 total is a number, and the contract wants a string: reported on both rows.
    assert (dwh["records"], dwh["invalid"]) == (2, 2)
    assert sorted((v["rule"], v["path"], v["count"]) for v in dwh["violations"]) == [
        ("schema.required", "/customer", 1),
        ("schema.type", "/total", 2),
    ]


@pytest.mark.parametrize(
    ("columns", "words"),
    [
        ("{a: /x/*}", ["'*'"]),
        ("{a: x}", ["JSON pointer"]),
        ("{a: /x, b: /x/y}", ["same place"]),
        ("{a: ''}", ["not the root"]),
        ("[a]", ["columns must be a mapping"]),
    ],
)
def test_bad_columns_are_config_errors_at_their_line(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str, words: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seamguard.yaml").write_text(
        "version: 1\nsystems: {oms: {}}\nsources:\n"
        f"  o: {{system: oms, path: o.csv, contract: commerce.order, columns: {columns}}}\n",
        encoding="utf-8",
    )
    res = cli("lint", ".")
    assert res.code == 2, res.out + res.err
    assert "seamguard.yaml:4" in res.err
    for word in words:
        assert word in res.err


def test_columns_on_a_json_source_is_a_config_error(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seamguard.yaml").write_text(
        "version: 1\nsystems: {oms: {}}\nsources:\n  o:\n    system: oms\n    path: o.jsonl\n"
        "    contract: commerce.order\n    format: jsonl\n    columns: {a: /a}\n",
        encoding="utf-8",
    )
    res = cli("lint", ".")
    assert res.code == 2 and "seamguard.yaml:9" in res.err and "csv and parquet" in res.err


def test_workers_with_cross_record_rules_say_they_ran_in_one_process(tmp_path: Path) -> None:
    compiled = compile_contract(
        contract_from_mapping(
            {
                "id": "test.unique",
                "version": "1.0.0",
                "title": "t",
                "owner": {"team": "t"},
                "domain": "orders",
                "criticality": "high",
                "schema": {"type": "object"},
                "rules": [{"id": "one-id", "kind": "unique", "paths": ["/id"]}],
            }
        )
    )
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"id":1}\n{"id":2}\n{"id":1}\n')
    common: dict[str, Any] = {
        "fmt": None,
        "store": None,
        "source": "t",
        "received_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    two = validate_files(compiled, [(path, "r.jsonl")], workers=2, range_bytes=4, **common)
    one = validate_files(compiled, [(path, "r.jsonl")], **common)
    assert two.summary.invalid == one.summary.invalid == 1
    assert one.notes == ()
    assert two.notes == (
        "checked in one process, not 2: test.unique has cross-record rules (unique), which "
        "must see every record in order",
    )
