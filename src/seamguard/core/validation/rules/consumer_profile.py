"""``consumer_profile``: numbers a declared consumer cannot read exactly.

JSON numbers have no size limit, but their readers do. Shopify REST ids are 64-bit integers;
``JSON.parse`` in JavaScript turns ``7300000000000000123`` into ``7300000000000000000`` without
a word (FC-18), so a JavaScript consumer joins orders on ids that silently changed. seamguard
parses exactly (Python ints, Decimals as written); this rule says which values a consumer of a
given profile would read differently:

- ``javascript``: an integer outside Number.MAX_SAFE_INTEGER (±9007199254740991), or a decimal
  that does not survive a round trip through an IEEE-754 double (more than ~15-17 significant
  digits: ``123456789012345678901234567890.12``) — ``consumer-profile.unsafe-integer`` /
  ``consumer-profile.unsafe-number``, with what JSON.parse would read;
- ``int64`` (Java long, Go int64, BigQuery INT64, PostgreSQL bigint): an integer outside
  -2^63..2^63-1 — ``consumer-profile.unsafe-integer``.

``paths`` limits the check (``[/id, /line_items/*/id]``); without it every number in the
document is checked, which is what a consumer parsing the whole payload suffers. The profiles
are data (:data:`PROFILES`); the double round trip is the one place seamguard uses a binary
float, and only to show what the consumer would see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import num, violation
from seamguard.core.validation.rules.base import RuleCheck, RuleContext
from seamguard.core.validation.verdict import Violation

KIND = "consumer_profile"


@dataclass(frozen=True)
class Profile:
    """How one kind of consumer reads JSON numbers. ``reader`` is set when it reads every
    number as an IEEE-754 double (and names the function that does)."""

    label: str
    min_int: int
    max_int: int
    reader: str | None = None


PROFILES: dict[str, Profile] = {
    "javascript": Profile("JavaScript's safe integers", -(2**53 - 1), 2**53 - 1, "JSON.parse"),
    "int64": Profile("a signed 64-bit integer", -(2**63), 2**63 - 1),
}


def _as_double(value: int | Decimal) -> str:
    """What a double-based reader holds for ``value``, written exactly."""
    double = float(value)  # deliberate: this simulates the consumer's binary float
    if double != double or double in (float("inf"), float("-inf")):
        return "Infinity" if double > 0 else ("-Infinity" if double < 0 else "NaN")
    if isinstance(value, int):
        return str(int(double))
    return repr(double)


def _numbers(value: Any, at: list[str | int]) -> Iterator[tuple[str, int | Decimal]]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | Decimal):
        yield jp.join(at), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, [*at, key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _numbers(item, [*at, i])


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> RuleCheck:
    """Compile one consumer_profile rule into a check function."""
    profile = PROFILES[spec.params["profile"]]
    paths = tuple(jp.parse(p) for p in spec.params.get("paths", ()))

    def located(doc: Any) -> Iterator[tuple[str, int | Decimal]]:
        if not paths:
            yield from _numbers(doc, [])
            return
        for tokens in paths:
            for at, value in jp.resolve(doc, tokens):
                if isinstance(value, int | Decimal) and not isinstance(value, bool):
                    yield at, value

    def check(doc: Any) -> Iterator[Violation]:
        for at, value in located(doc):
            if isinstance(value, int):
                if profile.min_int <= value <= profile.max_int:
                    continue
                reads = (
                    f"{profile.reader} reads {_as_double(value)}"
                    if profile.reader is not None
                    else "the consumer overflows or refuses it"
                )
                yield violation(
                    spec,
                    "unsafe-integer",
                    at,
                    f"{value} is beyond {profile.label} ({profile.min_int}..{profile.max_int}): "
                    f"{reads}; send it as a string",
                )
            elif profile.reader is not None and value.is_finite():
                double = _as_double(value)
                if Decimal(double) == value:  # "Infinity" parses too, and never equals
                    continue
                yield violation(
                    spec,
                    "unsafe-number",
                    at,
                    f"{num(value)} does not survive a binary double: {profile.reader} reads "
                    f"{double}; send it as a string",
                )

    return check
