"""``x-extensible: true`` on an enum: its consumers promise to tolerate values they do not
know, so an unknown value is a warning of its own rule, never an error and never silent."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.schema_paths import schema_nodes
from seamguard.core.validation.verdict import Violation
from seamguard.errors import ContractError, Location

EXTENSIBLE_RULE = "schema.enum-extensible"


def tolerated(v: Violation, extensible: frozenset[str]) -> Violation:
    """An unknown value of an ``x-extensible`` enum: a warning of its own rule."""
    if v.rule != "schema.enum" or not v.schema_pointer.endswith("/enum"):
        return v
    if v.schema_pointer[len("/schema") : -len("/enum")] not in extensible:
        return v
    return replace(
        v,
        rule=EXTENSIBLE_RULE,
        severity="warning",
        message=f"{v.message} (an extensible enum: consumers tolerate values they do not know)",
    )


def check_extensible(schema: Any, source_file: str | None) -> None:
    """``x-extensible`` is a promise about an enum: only a boolean next to an ``enum`` means it."""
    for at, node in schema_nodes(schema):
        if "x-extensible" not in node:
            continue
        mark = node["x-extensible"]
        if not isinstance(mark, bool):
            problem = f"x-extensible must be true or false, not {mark!r}"
        elif "enum" not in node:
            problem = "x-extensible marks an enum; this schema has no enum"
        else:
            continue
        raise ContractError(
            problem,
            location=Location(file=source_file, pointer="/schema" + jp.join([*at, "x-extensible"])),
        )


def extensible_enums(schema: Any) -> frozenset[str]:
    """Pointers of the schema nodes holding an ``enum`` marked ``x-extensible: true``."""
    return frozenset(
        jp.join(at)
        for at, node in schema_nodes(schema)
        if node.get("x-extensible") is True and isinstance(node.get("enum"), list)
    )
