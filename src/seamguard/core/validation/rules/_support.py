"""Small pieces the rule kinds share: finding construction, pointer resolution, number text.

Kept here so each rule module holds only its own decision; nothing in this module decides
whether a record is valid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.canon import ABSENT
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.verdict import Violation
from seamguard.errors import ContractError, Location

Locator = Callable[[Any], list[tuple[str, Any]]]


def prefix_of(kind: str) -> str:
    """The finding-id prefix of a rule kind: ``same_currency`` -> ``same-currency``."""
    return kind.replace("_", "-")


def violation(spec: RuleSpec, finding: str, path: str, message: str) -> Violation:
    """A finding ``<kind>.<finding>`` of the rule ``spec`` at the instance ``path``."""
    prefix = prefix_of(spec.kind)
    return Violation(
        path=path,
        rule=f"{prefix}.{finding}",
        keyword=prefix,
        message=message,
        schema_pointer=spec.pointer,
        rule_id=spec.id,
    )


def contract_error(spec: RuleSpec, message: str, key: str | None = None) -> ContractError:
    """A ContractError placed at the rule (or at one of its keys) in the contract file."""
    at = spec.pointer if key is None else f"{spec.pointer}/{key}"
    return ContractError(f"rule {spec.id}: {message}", location=Location(pointer=at))


def locator(pointer: str) -> Locator:
    """A function ``doc -> [(pointer, value)]``; pointers without ``*`` (most fields) take a
    direct path instead of the general resolver, since this runs for every record."""
    tokens = jp.parse(pointer)
    if jp.WILDCARD in tokens:
        return lambda doc: list(jp.resolve(doc, tokens))
    at = jp.join(tokens)

    def direct(doc: Any) -> list[tuple[str, Any]]:
        node = doc
        for token in tokens:
            if isinstance(node, dict):
                if token not in node:
                    return []
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return []
        return [(at, node)]

    return direct


def resolve_or_absent(doc: Any, tokens: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """Like :func:`seamguard.core.pointer.resolve`, but a location that does not exist yields
    ``(pointer, ABSENT)`` instead of nothing, so a caller can tell "no such field" from "no
    items". ``*`` fans out over what exists: an empty array yields nothing, a missing one yields
    one ABSENT location (named with its ``*``)."""
    yield from _walk(doc, tokens, 0, [])


def _walk(
    doc: Any, tokens: Sequence[str], i: int, at: list[str | int]
) -> Iterator[tuple[str, Any]]:
    if i == len(tokens):
        yield jp.join(at), doc
        return
    token = tokens[i]
    if isinstance(doc, list):
        if token == jp.WILDCARD:
            for n, item in enumerate(doc):
                yield from _walk(item, tokens, i + 1, [*at, n])
            return
        if token.isdigit() and int(token) < len(doc):
            yield from _walk(doc[int(token)], tokens, i + 1, [*at, int(token)])
            return
    elif isinstance(doc, dict):
        if token == jp.WILDCARD:
            for key, item in doc.items():
                yield from _walk(item, tokens, i + 1, [*at, key])
            return
        if token in doc:
            yield from _walk(doc[token], tokens, i + 1, [*at, token])
            return
    yield jp.join([*at, *tokens[i:]]), ABSENT


def bind_wildcards(template: str, concrete: str) -> str:
    """Bind the ``*`` of ``template`` to the indexes of ``concrete``: ``/lines/*/currency`` with
    ``/lines/3/amount`` gives ``/lines/3/currency``."""
    t, a = jp.parse(template), jp.parse(concrete)
    return jp.join(a[i] if tok == jp.WILDCARD and i < len(a) else tok for i, tok in enumerate(t))


def code_text(value: Any) -> str | None:
    """A currency code as compared (trimmed, upper case: Stripe writes ``usd``), or None."""
    if isinstance(value, str) and value.strip():
        return value.strip().upper()
    return None


def num(value: Decimal) -> str:
    """A Decimal in positional notation with the digits it carries (``0.00``, ``-0.0000071``),
    never ``1E-8``: findings show amounts as a person writes them."""
    return format(value, "f")


def shown(value: Any) -> str:
    """A JSON value as a finding quotes it."""
    if isinstance(value, Decimal):
        return num(value)
    if isinstance(value, str):
        return repr(value)
    if value is ABSENT:
        return "(absent)"
    if value is None:
        return "null"
    return str(value)
