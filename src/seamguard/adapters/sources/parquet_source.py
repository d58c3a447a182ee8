"""Parquet record files, read in record batches with pyarrow (the ``parquet`` extra).

Memory stays bounded by one row group, whatever the file's length. Values are converted
exactly, column by column, from their Arrow type:

- integers stay Python ints (int64 and uint64 digit for digit); decimal128/256 become
  :class:`~decimal.Decimal` with their scale; floats become the Decimal of their shortest
  round-trip text (``0.1``, never ``0.1000000000000000055``), NaN and infinities the strings
  ``"NaN"``, ``"Infinity"``, ``"-Infinity"`` (no JSON number holds them, so the schema reports
  them);
- timestamps become RFC 3339 text at their unit's precision, in UTC with ``Z`` when the column
  has a time zone; a timestamp without one is written without an offset (seamguard does not
  guess the zone, and ``format: date-time`` then says so); dates ``YYYY-MM-DD``, times of day
  ``HH:MM:SS[.fraction]``, durations a Decimal number of seconds;
- binary values become base64 text; structs objects; lists and maps arrays and objects.

A null in a column or struct field is left out of the record unless the schema allows null
there (:mod:`seamguard.core.coerce`). Parquet has no lines: a record's "line" is its row
number. Quarantine keeps the record as canonical JSON text.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from seamguard.adapters.sources.files import RawRecord, TableOptions
from seamguard.core.coerce import (
    MISSING,
    Column,
    NullPolicy,
    RowShape,
    ShapeError,
    allows_null,
    record_json,
)
from seamguard.errors import Location, SourceError

BATCH_ROWS = 4096
_EPOCH = datetime(1970, 1, 1)
_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
EXTRA_HINT = "reading Parquet needs pyarrow: pip install 'seamguard[parquet]'"


def read_parquet(path: Path, shown: str, start: int, table: TableOptions) -> Iterator[RawRecord]:
    """Yield the records of one Parquet file, numbering from ``start``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise SourceError(f"{shown}: {EXTRA_HINT}", location=Location(file=shown)) from None
    if not path.exists():
        raise SourceError("file not found", location=Location(file=shown))
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise SourceError(
            f"cannot read {shown} as Parquet: {exc}", location=Location(file=shown)
        ) from None
    with parquet:
        try:
            shape = RowShape(list(parquet.schema_arrow.names), table.schema, table.columns)
        except ShapeError as exc:
            raise SourceError(str(exc), location=Location(file=shown)) from None
        nulls = NullPolicy(table.schema)

        def convert(value: Any, column: Column) -> Any:
            if value is None:
                return None if allows_null(column.types) else MISSING
            return nulls.prune(value, column.tokens)

        number, row = start, 0
        try:
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
                columns = [_values(pa, batch.column(i)) for i in range(batch.num_columns)]
                for values in zip(*columns, strict=True):
                    row += 1
                    doc = shape.record(values, convert)
                    yield RawRecord(
                        number=number, file=shown, line=row, raw=record_json(doc), decoded=doc
                    )
                    number += 1
        except (OSError, pa.ArrowException) as exc:
            raise SourceError(
                f"cannot read {shown} past row {row}: {exc}",
                location=Location(file=shown, line=row + 1),
            ) from None


