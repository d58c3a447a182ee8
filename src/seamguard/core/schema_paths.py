"""Which instance paths a JSON Schema declares: does ``/line_items/*/price`` exist in it?

Used by lint to catch rules, consumers and flows that point at fields the contract does not
have (usually a typo, or a field renamed in a new version).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from seamguard.core import pointer as jp

_COMBINATORS = ("allOf", "anyOf", "oneOf", "then", "else")


def _deref(schema: Any, root: Any, seen: frozenset[str]) -> Iterator[Any]:
    """The schema itself and, through local ``$ref``s and combinators, every schema it joins."""
    if not isinstance(schema, Mapping):
        return
    yield schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#") and ref not in seen:
        target = jp.get(root, ref[1:]) if ref != "#" else root
        yield from _deref(target, root, seen | {ref})
    for key in _COMBINATORS:
        branches = schema.get(key)
        if isinstance(branches, Mapping):
            yield from _deref(branches, root, seen)
        elif isinstance(branches, list | tuple):
            for b in branches:
                yield from _deref(b, root, seen)


def _children(schema: Mapping[str, Any], token: str) -> Iterator[Any]:
    props = schema.get("properties")
    if isinstance(props, Mapping):
        if token == jp.WILDCARD:
            yield from props.values()
        elif token in props:
            yield props[token]
    patterns = schema.get("patternProperties")
    if isinstance(patterns, Mapping):
        for pattern, sub in patterns.items():
            try:
                if token == jp.WILDCARD or re.search(pattern, token):
                    yield sub
            except re.error:
                continue
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping):
        yield extra
    if token == jp.WILDCARD or token.isdigit():
        items = schema.get("items")
        if isinstance(items, Mapping):
            yield items
        elif isinstance(items, list | tuple):  # draft 4-7 tuple form
            yield from (i for n, i in enumerate(items) if token == jp.WILDCARD or n == int(token))
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list | tuple):
            yield from (i for n, i in enumerate(prefix) if token == jp.WILDCARD or n == int(token))


def subschemas_at(schema: Any, pointer: str) -> list[Mapping[str, Any]]:
    """Every schema that applies at the instance ``pointer`` (empty when the path is undeclared)."""
    current = list(_deref(schema, schema, frozenset()))
    for token in jp.parse(pointer):
        nxt: list[Any] = []
        for s in current:
            for child in _children(s, token):
                nxt.extend(_deref(child, schema, frozenset()))
        if not nxt:
            return []
        current = nxt
    return [s for s in current if isinstance(s, Mapping)]


def declares(schema: Any, pointer: str) -> bool:
    """True when ``pointer`` names a location the schema declares."""
    return bool(subschemas_at(schema, pointer)) or pointer == ""


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE = (
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
)


def schema_nodes(schema: Any, at: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every subschema of ``schema`` with its pointer tokens, through the keywords that hold
    subschemas (a property *named* ``enum`` is not the keyword)."""
    if not isinstance(schema, dict):
        return
    yield at, schema
    for key in _SCHEMA_MAPS:
        members = schema.get(key)
        if isinstance(members, dict):
            for name, sub in members.items():
                yield from schema_nodes(sub, (*at, key, name))
    for key in _SCHEMA_LISTS:
        items = schema.get(key)
        if isinstance(items, list):
            for n, sub in enumerate(items):
                yield from schema_nodes(sub, (*at, key, str(n)))
    for key in _SCHEMA_ONE:
        sub = schema.get(key)
        if isinstance(sub, list):  # draft 4-7 array form of items
            for n, item in enumerate(sub):
                yield from schema_nodes(item, (*at, key, str(n)))
        else:
            yield from schema_nodes(sub, (*at, key))
    dependencies = schema.get("dependencies")
    if isinstance(dependencies, dict):
        for name, sub in dependencies.items():
            yield from schema_nodes(sub, (*at, "dependencies", name))
