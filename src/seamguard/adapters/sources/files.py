"""Record files: JSONL (streamed line by line), JSON (one document, or an array of them), CSV
(streamed row by row) and Parquet (record batches; needs the ``parquet`` extra).

Each record comes out with its number (1-based), its line, its raw bytes (kept for quarantine)
and a location string ``file:line`` for messages. A malformed JSONL line or CSV row is still a
record — an unparseable one — and reading goes on with the next line.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from seamguard.core.validation.verdict import Violation
from seamguard.errors import Location, SourceError

FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".parquet": "parquet",
}


@dataclass(frozen=True)
class RawRecord:
    """One record as read: where it was and its exact bytes.

    JSON records are parsed by the validator from ``raw``. Tabular readers (CSV, Parquet) hand
    over the record already built as ``decoded``, with ``issues`` found while reading the row
    (a ragged row, bytes that are not UTF-8); an unreadable row has ``issues`` and no
    ``decoded``. For Parquet, ``line`` is the row number.
    """

    number: int
    file: str
    line: int | None
    raw: bytes
    decoded: dict[str, Any] | None = None
    issues: tuple[Violation, ...] = ()

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class TableOptions:
    """How rows of tabular files (CSV, Parquet) become records: the contract's JSON Schema
    (plain dicts), which types cells are read as and where nulls are allowed, and ``columns``,
    column name -> destination pointer (None leaves the column out)."""

    schema: Any = None
    columns: Mapping[str, str | None] = field(default_factory=dict)


def detect_format(path: Path, declared: str | None = None) -> str:
    """The format of a file: declared, else by extension."""
    if declared:
        return declared
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SourceError(
            f"cannot tell the format of {path.name} (known extensions: {', '.join(sorted(FORMATS))}); "
            "name it: `format:` in a workspace source, `--input-format` on validate",
            location=Location(file=str(path)),
        )
    return fmt


def expand(pattern: str, base: Path) -> list[Path]:
    """Files a source path or glob names, relative to ``base``, sorted for determinism."""
    full = pattern if Path(pattern).is_absolute() else str(base / pattern)
    if any(ch in pattern for ch in "*?["):
        # Broken links stay in the list: reading them fails with the path, rather than the
        # source silently losing a file.
        return sorted(Path(p) for p in glob.glob(full, recursive=True) if not Path(p).is_dir())
    path = Path(full)
    return [path] if path.exists() or path.is_symlink() else []


def read_records(
    path: Path,
    fmt: str,
    *,
    display: str | None = None,
    start: int = 1,
    table: TableOptions | None = None,
) -> Iterator[RawRecord]:
    """Yield the records of one file in order, numbering from ``start``. ``table`` says how
    CSV and Parquet rows become records (without it, cells stay strings)."""
    shown = display or str(path)
    if fmt == "jsonl":
        yield from JsonlSlice(path, shown, first_number=start)
    elif fmt == "json":
        yield from _json(path, shown, start)
    elif fmt == "csv":
        from seamguard.adapters.sources.csv_source import read_csv

        yield from read_csv(path, shown, start, table or TableOptions())
    elif fmt == "parquet":
        from seamguard.adapters.sources.parquet_source import read_parquet

        yield from read_parquet(path, shown, start, table or TableOptions())
    else:
        raise SourceError(f"unsupported format {fmt!r}", location=Location(file=shown))


def _open(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError("file not found", location=Location(file=shown)) from None
    except OSError as exc:
        raise SourceError(
            f"cannot read {shown}: {exc.strerror}", location=Location(file=shown)
        ) from None


def open_binary(path: Path, shown: str) -> BinaryIO:
    """Open a record file for reading, or fail with a :class:`SourceError` naming it."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise SourceError("file not found", location=Location(file=shown)) from None
    except OSError as exc:
        raise SourceError(
            f"cannot read {shown}: {exc.strerror}", location=Location(file=shown)
        ) from None


