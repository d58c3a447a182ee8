"""Record files: JSONL (streamed line by line) and JSON (one document, or an array of them).

Each record comes out with its number (1-based), its line, its raw bytes (kept for quarantine)
and a location string ``file:line`` for messages. A malformed JSONL line is still a record — an
unparseable one — and reading goes on with the next line.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from seamguard.errors import Location, SourceError

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


@dataclass(frozen=True)
class RawRecord:
    """One record as read: where it was and its exact bytes."""

    number: int
    file: str
    line: int | None
    raw: bytes

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


def detect_format(path: Path, declared: str | None = None) -> str:
    """The format of a file: declared, else by extension."""
    if declared:
        return declared
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SourceError(
            f"cannot tell the format of {path.name} (known extensions: {', '.join(sorted(FORMATS))}); "
            "set format: in the source",
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
    path: Path, fmt: str, *, display: str | None = None, start: int = 1
) -> Iterator[RawRecord]:
    """Yield the records of one file in order, numbering from ``start``."""
    shown = display or str(path)
    if fmt == "jsonl":
        yield from _jsonl(path, shown, start)
    elif fmt == "json":
        yield from _json(path, shown, start)
    else:
        raise SourceError(f"unsupported format {fmt!r}", location=Location(file=shown))


def _open(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"file not found: {shown}", location=Location(file=shown)) from None
    except OSError as exc:
        raise SourceError(
            f"cannot read {shown}: {exc.strerror}", location=Location(file=shown)
        ) from None


def _jsonl(path: Path, shown: str, start: int) -> Iterator[RawRecord]:
    number = start
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise SourceError(f"file not found: {shown}", location=Location(file=shown)) from None
    except OSError as exc:
        raise SourceError(
            f"cannot read {shown}: {exc.strerror}", location=Location(file=shown)
        ) from None
    with handle:
        for lineno, line in enumerate(handle, start=1):
            body = line.rstrip(b"\r\n")
            if not body.strip():
                continue
            yield RawRecord(number=number, file=shown, line=lineno, raw=body)
            number += 1


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
