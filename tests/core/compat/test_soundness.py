"""Soundness of the compatibility engine under ``policy="strict"``, checked on instances.

The claim (issue 4): when no change breaks BACKWARD, every instance valid under OLD is valid
under NEW; when none breaks FORWARD, every instance valid under NEW is valid under OLD. For
generated schema pairs (:mod:`tests.core.compat.schema_pairs`) and every case of the rule tables
``tests/cases/compat/*.yaml``, candidates aimed at both sides (:mod:`tests.core.compat.instances`)
are checked with the real validator (jsonschema-rs, formats asserted) against the verdict. A
counterexample fails with old, new, the instance, the direction and the changes reported.

The harness takes the diff function as a parameter, and the last tests run it against wrong
engines (one that always says compatible; the real one with a rule silenced) to show that it
can fail. The runs are derandomized (same examples every run, as CI needs);
``SEAMGUARD_SOUNDNESS_SCALE=10`` multiplies the example counts for a deeper local search.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from seamguard.core.compat.engine import diff_schemas
from seamguard.core.compat.model import DIRECTIONS, Change, DiffResult, Direction
from tests.core.compat.instances import Json, candidate_batches, candidates, sample, validator
from tests.core.compat.schema_pairs import schema_pairs

CASES_DIR = Path(__file__).resolve().parents[2] / "cases" / "compat"
SCALE = max(1, int(os.environ.get("SEAMGUARD_SOUNDNESS_SCALE", "1")))

# Sized so this file runs in about 30 s on 2 noisy cores (the target is well under 60 s).
PAIR_EXAMPLES = 300 * SCALE
CANDIDATES_PER_PAIR = 30
CASE_BUDGET = 1500 * SCALE  # hypothesis examples shared by all table cases
CANDIDATES_PER_CASE_EXAMPLE = 12

DiffFn = Callable[..., DiffResult]

# Hypothesis's shrinker can spend its full five minutes on a failing pair (the pairs are
# nested and every step re-runs the diff): it is off unless asked for, and the instance of a
# counterexample is reduced greedily instead (see `smaller`).
PHASES = (
    tuple(Phase)
    if os.environ.get("SEAMGUARD_SOUNDNESS_SHRINK")
    else (Phase.explicit, Phase.reuse, Phase.generate)
)

_SETTINGS: dict[str, Any] = {
    "deadline": None,
    "report_multiple_bugs": False,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}


# -- the harness --------------------------------------------------------------------------------


def _dump(value: Json) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _describe(change: Change) -> str:
    undecidable = " undecidable" if change.undecidable else ""
    return (
        f"  - {change.rule} path={change.path} pointer={change.pointer} "
        f"breaks={list(change.breaks)}{undecidable}: {change.message}"
    )


@dataclass(frozen=True)
class Verdict:
    """What one strict diff claims, per direction."""

    result: DiffResult
    claimed: tuple[Direction, ...]  # the directions no change breaks

    @classmethod
    def of(cls, diff: DiffFn, old: Json, new: Json) -> Verdict:
        result = diff(old, new, mode="full", policy="strict")
        claimed = tuple(d for d in DIRECTIONS if not any(d in c.breaks for c in result.changes))
        return cls(result, claimed)


def counterexample(old: Json, new: Json, verdict: Verdict, instance: Json) -> str | None:
    """The failure text when ``instance`` contradicts a claimed direction, else None."""
    for direction in verdict.claimed:
        source, target = (old, new) if direction == "backward" else (new, old)
        names = ("OLD", "NEW") if direction == "backward" else ("NEW", "OLD")
        if validator(source).is_valid(instance) and not validator(target).is_valid(instance):
            errors = [e.message for e in validator(target).iter_errors(instance)][:3]
            changes = "\n".join(_describe(c) for c in verdict.result.changes) or "  (none)"
            return (
                f"unsound {direction.upper()} verdict (policy strict): no change breaks "
                f"{direction}, but an instance valid under {names[0]} is invalid under "
                f"{names[1]}\n"
                f"old:      {_dump(old)}\n"
                f"new:      {_dump(new)}\n"
                f"instance: {_dump(instance)}\n"
                f"why {names[1]} rejects it: {errors}\n"
                f"changes reported:\n{changes}"
            )
    return None


def smaller(old: Json, new: Json, verdict: Verdict, instance: Json) -> Json:
    """``instance`` with members and items dropped while it stays a counterexample."""

    def still(candidate: Json) -> bool:
        return counterexample(old, new, verdict, candidate) is not None

    def reduce(value: Json, rebuild: Callable[[Json], Json]) -> Json:
        if isinstance(value, dict):
            current: dict[str, Json] = value
            for key in list(current):
                trial = {k: v for k, v in current.items() if k != key}
                if still(rebuild(trial)):
                    current = trial
            for key in list(current):
                current = {**current, key: reduce(current[key], _member(rebuild, current, key))}
            return current
        if isinstance(value, list):
            items: list[Json] = value
            i = 0
            while i < len(items):
                trial_items = items[:i] + items[i + 1 :]
                if still(rebuild(trial_items)):
                    items = trial_items
                else:
                    i += 1
            return items
        return value

    return reduce(instance, lambda v: v)


def _member(
    rebuild: Callable[[Json], Json], container: dict[str, Json], key: str
) -> Callable[[Json], Json]:
    def put(value: Json) -> Json:
        return rebuild({**container, key: value})

    return put


@dataclass
class Stats:
    """Counts across a run, for the report: how much the generator gives the oracle to chew."""

    pairs: int = 0
    claimed: int = 0
    candidates: int = 0
    valid_old: int = 0
    valid_new: int = 0
    differ: int = 0
    seen: set[str] = field(default_factory=set)


STATS = Stats()


def check_pair(
    diff: DiffFn, old: Json, new: Json, draw: Callable[[st.SearchStrategy[Any]], Any], n: int
) -> None:
    """Draw ``n`` candidates for (old, new) and fail on one that contradicts the verdict."""
    verdict = Verdict.of(diff, old, new)
    STATS.pairs += 1
    if not verdict.claimed:
        return  # nothing is claimed, nothing can be contradicted
    STATS.claimed += 1
    for instance in draw(candidate_batches(old, new, size=n)):
        a, b = validator(old).is_valid(instance), validator(new).is_valid(instance)
        STATS.candidates += 1
        STATS.valid_old += a
        STATS.valid_new += b
        STATS.differ += a != b
        if counterexample(old, new, verdict, instance):
            raise AssertionError(
                counterexample(old, new, verdict, smaller(old, new, verdict, instance))
            )


def pair_property(
    diff: DiffFn, max_examples: int, phases: tuple[Phase, ...] = PHASES
) -> Callable[[], None]:
    """The property over generated pairs, for ``diff`` (the engine, or a wrong one)."""

    @settings(max_examples=max_examples, phases=phases, **_SETTINGS)
    @given(pair=schema_pairs(), data=st.data())
    def prop(pair: tuple[Json, Json], data: st.DataObject) -> None:
        old, new = pair
        check_pair(diff, old, new, data.draw, CANDIDATES_PER_PAIR)

    return prop


def case_property(
    diff: DiffFn, old: Json, new: Json, max_examples: int, phases: tuple[Phase, ...] = PHASES
) -> Callable[[], None]:
    """The property for one fixed pair: only the instances are generated."""

    @settings(max_examples=max_examples, phases=phases, **_SETTINGS)
    @given(data=st.data())
    def prop(data: st.DataObject) -> None:
        check_pair(diff, old, new, data.draw, CANDIDATES_PER_CASE_EXAMPLE)

    return prop


# -- the case tables ----------------------------------------------------------------------------


def _schema_of(side: Json) -> Json:
    """A case side is a bare JSON Schema, or a contract mapping holding one under ``schema``."""
    if isinstance(side, dict) and "schema" in side and ("id" in side or "version" in side):
        return side["schema"]
    return side


def load_cases() -> list[tuple[str, Json, Json]]:
    """(id, old, new) of every case in tests/cases/compat/*.yaml that has both sides.

    A case holds ``old`` and ``new`` at its top level or under ``input``.
    """
    yaml = YAML(typ="safe")
    out: list[tuple[str, Json, Json]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.load(path)
        cases = data.get("cases", []) if isinstance(data, dict) else (data or [])
        for i, case in enumerate(cases):
            where = case.get("input", case) if isinstance(case, dict) else {}
            if not isinstance(where, dict) or "old" not in where or "new" not in where:
                continue
            title = case.get("title", f"case {i}")
            out.append(
                (f"{path.stem}: {title}", _schema_of(where["old"]), _schema_of(where["new"]))
            )
    return out


CASES = load_cases()
PER_CASE = max(4, CASE_BUDGET // max(len(CASES), 1))


def test_case_tables_are_loaded() -> None:
    """Once the rule tables exist, at least one case must reach the property below."""
    tables = sorted(CASES_DIR.glob("*.yaml"))
    if tables:
        assert CASES, f"{len(tables)} case tables under {CASES_DIR}, but no case with old and new"


@pytest.mark.parametrize(
    ("old", "new"),
    [pytest.param(o, n, id=i) for i, o, n in CASES]
    or [pytest.param(None, None, marks=pytest.mark.skip(reason="no case tables yet"), id="none")],
)
def test_case_table_verdicts_are_sound(old: Json, new: Json) -> None:
    for side in (old, new):
        try:
            validator(side)
        except jsonschema_rs.ValidationError:
            # An external $ref (never fetched) or a dangling one: no instance can be checked
            # against this side, so the only sound verdict on a change is that nothing is known:
            # both directions break. The same document on both sides means the same, whatever
            # an external $ref refers to; a dangling one refers to nothing, and stays undecidable.
            result = diff_schemas(old, new, mode="full", policy="strict")
            if old != new or any(c.rule == "ref-unresolved" for c in result.changes):
                assert {d for c in result.changes for d in c.breaks} == {"backward", "forward"}
                assert any(c.undecidable for c in result.changes)
            else:
                assert result.compatible
            return
    case_property(diff_schemas, old, new, PER_CASE)()


# -- counterexamples found before ---------------------------------------------------------------

# Pairs on which the property once found an unsound verdict, checked on every run (the derandomized
# search above need not meet them again). Each stays until the engine is right about it.
REGRESSIONS: dict[str, tuple[Json, Json]] = {
    "object -> allOf [anything-or-null, string]: strings are new, forward breaks": (
        {"type": "object"},
        {"allOf": [{"anyOf": [{}, {"type": "null"}]}, {"type": "string"}]},
    ),
    "allOf [string-or-2, number] (= 2) -> string: 2 is lost, backward breaks (draft 7)": (
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {
                "b": {
                    "allOf": [
                        {"anyOf": [{"type": "string", "maxLength": 4}, {"const": 2}]},
                        {"type": "number", "maximum": 2},
                    ]
                }
            },
            "required": ["b"],
            "additionalProperties": False,
        },
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {"b": {"type": "string", "maxLength": 4}},
            "required": ["b"],
            "additionalProperties": False,
        },
    ),
    "a null admitted through an enum branch of anyOf is lost: backward breaks": (
        {
            "type": "object",
            "properties": {
                "kind": {
                    "allOf": [
                        {"type": ["string", "null"]},
                        {"anyOf": [{"type": ["string", "integer"]}, {"enum": [True, None, 2, 1]}]},
                    ]
                }
            },
        },
        {
            "type": "object",
            "properties": {
                "kind": {"allOf": [{"type": ["string", "null"]}, {"type": ["string", "integer"]}]}
            },
        },
    ),
    "items anything-or-null -> false-or-null and integer (the diff once crashed sorting)": (
        {"type": "array", "items": {"anyOf": [{}, {"type": "null"}]}, "minItems": 2},
        {
            "type": "array",
            "items": {"anyOf": [False, {"type": "null"}], "type": "integer"},
            "minItems": 2,
        },
    ),
    "draft-4 integer -> draft-7 integer: 1.0 is new, forward breaks": (
        {
            "$schema": "http://json-schema.org/draft-04/schema#",
            "type": "object",
            "properties": {"qty": {"type": "integer"}},
        },
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {"qty": {"type": "integer"}},
        },
    ),
    "draft 4: enum [1] -> integer: 1.0 is lost, backward breaks": (
        {"$schema": "http://json-schema.org/draft-04/schema#", "enum": [1]},
        {"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"},
    ),
    "percent-encoded pointer (#/$defs/a%20b), its target integer -> string": (
        {"$defs": {"a b": {"type": "integer"}}, "properties": {"v": {"$ref": "#/$defs/a%20b"}}},
        {"$defs": {"a b": {"type": "string"}}, "properties": {"v": {"$ref": "#/$defs/a%20b"}}},
    ),
    "percent-encoded UTF-8 (#/$defs/%C3%A9), its target integer -> string": (
        {"$defs": {"é": {"type": "integer"}}, "properties": {"v": {"$ref": "#/$defs/%C3%A9"}}},
        {"$defs": {"é": {"type": "string"}}, "properties": {"v": {"$ref": "#/$defs/%C3%A9"}}},
    ),
    "relative $ref through $id (root.json#/$defs/x), its target integer -> string": (
        {
            "$id": "https://ex.com/root.json",
            "$defs": {"x": {"type": "integer"}},
            "properties": {"v": {"$ref": "root.json#/$defs/x"}},
        },
        {
            "$id": "https://ex.com/root.json",
            "$defs": {"x": {"type": "string"}},
            "properties": {"v": {"$ref": "root.json#/$defs/x"}},
        },
    ),
    "a $ref relative to a nested $id, its fragment inside that resource: integer -> string": (
        {
            "$id": "https://ex.com/a/root.json",
            "$defs": {
                "r": {
                    "$id": "sub/r.json",
                    "$defs": {"y": {"type": "integer"}},
                    "properties": {"q": {"$ref": "#/$defs/y"}},
                },
                "y": {"type": "integer"},
            },
            "properties": {"v": {"$ref": "sub/r.json"}},
        },
        {
            "$id": "https://ex.com/a/root.json",
            "$defs": {
                "r": {
                    "$id": "sub/r.json",
                    "$defs": {"y": {"type": "string"}},
                    "properties": {"q": {"$ref": "#/$defs/y"}},
                },
                "y": {"type": "integer"},
            },
            "properties": {"v": {"$ref": "sub/r.json"}},
        },
    ),
}


@pytest.mark.parametrize(("old", "new"), list(REGRESSIONS.values()), ids=list(REGRESSIONS))
def test_earlier_counterexamples_stay_fixed(old: Json, new: Json) -> None:
    case_property(diff_schemas, old, new, 20)()


# -- generated pairs ----------------------------------------------------------------------------


def test_generated_pairs_are_sound() -> None:
    STATS.__init__()  # type: ignore[misc]
    pair_property(diff_schemas, PAIR_EXAMPLES)()
    # The run must have checked something: the verdicts claimed a direction often enough and
    # the candidates told the two sides apart often enough to reach the boundary.
    assert STATS.claimed >= PAIR_EXAMPLES // 5, STATS
    assert STATS.differ >= STATS.candidates // 20, STATS


# -- the generator on its own -------------------------------------------------------------------

# One schema per feature the generator must reach, drafts 4 to 2020-12.
FEATURES: dict[str, Json] = {
    "closed object, bounds": {
        "type": "object",
        "properties": {
            "a": {"type": "integer", "minimum": 3, "maximum": 10},
            "b": {"type": "string", "maxLength": 3},
            "c": {"enum": ["x", "y"]},
        },
        "required": ["a"],
        "additionalProperties": False,
    },
    "recursive $ref, multipleOf": {
        "$defs": {
            "n": {
                "type": "object",
                "properties": {
                    "v": {"type": "number", "multipleOf": 0.01},
                    "kids": {"type": "array", "items": {"$ref": "#/$defs/n"}},
                },
                "required": ["v"],
            }
        },
        "$ref": "#/$defs/n",
    },
    "draft 7: definitions, tuple items, dependencies, format": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"s": {"type": "string", "format": "date"}},
        "type": "object",
        "properties": {
            "d": {"$ref": "#/definitions/s"},
            "t": {
                "type": "array",
                "items": [{"type": "integer"}, {"type": "string"}],
                "additionalItems": False,
            },
        },
        "dependencies": {"d": ["t"], "t": {"required": ["d"]}},
    },
    "draft 4: boolean exclusive bounds": {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
        "maximum": 1,
        "exclusiveMaximum": True,
    },
    "if/then, unevaluatedProperties, patternProperties": {
        "type": "object",
        "properties": {"kind": {"enum": ["a", "b"]}, "x": {"type": "string"}},
        "if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
        "then": {"required": ["x"]},
        "patternProperties": {"^x-": {"type": "integer"}},
        "unevaluatedProperties": False,
    },
    "oneOf, pattern, exclusive": {
        "oneOf": [
            {"type": "string", "pattern": "^[A-Z]{3}$"},
            {"type": "integer", "exclusiveMinimum": 0},
        ]
    },
    "prefixItems, contains, uniqueItems": {
        "type": "array",
        "prefixItems": [{"const": 1}, {"type": "boolean"}],
        "items": False,
        "contains": {"const": 1},
        "uniqueItems": True,
    },
    "dependentRequired, dependentSchemas, propertyNames, minProperties": {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "dependentRequired": {"a": ["b"]},
        "dependentSchemas": {"b": {"properties": {"c": {"const": 1}}, "required": ["c"]}},
        "propertyNames": {"maxLength": 2},
        "minProperties": 1,
    },
    "allOf, anyOf of types, not": {
        "allOf": [
            {
                "type": "object",
                "properties": {"p": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
            },
            {"required": ["p"]},
        ],
        "not": {"required": ["q"]},
    },
    "boolean schemas": {"type": "object", "properties": {"yes": True, "no": False}},
    "2019-09: $recursiveRef": {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$recursiveAnchor": True,
        "type": "object",
        "properties": {"next": {"$recursiveRef": "#"}, "v": {"type": "integer"}},
        "required": ["v"],
    },
}


@pytest.mark.parametrize("schema", list(FEATURES.values()), ids=list(FEATURES))
def test_generator_reaches_each_feature(schema: Json) -> None:
    """Candidates include valid instances of every feature schema, and invalid near misses."""
    check = validator(schema)
    values = sample(candidates(schema), 150)
    valid = sum(check.is_valid(v) for v in values)
    assert valid >= len(values) * 0.3, (valid, len(values))
    assert valid < len(values), "no near misses: the mutations never left the schema"


def test_generator_acceptance_on_generated_pairs() -> None:
    """The rate at which candidates are valid under each side stays high enough for rejection
    sampling (valid_instances) and for the property above."""
    pairs = sample(schema_pairs(), 60)
    total = valid_old = valid_new = either = 0
    for old, new in pairs:
        batch = sample(candidate_batches(old, new, size=10), 2)
        for instance in (i for b in batch for i in b):
            a, b = validator(old).is_valid(instance), validator(new).is_valid(instance)
            total += 1
            valid_old += a
            valid_new += b
            either += a or b
    assert valid_old >= total * 0.3, (valid_old, total)
    assert valid_new >= total * 0.3, (valid_new, total)
    assert either >= total * 0.4, (either, total)


def test_pairs_compile_under_the_validator() -> None:
    for old, new in sample(schema_pairs(), 150):
        validator(old)
        validator(new)


# -- the harness can fail -----------------------------------------------------------------------


def always_compatible(old: Json, new: Json, *, mode: str, policy: str) -> DiffResult:
    """A wrong engine: compatible whatever the change."""
    return DiffResult(mode=mode, policy=policy, compatible=True, changes=())  # type: ignore[arg-type]


def always_breaking(old: Json, new: Json, *, mode: str, policy: str) -> DiffResult:
    """A useless but sound engine: everything breaks both ways."""
    change = Change(
        path="", pointer="", rule="everything", breaks=DIRECTIONS, severity="error", message="x"
    )
    return DiffResult(mode=mode, policy=policy, compatible=False, changes=(change,))  # type: ignore[arg-type]


FAST = (Phase.explicit, Phase.generate)


def test_harness_catches_an_always_compatible_engine_on_generated_pairs() -> None:
    with pytest.raises(AssertionError, match=r"unsound (BACKWARD|FORWARD) verdict"):
        pair_property(always_compatible, 100, FAST)()


def test_harness_catches_an_always_compatible_engine_on_a_fixed_pair() -> None:
    old = {"type": "object", "properties": {"currency": {"type": "string"}}}
    new = {**old, "required": ["currency"]}
    with pytest.raises(AssertionError, match="unsound BACKWARD verdict") as caught:
        case_property(always_compatible, old, new, 50, FAST)()
    text = str(caught.value)
    assert "instance: {" in text and '"required": ["currency"]' in text


def test_harness_passes_a_sound_engine() -> None:
    pair_property(always_breaking, 30, FAST)()


def _without(rule_ids: tuple[str, ...]) -> DiffFn:
    """The real engine with every change of the rules ``rule_ids`` dropped (a mutant)."""

    def diff(old: Json, new: Json, *, mode: str, policy: str) -> DiffResult:
        result = diff_schemas(old, new, mode=mode, policy=policy)  # type: ignore[arg-type]
        kept = tuple(c for c in result.changes if c.rule not in rule_ids)
        return DiffResult(
            mode=result.mode, policy=result.policy, compatible=result.compatible, changes=kept
        )

    return diff


@pytest.mark.parametrize(
    "rules",
    [("required-added", "required-removed"), ("format-added", "format-changed", "format-removed")],
)
def test_harness_catches_a_silenced_rule_on_generated_pairs(rules: tuple[str, ...]) -> None:
    with pytest.raises(AssertionError, match="unsound"):
        pair_property(_without(rules), 300, FAST)()


def test_harness_catches_every_silenced_rule_on_its_case_table() -> None:
    """Mutation score: silence one rule at a time; wherever that changes a verdict on the
    rule's own table cases, the instances must expose it."""
    from seamguard.core.compat.rules import CATALOG

    missed, caught = [], 0
    for rule in CATALOG:
        rule_id = rule.RULE.id
        mutant = _without((rule_id,))
        effective = hit = False
        for case_id, old, new in CASES:
            if not case_id.startswith(f"{rule_id}:"):
                continue
            try:
                validator(old), validator(new)
            except jsonschema_rs.ValidationError:
                continue
            if Verdict.of(mutant, old, new).claimed == Verdict.of(diff_schemas, old, new).claimed:
                continue  # silencing it changes no verdict here: nothing to expose
            effective = True
            try:
                case_property(mutant, old, new, 40, FAST)()
            except AssertionError:
                hit = True
                break
        if effective:
            caught += hit
            if not hit:
                missed.append(rule_id)
    assert not missed, f"silenced rules no instance exposed: {missed} ({caught} caught)"
    assert not CASES or caught >= 20, caught
