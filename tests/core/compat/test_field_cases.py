"""Field cases (../shared/cases/field-cases.jsonl) tagged ``compat``, through the engine.

The file is read at run time, never copied. Every case tagged ``compat`` must have a handler
here: a new one fails :func:`test_every_compat_case_is_decided` rather than being skipped.
Verdicts are asserted per direction (a change carries the directions it breaks; ``compatible``
is per mode), on rule ids and instance paths, never on message wording, under both policies
(these are changes both policies must see), and each verdict is backed by the witness the
case names, checked with the real validator.

How the cases' field codes map onto the engine's rule ids (the catalog in
``src/seamguard/core/compat/rules/``):

=====  ===============================  ==================================  ==============
case   field code / wording             rule id                             path
=====  ===============================  ==================================  ==============
FC-21  enum widened (compat note)       ``enum-value-added``                /payment_method
FC-27  required_added                   ``required-added``                  /currency
FC-27  constraint_added (multipleOf)    ``multiple-of-added``               /total
FC-29  type widened integer -> number   ``type-widened``                    /quantity
FC-29  string -> anyOf [string, number] ``type-widened``                    /postal_code
FC-29  string -> [string, number]       ``type-widened``                    /postal_code
FC-31  enum_value_removed               ``enum-value-removed``              /payment_method
FC-31  enum_value_added                 ``enum-value-added``                /payment_method
=====  ===============================  ==================================  ==============
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seamguard.core.compat.engine import diff_schemas
from seamguard.core.compat.model import DIRECTIONS, POLICIES, DiffResult, Direction, Policy
from tests.core.compat.instances import validator

Json = Any

# Field code -> the engine's rule id (the table above).
RULE_FOR: dict[str, str] = {
    "enum_value_added": "enum-value-added",
    "enum_value_removed": "enum-value-removed",
    "required_added": "required-added",
    "constraint_added.multipleOf": "multiple-of-added",
    "type_widened": "type-widened",
}


def _compat_cases(shared_dir: Path) -> dict[str, dict[str, Any]]:
    out = {}
    with (shared_dir / "cases" / "field-cases.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                case = json.loads(line)
                if "compat" in case["capabilities"]:
                    out[case["id"]] = case
    return out


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, **extra}


def _breaking(result: DiffResult, direction: Direction) -> list[tuple[str, str]]:
    """(rule, path) of every change breaking ``direction``, sorted."""
    return sorted((c.rule, c.path) for c in result.changes if direction in c.breaks)


def _compatible(old: Json, new: Json, policy: Policy) -> dict[Direction, bool]:
    return {d: diff_schemas(old, new, mode=d, policy=policy).compatible for d in DIRECTIONS}


def _in_expected(case: dict[str, Any], pattern: str) -> list[str]:
    """Values the case's ``expected`` text names (so a corrected case moves the test)."""
    found = re.findall(pattern, case["expected"])
    assert found, f"{case['id']}: {pattern!r} no longer in its expected text"
    return found


def _witness(instance: Json, valid_under: Json, invalid_under: Json) -> None:
    assert validator(valid_under).is_valid(instance), instance
    assert not validator(invalid_under).is_valid(instance), instance


def fc21(case: dict[str, Any]) -> None:
    """The producer widened the enum: forward-breaking for the consumer's contract."""
    contract = case["input"]["contract"]
    order = case["input"]["order"]
    assert "FORWARD-breaking" in case["expected"]
    old = _object(contract)
    value = order["payment_method"]
    widened = [*contract["payment_method"]["enum"], value]
    new = _object({**contract, "payment_method": {"enum": widened}})
    _witness({"payment_method": value}, new, old)
    for policy in POLICIES:
        result = diff_schemas(old, new, mode="full", policy=policy)
        assert _breaking(result, "forward") == [(RULE_FOR["enum_value_added"], "/payment_method")]
        assert _breaking(result, "backward") == []
        assert _compatible(old, new, policy) == {"backward": True, "forward": False}


