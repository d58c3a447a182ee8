"""Parquet sources: exact values (int64, decimal128, timestamps), nulls by the schema, columns,
canonical JSON kept for quarantine, record batches, and a clear error without pyarrow."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from seamguard.adapters.sources.files import TableOptions, detect_format, read_records
from seamguard.errors import SourceError

SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "total": {"type": "number"},
        "note": {"type": ["string", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "customer": {
            "type": "object",
            "properties": {"email": {"type": "string"}, "phone": {"type": ["string", "null"]}},
        },
    },
}


def _write(tmp_path: Path, table: pa.Table, **kwargs: object) -> Path:
    f = tmp_path / "orders.parquet"
    pq.write_table(table, f, **kwargs)
    return f


def test_round_trip_keeps_decimals_timestamps_and_big_integers_exact(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": pa.array([9_007_199_254_740_993, -1], pa.int64()),
            "total": pa.array([Decimal("409.94"), Decimal("10.00")], pa.decimal128(12, 2)),
            "big": pa.array([Decimal("123456789012345678901234.5"), None], pa.decimal256(40, 1)),
            "created_at": pa.array(
                [1_764_240_000_123_456_789, 1_764_240_000_000_000_000],
                pa.timestamp("ns", tz="America/New_York"),
            ),
            "paid_at": pa.array([1_764_240_000_500, None], pa.timestamp("ms", tz="UTC")),
            "local": pa.array([0, 1], pa.timestamp("s")),
            "day": pa.array([date(2026, 11, 27), None], pa.date32()),
            "ratio": pa.array([0.1, float("nan")], pa.float32()),
            "rate": pa.array([0.1, float("inf")], pa.float64()),
            "u": pa.array([2**64 - 1, 0], pa.uint64()),
            "blob": pa.array([b"\x00\xff", None], pa.binary()),
        }
    )
    recs = list(read_records(_write(tmp_path, table), "parquet", display="o.parquet"))
    assert recs[0].decoded == {
        "id": 9_007_199_254_740_993,
        "total": Decimal("409.94"),
        "big": Decimal("123456789012345678901234.5"),
        "created_at": "2025-11-27T10:40:00.123456789Z",
        "paid_at": "2025-11-27T10:40:00.5Z",
        "local": "1970-01-01T00:00:00",
        "day": "2026-11-27",
        "ratio": Decimal("0.1"),
        "rate": Decimal("0.1"),
        "u": 2**64 - 1,
        "blob": "AP8=",
    }
    # Digits as stored, not merely equal values: 10.00 keeps its scale.
    assert str(recs[1].decoded["total"]) == "10.00"  # type: ignore[index]
    assert recs[1].decoded == {
        "id": -1,
        "total": Decimal("10.00"),
        "created_at": "2025-11-27T10:40:00Z",
        "local": "1970-01-01T00:00:01",
        "ratio": "NaN",
        "rate": "Infinity",
        "u": 0,
    }
    assert recs[0].raw == (
        b'{"big":123456789012345678901234.5,"blob":"AP8=",'
        b'"created_at":"2025-11-27T10:40:00.123456789Z","day":"2026-11-27","id":9007199254740993,'
        b'"local":"1970-01-01T00:00:00","paid_at":"2025-11-27T10:40:00.5Z","rate":0.1,'
        b'"ratio":0.1,"total":409.94,"u":18446744073709551615}'
    )
    assert [(r.number, r.line, r.location) for r in recs] == [
        (1, 1, "o.parquet:1"),
        (2, 2, "o.parquet:2"),
    ]


def test_nulls_follow_the_schema_and_nested_values_convert(tmp_path: Path) -> None:
    customer = pa.struct([("email", pa.string()), ("phone", pa.string())])
    line = pa.struct([("sku", pa.string()), ("price", pa.decimal128(9, 2))])
    table = pa.table(
        {
            "id": pa.array([1, None], pa.int64()),
            "note": pa.array([None, "x"], pa.string()),
            "customer": pa.array([{"email": None, "phone": None}, None], customer),
            "lines": pa.array(
                [[{"sku": "a", "price": Decimal("1.50")}, None], None], pa.list_(line)
            ),
            "attrs": pa.array([[("k", 1)], []], pa.map_(pa.string(), pa.int64())),
            "sizes": pa.array([[1, 2], None], pa.list_(pa.int32(), 2)),
            "kind": pa.array(["web", "pos"]).dictionary_encode(),
        }
    )
    recs = list(read_records(_write(tmp_path, table), "parquet", table=TableOptions(SCHEMA)))
    assert recs[0].decoded == {
        "id": 1,
        "note": None,  # the schema allows null here
        "customer": {"phone": None},  # email may not be null: left out, so required reports it
        "lines": [{"sku": "a", "price": Decimal("1.50")}, None],  # a null item is a value
        "attrs": {"k": 1},
        "sizes": [1, 2],
        "kind": "web",
    }
    assert recs[1].decoded == {"note": "x", "attrs": {}, "kind": "pos"}


def test_columns_map_parquet_columns_to_paths(tmp_path: Path) -> None:
    table = pa.table({"order_id": [7], "email": ["a@b.co"], "secret": ["s"]})
    options = TableOptions(
        SCHEMA, columns={"order_id": "/id", "email": "/customer/email", "secret": None}
    )
    recs = list(read_records(_write(tmp_path, table), "parquet", table=options))
    assert recs[0].decoded == {"id": 7, "customer": {"email": "a@b.co"}}
    assert recs[0].raw == b'{"customer":{"email":"a@b.co"},"id":7}'


def test_many_row_groups_stream_in_order(tmp_path: Path) -> None:
    n = 10_000
    table = pa.table({"id": pa.array(range(n), pa.int64())})
    f = _write(tmp_path, table, row_group_size=1000)
    recs = read_records(f, "parquet", start=5)
    assert [(r.number, r.decoded) for r in recs] == [(i + 5, {"id": i}) for i in range(n)]


def test_format_by_extension_and_not_parquet(tmp_path: Path) -> None:
    assert detect_format(Path("x.parquet")) == "parquet"
    assert detect_format(Path("x.CSV")) == "csv"
    f = tmp_path / "bad.parquet"
    f.write_bytes(b"not parquet at all")
    with pytest.raises(SourceError) as info:
        list(read_records(f, "parquet", display="bad.parquet"))
    assert info.value.exit_code == 3 and "bad.parquet" in str(info.value)


def test_without_pyarrow_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = _write(tmp_path, pa.table({"id": [1]}))
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(SourceError) as info:
        list(read_records(f, "parquet", display="orders.parquet"))
    assert info.value.exit_code == 3
    assert "pip install 'seamguard[parquet]'" in str(info.value)
    assert str(info.value).startswith("orders.parquet")


def test_times_of_day_of_every_unit_and_durations(tmp_path: Path) -> None:
    table = pa.table(
        {
            "t_s": pa.array([3_661, None], pa.time32("s")),
            "t_ms": pa.array([3_661_500, 0], pa.time32("ms")),
            "t_us": pa.array([3_661_000_001, 0], pa.time64("us")),
            "t_ns": pa.array([86_399_999_999_999, 0], pa.time64("ns")),
            "wait": pa.array([1_500, None], pa.duration("ms")),
        }
    )
    recs = list(read_records(_write(tmp_path, table), "parquet", display="t.parquet"))
    assert recs[0].decoded == {
        "t_s": "01:01:01",
        "t_ms": "01:01:01.5",
        "t_us": "01:01:01.000001",
        "t_ns": "23:59:59.999999999",
        "wait": Decimal("1.5"),
    }
    # Null cells of columns the schema does not declare nullable are left out.
    assert recs[1].decoded == {"t_ms": "00:00:00", "t_us": "00:00:00", "t_ns": "00:00:00"}
