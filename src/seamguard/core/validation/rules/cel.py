"""``cel``: a custom boolean rule in the Common Expression Language (https://cel.dev).

For what the other kinds do not say: ``doc.status != 'paid' || has(doc.paid_at)``, or a refund
within its payment: ``decimal.le(doc.refund.amount, doc.payment.amount)``. The expression is
compiled once, when the contract is compiled (a syntax error, an unknown function or a
non-boolean result type is a ContractError at the rule's ``expr``), and evaluated per record
with the document bound as ``doc`` — the whole record, like ``self`` in Kubernetes rules but
named for what it is here. A false result is ``cel.false`` at the rule's ``path`` (or the
document root); an evaluation error (a missing field, a type error, a division by zero) is
``cel.error`` naming the rule and CEL's reason. Use ``has(doc.x)`` or ``doc.?x.orValue(...)``
for optional fields.

Runtime: ``cel-expr-python``, the CEL team's own Python binding of cel-cpp (the reference
implementation, so semantics follow the spec and its conformance suite; no dependencies, errors
are values rather than crashes). It is the ``cel`` extra: without it a contract using ``cel``
fails to compile with a ContractError saying how to install it.

Exact numbers. CEL has no decimal type and its ``double`` is binary: ``0.1 + 0.2 != 0.3``.
seamguard never hands a money value to CEL as a double. JSON integers within int64 are CEL
``int`` (exact; ``size(doc.lines) > 0``, ``doc.quantity >= 1`` work natively). JSON decimals —
and integers beyond int64 — are bound as CEL ``string`` holding the exact literal (``"18.600"``),
the form money already has in Shopify payloads. Compare and add them with the ``decimal.*``
functions, which compute with exact decimals and accept strings and ints:

``decimal.eq/ne/lt/le/gt/ge(a, b) -> bool``, ``decimal.cmp(a, b) -> int``,
``decimal.add/sub/mul(a, b) -> string``, ``decimal.sum(list) -> string``,
``decimal.places(a) -> int``, ``decimal.valid(a) -> bool``.

A CEL double given to them is an error, never silently converted (write ``'18.60'``, quoted).
The native ``<`` on two such strings compares text, so compare money with ``decimal.*``: a
string is never mistaken for a float, which is the failure this choice exists to prevent.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from seamguard.core.canon import EXACT, as_decimal, decimal_places
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import contract_error, num, violation
from seamguard.core.validation.rules.base import RuleCheck, RuleContext
from seamguard.core.validation.verdict import Violation

KIND = "cel"
VARIABLE = "doc"
INSTALL_HINT = "pip install 'seamguard[cel]'"

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_MESSAGE = 300


class _DecimalArgumentError(ValueError):
    """A ``decimal.*`` argument is not an exact number."""


def bindable(value: Any) -> Any:
    """``value`` as CEL receives it: Decimals and out-of-int64 integers as their exact text (a
    float, which seamguard's readers never produce, as the text it prints), everything else
    unchanged. Subtrees without such numbers are shared, not copied."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return value if _INT64_MIN <= value <= _INT64_MAX else str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        out: dict[str, Any] | None = None
        for key, item in value.items():
            bound = bindable(item)
            if bound is not item and out is None:
                out = dict(value)
            if out is not None:
                out[key] = bound
        return value if out is None else out
    if isinstance(value, list):
        items = [bindable(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def exact(value: Any) -> Decimal:
    """A ``decimal.*`` argument as an exact Decimal, or an error CEL reports."""
    if isinstance(value, bool):
        raise _DecimalArgumentError(f"{value!r} is a boolean, not a decimal")
    if isinstance(value, float):
        raise _DecimalArgumentError(
            f"{value!r} is a double, which is inexact: write the number as a string ('0.10')"
        )
    number = as_decimal(value)
    if number is None:
        raise _DecimalArgumentError(f"{value!r} is not a decimal number")
    return number


def _cmp(a: Any, b: Any) -> int:
    x, y = exact(a), exact(b)
    return (x > y) - (x < y)


_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "eq": lambda a, b: _cmp(a, b) == 0,
    "ne": lambda a, b: _cmp(a, b) != 0,
    "lt": lambda a, b: _cmp(a, b) < 0,
    "le": lambda a, b: _cmp(a, b) <= 0,
    "gt": lambda a, b: _cmp(a, b) > 0,
    "ge": lambda a, b: _cmp(a, b) >= 0,
    "cmp": _cmp,
    "add": lambda a, b: num(EXACT.add(exact(a), exact(b))),
    "sub": lambda a, b: num(EXACT.subtract(exact(a), exact(b))),
    "mul": lambda a, b: num(EXACT.multiply(exact(a), exact(b))),
}


def _sum(items: Any) -> str:
    total = Decimal(0)
    for item in items:
        total = EXACT.add(total, exact(item))
    return num(total)


def _places(value: Any) -> int:
    return decimal_places(exact(value))


def _valid(value: Any) -> bool:
    try:
        exact(value)
    except _DecimalArgumentError:
        return False
    return True


@cache
def _runtime() -> tuple[Any, Any]:
    """The CEL module and the one environment every cel rule compiles in (built once)."""
    from cel_expr_python import cel  # the optional extra: imported only when a rule needs it
    from cel_expr_python.ext import ext_optional, ext_strings

    t = cel.Type
    arg_types = {"string": t.STRING, "int": t.INT, "uint": t.UINT, "double": t.DOUBLE}
    result_types = {"cmp": t.INT, "add": t.STRING, "sub": t.STRING, "mul": t.STRING}
    decls = [
        cel.FunctionDecl(
            f"decimal.{name}",
            [
                cel.Overload(
                    f"decimal_{name}_{x}_{y}",
                    result_types.get(name, t.BOOL),
                    [arg_types[x], arg_types[y]],
                    impl=impl,
                )
                for x, y in itertools.product(arg_types, arg_types)
            ],
        )
        for name, impl in _BINARY.items()
    ]
    for name, impl, result in (
        ("places", _places, t.INT),
        ("valid", _valid, t.BOOL),
    ):
        decls.append(
            cel.FunctionDecl(
                f"decimal.{name}",
                [
                    cel.Overload(f"decimal_{name}_{x}", result, [arg_types[x]], impl=impl)
                    for x in arg_types
                ],
            )
        )
    decls.append(
        cel.FunctionDecl(
            "decimal.sum",
            [cel.Overload("decimal_sum_list", t.STRING, [t.List(t.DYN)], impl=_sum)],
        )
    )
    env = cel.NewEnv(
        variables={VARIABLE: t.DYN},
        functions=decls,
        extensions=[ext_strings.ExtStrings(), ext_optional.ExtOptional()],
    )
    return cel, env


_WHERE = re.compile(r"<input>:(\d+):(\d+): (.*)")


def _compile_error(text: str) -> str:
    """CEL's multi-line compiler message as one line: the first error and its column."""
    for line in text.splitlines():
        match = _WHERE.search(line)
        if match:
            return f"{match.group(3).strip()} (column {match.group(2)})"
    return text.strip().splitlines()[0] if text.strip() else "does not compile"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE else text[: _MESSAGE - 3] + "..."


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> RuleCheck:
    """Compile the expression once; the check evaluates it per document."""
    try:
        cel, env = _runtime()
    except ImportError:
        raise contract_error(
            spec,
            f"rule kind cel needs the CEL runtime (cel-expr-python), not installed: {INSTALL_HINT}",
            "kind",
        ) from None
    source: str = spec.params["expr"]
    try:
        expression = env.compile(source)
    except RuntimeError as exc:
        raise contract_error(spec, f"CEL: {_compile_error(str(exc))}", "expr") from None
    result_type = expression.return_type()
    if not (result_type == cel.Type.BOOL or result_type == cel.Type.DYN):
        raise contract_error(
            spec,
            f"a cel rule must be a boolean expression; this one gives {result_type.name()}",
            "expr",
        )
    path: str = spec.params.get("path", "")
    error_type, bool_type = cel.Type.ERROR, cel.Type.BOOL
    what = f"rule {spec.id}"

    def check(doc: Any) -> Iterator[Violation]:
        try:
            result = expression.eval(data={VARIABLE: bindable(doc)})
        except (RuntimeError, TypeError) as exc:  # the binding refused a value
            yield violation(spec, "error", path, f"{what}: cannot evaluate: {_short(str(exc))}")
            return
        kind = result.type()
        if kind == bool_type:
            if result.value() is not True:
                yield violation(spec, "false", path, f"{what}: {_short(source)} is false")
            return
        if kind == error_type:
            reason = _short(str(result.value()))
            yield violation(spec, "error", path, f"{what}: {_short(source)} failed: {reason}")
            return
        yield violation(
            spec,
            "error",
            path,
            f"{what}: {_short(source)} gave {kind.name()}, not a boolean",
        )

    return check
