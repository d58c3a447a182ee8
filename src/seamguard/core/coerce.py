"""Tabular rows (CSV cells, Parquet values) turned into the JSON records a contract describes.

A CSV cell is only text, so its type comes from the contract's JSON Schema at the path the
column lands on: the cell is read as the JSON literal it would be under the types the schema
allows there. What cannot be read so stays a string, and the schema then reports
``schema.type`` at that path: a bad cell is a finding about its record, never a crash.

Decisions (documented in docs/config.md, ``sources.<name>.columns``):

- Numbers follow JSON's grammar exactly: ``42`` is an int, ``409.94`` a :class:`Decimal` with
  those digits (never a float); ``007``, ``+1``, ``1,000``, ``NaN`` are not numbers.
- Booleans: ``true``/``false`` in any case, and ``1``/``0`` where the schema allows a boolean
  but no number.
- A missing value (an empty CSV cell, a Parquet null in a column or struct field) becomes
  ``null`` where the schema allows null at that path, and is left out otherwise, so a required
  field reports ``schema.required`` at its own path. (CSV cannot tell an empty string from no
  value; an empty cell is read as no value.)
- A cell for a field that is only an object or array is parsed as JSON when it holds one.
- Strings are kept verbatim, spaces included.

Pure: no files; the adapters read the rows and hand the values here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from seamguard.core import pointer as jp
from seamguard.core.jsonexact import loads_exact
from seamguard.core.schema_paths import subschemas_at

# JSON's number grammar (RFC 8259 section 6): what a cell must look like to be read as a number.
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_INDEX = re.compile(r"0|[1-9][0-9]*")
_TRUE = ("true", "1")
_FALSE = ("false", "0")


class _Missing:
    """No value: the member is left out of the record."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


class ShapeError(ValueError):
    """A table's columns cannot be placed (two columns on one path, a mapped column absent)."""


def json_type(value: Any) -> str:
    """The JSON Schema type name of a Python JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    return "array"


def expected_types(schema: Any, pointer: str) -> frozenset[str] | None:
    """The JSON types the schema allows at the instance ``pointer``.

    The union over every schema that applies there (through ``$ref``, ``allOf``, ``anyOf``,
    ``oneOf``, ``if``/``then``/``else``), from ``type``, ``const`` and ``enum``. None when the
    path is undeclared or nothing there constrains the type: the value is then left as read.
    """
    found: set[str] = set()
    constrained = False
    for sub in subschemas_at(schema, pointer):
        declared = sub.get("type")
        if isinstance(declared, str):
            found.add(declared)
            constrained = True
        elif isinstance(declared, list | tuple):
            found.update(t for t in declared if isinstance(t, str))
            constrained = True
        if "const" in sub:
            found.add(json_type(sub["const"]))
            constrained = True
        enum = sub.get("enum")
        if isinstance(enum, list | tuple):
            found.update(json_type(v) for v in enum)
            constrained = True
    return frozenset(found) if constrained else None


def allows_null(types: frozenset[str] | None) -> bool:
    """Whether a missing value becomes ``null`` (only where the schema says null is allowed)."""
    return types is not None and "null" in types


def coerce_cell(text: str, types: frozenset[str] | None) -> Any:
    """One CSV cell as the value the schema expects; :data:`MISSING` for an empty cell that
    may not be null. Text that does not read as an allowed type is returned unchanged."""
    if text == "":
        return None if allows_null(types) else MISSING
    if not types:
        return text
    word = text.strip(" \t")
    if "integer" in types or "number" in types:
        try:
            if _INT.fullmatch(word):
                return int(word)
            if _NUMBER.fullmatch(word):
                return Decimal(word)
        except ValueError:  # beyond int's digit limit: left as text for the schema to judge
            return text
    if "boolean" in types:
        low = word.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    if ("object" in types or "array" in types) and word[:1] in ("{", "["):
        value, issues = loads_exact(word)
        if not issues and json_type(value) in types:
            return value
    return text


@dataclass(frozen=True)
class Column:
    """Where one column of a table goes: ``tokens`` of the destination pointer (empty: the
    column is left out), the types the schema allows there, and for each intermediate
    container whether it is an array."""

    name: str
    tokens: tuple[str, ...]
    types: frozenset[str] | None
    arrays: tuple[bool, ...]

    @property
    def pointer(self) -> str:
        return jp.join(self.tokens)


class RowShape:
    """How the columns of one table (its header) become a record, for one schema.

    ``columns`` maps a column name to a destination pointer (``/customer/email``) or to None to
    leave the column out; unmapped columns go to the top-level property of the same name.
    Intermediate containers are arrays where the schema says so (or, undeclared, where the
    next token is an index), objects otherwise; array gaps are filled with null.
    """

    def __init__(
        self, header: Sequence[str], schema: Any, columns: Mapping[str, str | None] | None = None
    ) -> None:
        columns = columns or {}
        missing = [name for name in columns if name not in header]
        if missing:
            raise ShapeError(
                f"column {missing[0]!r} named under columns: is not in the header "
                f"(columns: {', '.join(header)})"
            )
        self.schema = schema
        placed: dict[tuple[str, ...], str] = {}
        # Whether each intermediate container is an array, decided once per prefix so that
        # two columns under /lines agree on what /lines is.
        kinds: dict[tuple[str, ...], bool] = {}
        out: list[Column] = []
        for name in header:
            if name in columns:
                target = columns[name]
                tokens = jp.parse(target) if target else ()
            else:
                tokens = (name,)
            if tokens:
                _check_clash(name, tokens, placed)
                placed[tokens] = name
            out.append(
                Column(
                    name=name,
                    tokens=tokens,
                    types=expected_types(schema, jp.join(tokens)) if tokens else None,
                    arrays=tuple(
                        _container_kind(name, schema, tokens, depth, kinds)
                        for depth in range(1, len(tokens))
                    ),
                )
            )
        self.columns: tuple[Column, ...] = tuple(out)

    def record(
        self, values: Sequence[Any], convert: Callable[[Any, Column], Any]
    ) -> dict[str, Any]:
        """The record of one row: ``convert(value, column)`` gives each value (or
        :data:`MISSING`); values beyond the header are ignored (the reader reports them)."""
        doc: dict[str, Any] = {}
        nulls: list[Column] = []
        for column, raw in zip(self.columns, values, strict=False):
            if not column.tokens:
                continue
            value = convert(raw, column)
            if value is None:
                nulls.append(column)
            elif value is not MISSING:
                _place(doc, column, value)
        # A null never creates the object or item it sits in: a line item whose cells are all
        # empty is no line item. It is written only where a value already made its container.
        for column in nulls:
            if _container_exists(doc, column.tokens[:-1]):
                _place(doc, column, None)
        return doc

    def csv_record(self, cells: Sequence[str]) -> dict[str, Any]:
        """The record of one CSV row, each cell coerced to its column's schema types."""
        return self.record(cells, lambda text, column: coerce_cell(text, column.types))


