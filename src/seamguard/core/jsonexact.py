"""Exact JSON parsing: numbers as written, duplicate keys found, errors placed.

Fast parsers lose information a data contract cares about: orjson turns a 20-digit integer into
a float and keeps the last of two duplicate keys silently. Here integers stay Python ints,
fractions stay :class:`~decimal.Decimal` exactly as written, and every duplicate key is reported
with its JSON pointer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from seamguard.core import pointer as jp


@dataclass(frozen=True)
class ParseIssue:
    """A problem in the JSON text itself."""

    kind: str  # "malformed" | "duplicate-key"
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None


class _DupDict(dict[str, Any]):
    """A JSON object in which some key occurred more than once (rare; marked for the report)."""

    duplicates: tuple[str, ...] = ()


class _Seen(threading.local):
    """Whether the document being parsed had a duplicate key (per thread: the decoder is shared)."""

    duplicates = False


_SEEN = _Seen()


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        _SEEN.duplicates = True
        seen: set[str] = set()
        dups = []
        for key, _ in pairs:
            if key in seen:
                dups.append(key)
            seen.add(key)
        marked = _DupDict(out)
        marked.duplicates = tuple(dups)
        return marked
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(
    parse_float=Decimal, object_pairs_hook=_pairs_hook, parse_constant=_reject_constant
)


def loads_exact(text: str | bytes) -> tuple[Any, tuple[ParseIssue, ...]]:
    """Parse one JSON document exactly.

    Returns ``(value, issues)``. A malformed document returns ``(None, (malformed,))`` with the
    1-based line and column of the problem; duplicate keys are issues but the value is kept
    (last occurrence wins, as every mainstream parser does) so the rest can still be checked.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, (ParseIssue("malformed", f"not UTF-8: {exc.reason} at byte {exc.start}"),)
    if text.startswith("\ufeff"):
        text = text[1:]
    _SEEN.duplicates = False
    try:
        value, end = _DECODER.raw_decode(text, _skip_ws(text, 0))
    except json.JSONDecodeError as exc:
        return None, (ParseIssue("malformed", exc.msg, line=exc.lineno, column=exc.colno),)
    except RecursionError:
        return None, (ParseIssue("malformed", "the document nests deeper than can be parsed"),)
    except ValueError as exc:
        return None, (ParseIssue("malformed", str(exc)),)
    rest = _skip_ws(text, end)
    if rest != len(text):
        line = text.count("\n", 0, rest) + 1
        col = rest - (text.rfind("\n", 0, rest) + 1) + 1
        return None, (
            ParseIssue("malformed", "extra data after the JSON value", line=line, column=col),
        )
    if _SEEN.duplicates:
        return value, tuple(
            ParseIssue("duplicate-key", f"key {key!r} appears more than once", pointer=ptr)
            for ptr, key in _duplicates(value, [])
        )
    return value, ()


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\n\r":
        i += 1
    return i


def _duplicates(value: Any, at: list[str | int]) -> Iterator[tuple[str, str]]:
    if isinstance(value, _DupDict):
        for key in value.duplicates:
            yield jp.join([*at, key]), key
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _duplicates(item, [*at, key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _duplicates(item, [*at, i])
