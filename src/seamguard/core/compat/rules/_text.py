"""Wording helpers shared by the rule modules (messages only: tests never assert on them)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from seamguard.core.compat.delta import Delta
from seamguard.core.compat.normalize import INTEGRAL_KINDS, NUMBER_KINDS, show


def kinds_text(kinds: Iterable[str]) -> str:
    """Instance kinds as JSON Schema type names (all number kinds read as number)."""
    found = set(kinds)
    names = []
    if found >= NUMBER_KINDS:
        names.append("number")
        found -= NUMBER_KINDS
    else:
        if found >= INTEGRAL_KINDS:
            names.append("integer")
            found -= INTEGRAL_KINDS
        if "integral-float" in found:
            names.append("integer written with a fraction (1.0: not an integer in draft 4)")
            found.discard("integral-float")
        if "fraction" in found:
            names.append("non-integer number")
            found.discard("fraction")
    names.extend(sorted(found))
    return ", ".join(sorted(names))


def values_text(values: Iterable[Any]) -> str:
    return ", ".join(sorted(show(v) for v in values))


def number_text(value: Decimal | None, absent: str = "none") -> str:
    return absent if value is None else str(value)


def number_set(values: Iterable[Decimal]) -> str:
    return ", ".join(sorted(str(v) for v in values))


def bound_text(bound: tuple[Decimal, bool] | None) -> str:
    if bound is None:
        return "none"
    return f"{'exclusive ' if bound[1] else ''}{bound[0]}"


def names_text(names: Iterable[str] | None) -> str:
    return ", ".join(repr(n) for n in sorted(names or ()))


def _both_const(delta: Delta) -> bool:
    return bool(delta.detail == (True, True))


def _decider(delta: Delta) -> str | None:
    """The keyword that decides what a name nothing declares may hold (on the tested side)."""
    detail = delta.detail or (None, None, None)
    return detail[1] or detail[0]


def _lenient(delta: Delta) -> str:
    if delta.detail and delta.detail[2] == "lenient":
        return " (lenient: undeclared properties are treated as absent)"
    return ""