def _values(pa: Any, arr: Any) -> list[Any]:
    """The Python values of one Arrow array, converted exactly (see the module docstring)."""
    t = arr.type
    types = pa.types
    if types.is_dictionary(t):
        return _values(pa, arr.dictionary_decode())
    if types.is_null(t):
        return [None] * len(arr)
    if types.is_boolean(t) or types.is_integer(t) or types.is_decimal(t):
        return list(arr.to_pylist())
    if types.is_string(t) or types.is_large_string(t):
        return list(arr.to_pylist())
    if types.is_floating(t):
        if t.bit_width == 16:  # half floats come out as numpy scalars: widen them exactly first
            arr = arr.cast(pa.float32())
        single = t.bit_width <= 32
        return [None if v is None else _float(v, single) for v in arr.to_pylist()]
    if types.is_timestamp(t):
        zoned = t.tz is not None
        per = _PER_SECOND[t.unit]
        return [
            None if v is None else _instant(v, per, zoned) for v in arr.cast(pa.int64()).to_pylist()
        ]
    if types.is_date(t):
        return [None if v is None else v.isoformat() for v in arr.to_pylist()]
    if types.is_time(t):
        per = _PER_SECOND[t.unit]
        # time32 only casts to the integer of its own width.
        ints = arr.cast(pa.int32() if t.bit_width == 32 else pa.int64())
        return [None if v is None else _time_of_day(v, per) for v in ints.to_pylist()]
    if types.is_duration(t):
        per = _PER_SECOND[t.unit]
        return [None if v is None else Decimal(v) / per for v in arr.cast(pa.int64()).to_pylist()]
    if types.is_binary(t) or types.is_large_binary(t) or types.is_fixed_size_binary(t):
        return [None if v is None else base64.b64encode(v).decode("ascii") for v in arr.to_pylist()]
    if types.is_struct(t):
        names = [t.field(i).name for i in range(t.num_fields)]
        # flatten() applies the array's offset and the struct's own nulls to each child.
        children = [_values(pa, child) for child in arr.flatten()]
        valid = arr.is_valid().to_pylist()
        return [
            dict(zip(names, members, strict=True)) if ok else None
            for ok, *members in zip(valid, *children, strict=True)
        ]
    if types.is_map(t):
        entry = pa.struct(
            [pa.field("key", t.key_type, nullable=False), pa.field("value", t.item_type)]
        )
        pairs = _lists(pa, arr.cast(pa.list_(entry)))
        return [None if p is None else {_key(e["key"]): e["value"] for e in p} for p in pairs]
    if types.is_fixed_size_list(t):
        # flatten() of a fixed-size list drops the slots of null lists; as a plain list it
        # keeps its lengths.
        return _lists(pa, arr.cast(pa.list_(t.value_type)))
    if types.is_list(t) or types.is_large_list(t):
        return _lists(pa, arr)
    if getattr(types, "is_list_view", None) and (
        types.is_list_view(t) or types.is_large_list_view(t)
    ):
        return _lists(pa, arr.cast(pa.large_list(t.value_type)))
    return [_plain(v) for v in arr.to_pylist()]


def _lists(pa: Any, arr: Any) -> list[Any]:
    flat = _values(pa, arr.flatten())
    out: list[Any] = []
    at = 0
    for length in arr.value_lengths().to_pylist():
        if length is None:
            out.append(None)
            continue
        out.append(flat[at : at + length])
        at += length
    return out


def _float(value: float, single: bool) -> Any:
    if value != value:  # NaN
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if single:
        # A float32 widened to float64 has noise digits (0.1f is 0.10000000149011612): take
        # the shortest text that reads back as the same float32.
        packed = struct.pack("<f", value)
        for digits in range(6, 10):
            text = f"{value:.{digits}g}"
            if struct.pack("<f", float(text)) == packed:
                return Decimal(text)
    return Decimal(repr(value))


def _fraction(rest: int, per: int) -> str:
    if not rest:
        return ""
    return "." + str(rest).rjust(len(str(per)) - 1, "0").rstrip("0")


def _instant(value: int, per: int, zoned: bool) -> Any:
    seconds, rest = divmod(value, per)
    try:
        moment = _EPOCH + timedelta(seconds=seconds)
    except OverflowError:  # beyond year 9999: no RFC 3339 text; the raw count, for the schema
        return value
    return moment.isoformat(timespec="seconds") + _fraction(rest, per) + ("Z" if zoned else "")


def _time_of_day(value: int, per: int) -> str:
    seconds, rest = divmod(value, per)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{_fraction(rest, per)}"


def _key(value: Any) -> str:
    return value if isinstance(value, str) else str(_plain(value))


def _plain(value: Any) -> Any:
    """A value of a type without an exact conversion above, made JSON data."""
    if isinstance(value, float):
        return _float(value, single=False)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str | Decimal):
        return value
    return str(value)
