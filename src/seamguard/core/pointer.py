"""JSON Pointers (RFC 6901) with ``*`` standing for any array item or object member.

Instance paths in contracts (``consumers[].reads``, rule operands, deprecations, waivers and
validation errors) all live in this one namespace.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

WILDCARD = "*"


class PointerSyntaxError(ValueError):
    """A string is not a JSON Pointer."""


def parse(pointer: str) -> tuple[str, ...]:
    """Split a pointer into unescaped reference tokens; ``""`` and ``"/"``-less input rejected."""
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        raise PointerSyntaxError(f"JSON pointer must start with '/': {pointer!r}")
    tokens = pointer[1:].split("/")
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in tokens)


def escape(token: str) -> str:
    """Escape one reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def join(tokens: Iterable[str | int]) -> str:
    """Build a pointer from tokens (ints become array indexes)."""
    return "".join("/" + escape(str(t)) for t in tokens)


def resolve(doc: Any, tokens: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """Yield ``(concrete_pointer, value)`` for every location the tokens reach in ``doc``.

    ``*`` fans out over array items and object members; locations that do not exist are
    skipped, so a missing optional field yields nothing rather than an error.
    """
    yield from _resolve(doc, tokens, 0, [])


def _resolve(
    doc: Any, tokens: Sequence[str], i: int, at: list[str | int]
) -> Iterator[tuple[str, Any]]:
    if i == len(tokens):
        yield join(at), doc
        return
    token = tokens[i]
    if isinstance(doc, list):
        if token == WILDCARD:
            for n, item in enumerate(doc):
                yield from _resolve(item, tokens, i + 1, [*at, n])
        elif token.isdigit() and int(token) < len(doc):
            yield from _resolve(doc[int(token)], tokens, i + 1, [*at, int(token)])
    elif isinstance(doc, dict):
        if token == WILDCARD:
            for key, item in doc.items():
                yield from _resolve(item, tokens, i + 1, [*at, key])
        elif token in doc:
            yield from _resolve(doc[token], tokens, i + 1, [*at, token])


def get(doc: Any, pointer: str, default: Any = None) -> Any:
    """The single value at a concrete pointer, or ``default`` when it does not exist."""
    for _, value in resolve(doc, parse(pointer)):
        return value
    return default


def generalize(pointer: str) -> str:
    """Replace array indexes with ``*``: ``/line_items/3/price`` -> ``/line_items/*/price``."""
    return join(WILDCARD if t.isdigit() else t for t in parse(pointer))


def covers(prefix: str, pointer: str) -> bool:
    """True when ``prefix`` (which may hold ``*``) is ``pointer`` or an ancestor of it."""
    p, q = parse(prefix), parse(pointer)
    if len(p) > len(q):
        return False
    return all(a in (b, WILDCARD) or b == WILDCARD for a, b in zip(p, q, strict=False))