def _check_clash(name: str, tokens: tuple[str, ...], placed: Mapping[tuple[str, ...], str]) -> None:
    """Two columns on one path, or one inside the other, would overwrite each other."""
    for other, other_name in placed.items():
        shorter = min(len(other), len(tokens))
        if other[:shorter] == tokens[:shorter]:
            raise ShapeError(
                f"columns {other_name!r} ({jp.join(other)}) and {name!r} ({jp.join(tokens)}) "
                "write the same place; map one elsewhere, or to null to leave it out"
            )


def _container_kind(
    name: str,
    schema: Any,
    tokens: tuple[str, ...],
    depth: int,
    kinds: dict[tuple[str, ...], bool],
) -> bool:
    """Whether the container at ``tokens[:depth]`` is an array (the schema says so, or it is
    undeclared and indexed by a number)."""
    prefix, token = tokens[:depth], tokens[depth]
    index = bool(_INDEX.fullmatch(token))
    known = kinds.get(prefix)
    if known is None:
        types = expected_types(schema, jp.join(prefix))
        if types is not None and ("array" in types) != ("object" in types):
            known = "array" in types and index
        else:
            known = index
        kinds[prefix] = known
    elif known and not index:
        raise ShapeError(
            f"column {name!r} ({jp.join(tokens)}) names member {token!r} of {jp.join(prefix)}, "
            "which other columns index as an array"
        )
    return known


def _container_exists(doc: Any, tokens: tuple[str, ...]) -> bool:
    node = doc
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return isinstance(node, dict | list)


def _place(doc: dict[str, Any], column: Column, value: Any) -> None:
    node: Any = doc
    last = len(column.tokens) - 1
    for depth, token in enumerate(column.tokens):
        child: Any = value if depth == last else ([] if column.arrays[depth] else {})
        if isinstance(node, list):
            index = int(token)
            if index >= len(node):
                node.extend([None] * (index + 1 - len(node)))
            if depth == last or node[index] is None:
                node[index] = child
            node = node[index]
        elif depth == last:
            node[token] = child
        else:
            node = node.setdefault(token, child)


class NullPolicy:
    """Missing values inside nested values (Parquet struct fields): ``null`` where the schema
    allows it, left out otherwise. Answers are cached per generalised path."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self._cache: dict[tuple[str, ...], bool] = {}

    def keeps_null(self, tokens: tuple[str, ...]) -> bool:
        known = self._cache.get(tokens)
        if known is None:
            if len(self._cache) > 4096:  # member names come from data: keep the cache bounded
                self._cache.clear()
            known = allows_null(expected_types(self.schema, jp.join(tokens)))
            self._cache[tokens] = known
        return known

    def prune(self, value: Any, tokens: tuple[str, ...]) -> Any:
        """``value`` (at ``tokens``) with members whose null the schema does not allow removed.
        Array items stay as they are: a null item is a value, not an absence."""
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                at = (*tokens, key)
                if item is None:
                    if self.keeps_null(at):
                        out[key] = None
                    continue
                out[key] = self.prune(item, at)
            return out
        if isinstance(value, list):
            at = (*tokens, jp.WILDCARD)
            return [self.prune(item, at) for item in value]
        return value


def record_json(value: Any) -> bytes:
    """Canonical JSON text of a record (keys sorted, no spaces, UTF-8, Decimals digit for
    digit): what quarantine keeps of a Parquet row."""
    out: list[str] = []
    _dump(value, out)
    return "".join(out).encode("utf-8")


def _dump(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float) and math.isfinite(value):
        out.append(float.__repr__(value))
    elif isinstance(value, Decimal):
        out.append(str(value) if value.is_finite() else json.dumps(str(value)))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, Mapping):
        out.append("{")
        for i, key in enumerate(sorted(value)):
            if i:
                out.append(",")
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(":")
            _dump(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _dump(item, out)
        out.append("]")
    else:
        out.append(json.dumps(str(value), ensure_ascii=False))