class JsonlSlice:
    """The JSONL records of the lines that *start* in the byte range ``[start, end)`` of a file
    (``end`` None: to the end), so ranges cut anywhere split the file at line boundaries, each
    line read by exactly one range. Records are numbered from ``first_number`` and lines from
    1 within the range; ``lines`` counts the range's lines (blank ones too) once iterated."""

    def __init__(
        self,
        path: Path,
        shown: str,
        *,
        start: int = 0,
        end: int | None = None,
        first_number: int = 1,
    ) -> None:
        self.path = path
        self.shown = shown
        self.start = start
        self.end = end
        self.first_number = first_number
        self.lines = 0
        self.nbytes = 0

    def __iter__(self) -> Iterator[RawRecord]:
        number = self.first_number
        for line, body in self.bodies():
            yield RawRecord(number=number, file=self.shown, line=line, raw=body)
            number += 1

    def bodies(self) -> Iterator[tuple[int, bytes]]:
        """``(line, bytes)`` of each non-blank line of the range, without its line ending.

        Read in blocks: a line costs a search and one copy, not a call into the file."""
        end = self.end
        lines = nbytes = 0
        try:
            with open_binary(self.path, self.shown) as handle:
                if self.start > 0:
                    # The line running over ``start`` belongs to the range before; when
                    # ``start`` is a line's first byte this reads just the newline before it.
                    handle.seek(self.start - 1)
                    handle.readline()
                pos = handle.tell()
                pieces: list[bytes] = []  # a line not yet ended, in the blocks read so far
                while True:
                    block = handle.read(_BLOCK)
                    if not block:
                        break
                    last = block.rfind(b"\n")
                    if last < 0:
                        pieces.append(block)  # inside one long line: joined once, when it ends
                        continue
                    if pieces:
                        pieces.append(block)
                        block = b"".join(pieces)
                        last = block.rfind(b"\n")
                    pieces = [block[last + 1 :]] if last + 1 < len(block) else []
                    find = block.find
                    i = 0
                    while i <= last:
                        if end is not None and pos >= end:
                            return
                        j = find(b"\n", i)
                        pos += j - i + 1
                        lines += 1
                        nbytes += j - i + 1
                        k = j
                        while k > i and block[k - 1] == 13:  # \r before the \n
                            k -= 1
                        if k > i and not (block[i] in _BLANK and block[i:k].isspace()):
                            yield lines, block[i:k]
                        i = j + 1
                if pieces and (end is None or pos < end):
                    line = b"".join(pieces)
                    lines += 1
                    nbytes += len(line)
                    body = line.rstrip(b"\r\n")
                    if body and not body.isspace():
                        yield lines, body
        finally:
            self.lines += lines
            self.nbytes += nbytes


_BLANK = frozenset(b" \t\r\n\x0b\x0c")
# Bytes read at a time from a JSONL file.
_BLOCK = 1024 * 1024


def _json(path: Path, shown: str, start: int) -> Iterator[RawRecord]:
    data = _open(path, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield RawRecord(number=start, file=shown, line=1, raw=data)
        return
    i = _ws(text, 0)
    if i >= len(text) or text[i] != "[":
        # A single document: one record, whatever it holds (the validator reports malformed JSON).
        yield RawRecord(number=start, file=shown, line=text.count("\n", 0, i) + 1, raw=data)
        return
    # An array of documents: find each element's exact span so its raw bytes can be kept.
    decoder = json.JSONDecoder()
    number = start
    i = _ws(text, i + 1)
    if i < len(text) and text[i] == "]":
        return
    while i < len(text):
        line = text.count("\n", 0, i) + 1
        try:
            _, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError:
            # Element boundaries are lost after a syntax error: keep the rest as one bad record.
            yield RawRecord(number=number, file=shown, line=line, raw=text[i:].encode("utf-8"))
            return
        yield RawRecord(number=number, file=shown, line=line, raw=text[i:end].encode("utf-8"))
        number += 1
        i = _ws(text, end)
        if i < len(text) and text[i] == ",":
            i = _ws(text, i + 1)
            continue
        if i < len(text) and text[i] == "]":
            return
        yield RawRecord(
            number=number, file=shown, line=text.count("\n", 0, i) + 1, raw=text[i:].encode("utf-8")
        )
        return


def _ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    return i