def fc27(case: dict[str, Any]) -> None:
    """required added through the array form, and multipleOf added: two backward findings."""
    old, new = case["input"]["old"], case["input"]["new"]
    witnesses = [json.loads(w) for w in _in_expected(case, r"stored (?:event )?(\{[^{}]*\})")]
    assert len(witnesses) == 2
    for instance in witnesses:
        _witness(instance, old, new)
    # Both findings must come from the draft-4+ array form, whatever draft spells the pair.
    for draft in (
        None,
        "http://json-schema.org/draft-04/schema#",
        "http://json-schema.org/draft-07/schema#",
    ):
        o, n = (
            (old, new) if draft is None else ({"$schema": draft, **old}, {"$schema": draft, **new})
        )
        for policy in POLICIES:
            result = diff_schemas(o, n, mode="backward", policy=policy)
            assert not result.compatible
            assert _breaking(result, "backward") == sorted(
                [
                    (RULE_FOR["required_added"], "/currency"),
                    (RULE_FOR["constraint_added.multipleOf"], "/total"),
                ]
            ), (draft, policy, result.changes)
            by_rule = {c.rule: c for c in result.changes}
            assert by_rule[RULE_FOR["required_added"]].pointer.endswith("/required")
            assert by_rule[RULE_FOR["constraint_added.multipleOf"]].pointer == (
                "/properties/total/multipleOf"
            )


def fc29(case: dict[str, Any]) -> None:
    """Type widened three ways: backward compatible, forward breaking, spellings alike."""
    pairs = case["input"]["pairs"]
    assert len(pairs) == 3
    verdicts = []
    for pair in pairs:
        old, new = pair["old"], pair["new"]
        (name,) = old["properties"]
        for policy in POLICIES:
            result = diff_schemas(old, new, mode="full", policy=policy)
            assert _compatible(old, new, policy) == {"backward": True, "forward": False}
            assert _breaking(result, "backward") == []
            # One change, the widening; no spurious "integer added" or any other entry.
            assert [(c.rule, c.path, c.breaks) for c in result.changes] == [
                (RULE_FOR["type_widened"], f"/{name}", ("forward",))
            ], result.changes
            verdicts.append([(c.rule, c.path, c.breaks) for c in result.changes])
    # The anyOf spelling and the type-array spelling: identical verdicts.
    per_pair = [verdicts[i : i + len(POLICIES)] for i in range(0, len(verdicts), len(POLICIES))]
    assert per_pair[1] == per_pair[2]
    # The witnesses the case names: an old consumer may now receive 1.5 or 12345.
    _witness({"quantity": 1.5}, pairs[0]["new"], pairs[0]["old"])
    for pair in pairs[1:]:
        _witness({"postal_code": 12345}, pair["new"], pair["old"])
        _witness({"postal_code": 1.5}, pair["new"], pair["old"])


def fc31(case: dict[str, Any]) -> None:
    """Enum value removed is backward breaking; added is forward breaking; per direction."""
    v1, removed, added = (case["input"][k] for k in ("v1", "v2_removed", "v2_added"))
    enum = v1["properties"]["payment_method"]["enum"]
    (gone,) = [v for v in enum if v not in removed["properties"]["payment_method"]["enum"]]
    (extra,) = [v for v in added["properties"]["payment_method"]["enum"] if v not in enum]
    assert gone in case["expected"] and extra in case["expected"]
    _witness({"payment_method": gone}, v1, removed)
    _witness({"payment_method": extra}, added, v1)
    for policy in POLICIES:
        result = diff_schemas(v1, removed, mode="full", policy=policy)
        assert _breaking(result, "backward") == [
            (RULE_FOR["enum_value_removed"], "/payment_method")
        ]
        assert _breaking(result, "forward") == []
        assert _compatible(v1, removed, policy) == {"backward": False, "forward": True}
        result = diff_schemas(v1, added, mode="full", policy=policy)
        assert _breaking(result, "forward") == [(RULE_FOR["enum_value_added"], "/payment_method")]
        assert _breaking(result, "backward") == []
        assert _compatible(v1, added, policy) == {"backward": True, "forward": False}


HANDLERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "FC-21": fc21,
    "FC-27": fc27,
    "FC-29": fc29,
    "FC-31": fc31,
}


def test_every_compat_case_is_decided(shared_dir: Path) -> None:
    assert sorted(_compat_cases(shared_dir)) == sorted(HANDLERS)


def test_rule_ids_exist_in_the_catalog() -> None:
    from seamguard.core.compat.rules import CATALOG

    ids = {rule.RULE.id for rule in CATALOG}
    assert set(RULE_FOR.values()) <= ids, set(RULE_FOR.values()) - ids


@pytest.mark.parametrize("case_id", sorted(HANDLERS))
def test_compat_field_case(case_id: str, shared_dir: Path) -> None:
    HANDLERS[case_id](_compat_cases(shared_dir)[case_id])
