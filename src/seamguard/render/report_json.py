"""The scan report as JSON (``report.json`` and ``scan --format json``).

A small serializer of its own rather than ``json`` or ``orjson``: the stdlib cannot write a
Decimal as a bare number, and orjson silently writes NaN as ``null`` and refuses integers
beyond 64 bits. Here money Decimals and big integers come out digit for digit, non-finite
numbers are an error, and the layout is exactly ``json.dumps(report, indent=2,
ensure_ascii=False)`` for everything else, so scripts and diffs see a familiar shape.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

__all__ = ["render_report_json"]

_INDENT = "  "


def render_report_json(report: Mapping[str, Any]) -> str:
    """Serialise a report: insertion order kept, indent 2, UTF-8 text unescaped, final newline.

    Decimals become JSON numbers with exactly their digits (``Decimal("0.10")`` is ``0.10``);
    ints of any size are exact. Raises :class:`ValueError` for NaN or infinity and
    :class:`TypeError` for anything that is not JSON data (naming where it sits in the report),
    because a report that cannot be read back exactly must not be written.
    """
    out: list[str] = []
    _write(report, out, 0, "$")
    out.append("\n")
    return "".join(out)


def _write(value: object, out: list[str], depth: int, where: str) -> None:
    # bool before int: True is an int in Python but must stay true in JSON.
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: {value!r} has no JSON representation")
        out.append(float.__repr__(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{where}: Decimal {value} has no JSON representation")
        # str() of a finite Decimal is always a valid JSON number (1E+2, 0E-8, -0.10 ...).
        out.append(str(value))
    elif isinstance(value, Mapping):
        _write_object(value, out, depth, where)
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        _write_array(value, out, depth, where)
    else:
        raise TypeError(f"{where}: {type(value).__name__} is not JSON data")


def _write_object(value: Mapping[Any, Any], out: list[str], depth: int, where: str) -> None:
    if not value:
        out.append("{}")
        return
    inner = "\n" + _INDENT * (depth + 1)
    out.append("{")
    for index, (key, item) in enumerate(value.items()):
        # No silent str() of keys: an int key would not come back as an int.
        if not isinstance(key, str):
            raise TypeError(f"{where}: key {key!r} is {type(key).__name__}, not str")
        out.append(inner if index == 0 else "," + inner)
        out.append(json.dumps(key, ensure_ascii=False))
        out.append(": ")
        _write(item, out, depth + 1, f"{where}.{key}")
    out.append("\n" + _INDENT * depth + "}")


def _write_array(value: Sequence[Any], out: list[str], depth: int, where: str) -> None:
    if not value:
        out.append("[]")
        return
    inner = "\n" + _INDENT * (depth + 1)
    out.append("[")
    for index, item in enumerate(value):
        out.append(inner if index == 0 else "," + inner)
        _write(item, out, depth + 1, f"{where}[{index}]")
    out.append("\n" + _INDENT * depth + "]")
