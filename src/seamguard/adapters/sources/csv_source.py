"""CSV record files, streamed row by row with the stdlib :mod:`csv` module.

The first non-blank row is the header. Each later row is one record, numbered continuously and
placed at the line it starts on; its raw bytes (kept for quarantine) are the row's CSV text as
it stands in the file, line breaks inside quoted cells included. Cells become values of the
types the contract's schema expects (:mod:`seamguard.core.coerce`); a row that is ragged or not
UTF-8 is still a record, with a ``csv.*`` finding.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from seamguard.adapters.sources.files import RawRecord, TableOptions, open_binary
from seamguard.core.coerce import RowShape, ShapeError
from seamguard.core.validation.verdict import Violation
from seamguard.errors import Location, SourceError


class _RowLines:
    """The file's lines as text for :func:`csv.reader`, remembering the bytes and the first
    line number of the row being read (the reader pulls exactly the lines of one row)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.lineno = 0
        self._parts: list[bytes] = []
        self._first = 0
        self._undecodable: str | None = None

    def __iter__(self) -> _RowLines:
        return self

    def __next__(self) -> str:
        line = self._handle.readline()
        if not line:
            raise StopIteration
        self.lineno += 1
        if not self._parts:
            self._first = self.lineno
        self._parts.append(line)
        try:
            # utf-8-sig on the first line only: a spreadsheet's byte-order mark is not part of
            # the first column's name.
            return line.decode("utf-8-sig" if self.lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            if self._undecodable is None:
                self._undecodable = (
                    f"line {self.lineno} is not UTF-8 text (byte 0x{line[exc.start]:02x} at "
                    f"column {exc.start + 1}); undecodable bytes read as U+FFFD"
                )
            return line.decode("utf-8", errors="replace")

    def take(self) -> tuple[bytes, int, str | None]:
        """The row just read: its bytes (without the final line break), first line, and a
        note when some of it was not UTF-8. Starts the next row."""
        raw = b"".join(self._parts).rstrip(b"\r\n")
        first, bad = self._first, self._undecodable
        self._parts = []
        self._undecodable = None
        return raw, first, bad


def _issue(rule: str, message: str) -> Violation:
    return Violation(path="", rule=rule, keyword="csv", message=message)


def read_csv(path: Path, shown: str, start: int, table: TableOptions) -> Iterator[RawRecord]:
    """Yield the records of one CSV file, numbering from ``start``."""
    with open_binary(path, shown) as handle:
        lines = _RowLines(handle)
        # strict: a stray or unclosed quote is an error, not a row quietly swallowing the lines
        # after it.
        reader = csv.reader(lines, strict=True)
        shape: RowShape | None = None
        width = 0
        number = start
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raw, first, _ = lines.take()
                if shape is None:
                    raise SourceError(
                        f"the header row cannot be read as CSV: {exc}",
                        location=Location(file=shown, line=first),
                    ) from None
                reason = f"the row cannot be read as CSV: {exc}"
                if "unexpected end of data" in str(exc):
                    reason = (
                        f"a quote opened in the row on line {first} is never closed: the rest of "
                        "the file is held as this one record"
                    )
                # No cells to build a record from: the record is its reason to be held back.
                yield RawRecord(
                    number=number,
                    file=shown,
                    line=first,
                    raw=raw,
                    issues=(_issue("csv.malformed", reason),),
                )
                number += 1
                continue
            raw, first, undecodable = lines.take()
            if not row:  # a blank line
                continue
            if shape is None:
                try:
                    shape = RowShape(row, table.schema, table.columns)
                except ShapeError as exc:
                    raise SourceError(str(exc), location=Location(file=shown, line=first)) from None
                if undecodable:
                    raise SourceError(
                        f"the header {undecodable}", location=Location(file=shown, line=first)
                    )
                width = len(row)
                continue
            issues: list[Violation] = []
            if len(row) != width:
                issues.append(
                    _issue(
                        "csv.ragged-row",
                        f"the row has {len(row)} cells and the header {width}"
                        + ("; cells past the header are not read" if len(row) > width else ""),
                    )
                )
            if undecodable:
                issues.append(_issue("csv.malformed", undecodable))
            yield RawRecord(
                number=number,
                file=shown,
                line=first,
                raw=raw,
                decoded=shape.csv_record(row),
                issues=tuple(issues),
            )
            number += 1
