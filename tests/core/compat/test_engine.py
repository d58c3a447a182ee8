"""The engine beyond single rules: drafts, references, shared definitions, contracts, the API."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from seamguard.adapters.contract_yaml import starter_contract
from seamguard.core.compat.engine import diff_contracts, diff_schemas
from seamguard.core.compat.model import MODES, POLICIES
from seamguard.core.compat.rules import CATALOG, rule_info, rule_infos

STARTERS = sorted(
    p.stem for p in (Path(__file__).resolve().parents[3] / "src/seamguard/contracts").glob("*.yaml")
)

D4 = "http://json-schema.org/draft-04/schema#"
D6 = "http://json-schema.org/draft-06/schema#"
D7 = "http://json-schema.org/draft-07/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema"


def _keys(result: Any) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return sorted((c.rule, c.pointer, c.path, c.breaks) for c in result.changes)


# -- one schema, spelled by each draft --------------------------------------------------------


def _order(draft: str) -> dict[str, Any]:
    """The same order schema in the spelling of ``draft``."""
    old_style = draft in (D4, D6, D7)
    tuple_items = old_style or draft == D2019
    defs = "definitions" if old_style else "$defs"
    money: dict[str, Any] = {"type": "number", "minimum": 0}
    if draft == D4:
        money.update({"exclusiveMinimum": True})
    else:
        money = {"type": "number", "exclusiveMinimum": 0}
    line: dict[str, Any] = {
        "type": "array",
        "minItems": 2,
    }
    if tuple_items:
        line.update({"items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False})
    else:
        line.update({"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False})
    schema: dict[str, Any] = {
        "$schema": draft,
        defs: {"money": money},
        "type": "object",
        "properties": {
            "total": {"$ref": f"#/{defs}/money"},
            "line": line,
            "coupon": {"type": "string"},
            "discount": {"type": "number"},
        },
        "required": ["total"],
    }
    if old_style:
        schema["dependencies"] = {"coupon": ["discount"]}
    else:
        schema["dependentRequired"] = {"coupon": ["discount"]}
    return schema


DRAFTS = [D4, D6, D7, D2019, D2020]


@pytest.mark.parametrize("old", DRAFTS)
@pytest.mark.parametrize("new", DRAFTS)
def test_the_same_schema_in_any_two_drafts_has_no_change(old: str, new: str) -> None:
    result = diff_schemas(_order(old), _order(new), mode="full", policy="strict")
    breaking = [(c.rule, c.path, c.breaks) for c in result.changes if c.breaks]
    if (old == D4) == (new == D4):
        assert breaking == []
        assert result.compatible
    else:
        # the one real difference: 1.0 is an integer from draft 6 on, not in draft 4
        rule, direction = (
            ("type-widened", "forward") if old == D4 else ("type-narrowed", "backward")
        )
        assert breaking == [(rule, "/line/1", (direction,))]


def test_no_schema_means_2020_12() -> None:
    a = {"type": "array", "prefixItems": [{"type": "string"}]}
    b = {"$schema": D2020, "type": "array", "prefixItems": [{"type": "string"}]}
    assert diff_schemas(a, b, mode="full", policy="strict").changes == ()


def test_ref_siblings_are_ignored_before_2019_09() -> None:
    old = {"$schema": D7, "definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s"}
    new = {**old, "maxLength": 3}  # a sibling draft 7 validators ignore
    assert diff_schemas(old, new, mode="full", policy="strict").compatible


def test_ref_siblings_apply_from_2019_09() -> None:
    old = {"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s"}
    new = {**old, "maxLength": 3}
    assert _keys(diff_schemas(old, new, mode="full", policy="strict")) == [
        ("max-length-decreased", "/maxLength", "", ("backward",))
    ]


def test_keywords_a_draft_does_not_know_are_ignored() -> None:
    old = {"$schema": D4, "type": "object", "properties": {"a": {"const": 1}}}
    new = {"$schema": D4, "type": "object", "properties": {"a": {"const": 2}}}
    assert diff_schemas(old, new, mode="full", policy="strict").changes == ()


def test_boolean_schemas() -> None:
    assert diff_schemas(True, {}, mode="full").changes == ()
    assert _keys(diff_schemas(True, False, mode="full")) == [
        ("false-schema-added", "", "", ("backward",))
    ]
    assert _keys(diff_schemas(False, True, mode="full")) == [
        ("false-schema-removed", "", "", ("forward",))
    ]


# -- references ----------------------------------------------------------------------------------


def _tree(leaf: dict[str, Any]) -> dict[str, Any]:
    return {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "value": leaf,
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                    "parent": {"anyOf": [{"$ref": "#/$defs/node"}, {"type": "null"}]},
                },
            }
        },
        "$ref": "#/$defs/node",
    }


def test_recursive_refs_terminate_and_compare_equal() -> None:
    a = _tree({"type": "string"})
    assert diff_schemas(a, _tree({"type": "string"}), mode="full", policy="strict").changes == ()


def test_a_change_inside_a_recursive_definition_is_reported_once() -> None:
    result = diff_schemas(
        _tree({"type": "string"}), _tree({"type": "string", "maxLength": 5}), mode="full"
    )
    (change,) = result.changes
    assert (change.rule, change.pointer, change.breaks) == (
        "max-length-decreased",
        "/$defs/node/properties/value/maxLength",
        ("backward",),
    )
    assert change.path == change.paths[0]
    assert "/value" in change.paths
    assert "/children/*/value" in change.paths
    assert "/parent/value" in change.paths


def test_mutual_recursion_terminates() -> None:
    def doc(extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "$defs": {
                "a": {"type": "object", "properties": {"b": {"$ref": "#/$defs/b"}, **extra}},
                "b": {"type": "object", "properties": {"a": {"$ref": "#/$defs/a"}}},
            },
            "$ref": "#/$defs/a",
        }

    result = diff_schemas(doc({}), doc({"x": {"type": "string"}}), mode="full", policy="strict")
    assert [c.rule for c in result.changes] == ["property-added"]
    assert result.changes[0].pointer == "/$defs/a/properties/x"


def test_a_shared_definition_is_reported_once_with_every_path() -> None:
    def doc(address: dict[str, Any]) -> dict[str, Any]:
        return {
            "$defs": {"address": address},
            "type": "object",
            "properties": {
                "billing": {"$ref": "#/$defs/address"},
                "shipping": {"$ref": "#/$defs/address"},
                "stops": {"type": "array", "items": {"$ref": "#/$defs/address"}},
            },
        }

    old = doc({"type": "object", "properties": {"zip": {"type": "string"}}})
    new = doc({"type": "object", "properties": {"zip": {"type": "string"}}, "required": ["zip"]})
    result = diff_schemas(old, new)
    (change,) = result.changes
    assert (change.rule, change.pointer, change.path) == (
        "required-added",
        "/$defs/address/required",
        "/billing/zip",
    )
    assert change.paths == ("/billing/zip", "/shipping/zip", "/stops/*/zip")


def test_anchors_and_draft_6_ids_resolve() -> None:
    old = {
        "$schema": D6,
        "definitions": {"s": {"$id": "#str", "type": "string"}},
        "properties": {"a": {"$ref": "#str"}},
    }
    new = {
        "$defs": {"s": {"$anchor": "str", "type": "string"}},
        "properties": {"a": {"$ref": "#str"}},
    }
    assert [
        c for c in diff_schemas(old, new, mode="full", policy="strict").changes if c.breaks
    ] == []


def _resource(y: str) -> dict[str, Any]:
    """A document embedding a resource (nested $id) whose own fragment refs stay inside it."""
    return {
        "$id": "https://ex.com/a/root.json",
        "$defs": {
            "r": {
                "$id": "sub/r.json",
                "$defs": {"y": {"type": y}},
                "properties": {"q": {"$ref": "#/$defs/y"}},
            },
            "y": {"type": "integer"},  # what a ref resolved against the document root would hit
        },
        "properties": {"v": {"$ref": "sub/r.json"}, "w": {"$ref": "/a/sub/r.json#/$defs/y"}},
    }


def test_refs_resolve_against_the_base_of_the_resource_they_sit_in() -> None:
    result = diff_schemas(_resource("integer"), _resource("string"), mode="full", policy="strict")
    assert _keys(result) == [
        ("type-changed", "/$defs/r/$defs/y/type", "/v/q", ("backward", "forward")),
    ]
    assert result.changes[0].paths == ("/v/q", "/w")


def test_an_unresolved_ref_names_the_side_that_has_it() -> None:
    old = {"properties": {"v": {"$ref": "a.json"}}}
    new = {"properties": {"v": {"type": "string"}}}
    for a, b, side in ((old, new, "OLD"), (new, old, "NEW")):
        found = [
            c for c in diff_schemas(a, b, policy="strict").changes if c.rule == "ref-unresolved"
        ]
        assert [(c.pointer, c.breaks) for c in found] == [
            ("/properties/v/$ref", ("backward", "forward"))
        ]
        assert "None" not in found[0].message
        assert f"a.json in {side}" in found[0].message


def test_large_schema_sets_diff_quickly() -> None:
    def doc(n: int, extra: bool) -> dict[str, Any]:
        defs: dict[str, Any] = {}
        for i in range(n):
            props: dict[str, Any] = {
                "id": {"type": "string"},
                "amount": {"type": "number", "minimum": 0},
                "next": {"$ref": f"#/$defs/s{(i + 1) % n}"},
                "items": {"type": "array", "items": {"$ref": f"#/$defs/s{(i * 7) % n}"}},
            }
            if extra and i % 10 == 0:
                props["note"] = {"type": "string"}
            defs[f"s{i}"] = {"type": "object", "properties": props, "required": ["id"]}
        return {"$defs": defs, "$ref": "#/$defs/s0"}

    old, new = doc(1000, False), doc(1000, True)
    start = time.perf_counter()
    result = diff_schemas(old, new, mode="full")
    elapsed = time.perf_counter() - start
    assert len([c for c in result.changes if c.rule == "property-added"]) == 100
    assert elapsed < 5  # the benchmark holds it to 1 s; this only catches a blow-up


# -- contracts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("contract_id", STARTERS)
def test_a_starter_contract_against_itself_has_no_change(contract_id: str) -> None:
    contract = starter_contract(contract_id)
    for policy in POLICIES:
        assert diff_contracts(contract, contract, mode="full", policy=policy).changes == ()


@pytest.mark.parametrize("contract_id", STARTERS)
def test_a_starter_schema_against_itself_has_no_change(contract_id: str) -> None:
    from seamguard.core.contract import thaw

    schema = thaw(starter_contract(contract_id).schema)
    assert diff_schemas(schema, schema, mode="full", policy="strict").changes == ()


# -- the API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_compatible_is_false_exactly_when_a_change_breaks_the_mode(mode: str) -> None:
    old = {"type": "object", "properties": {"s": {"enum": ["a", "b"]}}}
    new = {"type": "object", "properties": {"s": {"enum": ["a", "c"]}}}
    result = diff_schemas(old, new, mode=mode)  # type: ignore[arg-type]
    assert not result.compatible
    wanted = (
        {"backward"}
        if mode == "backward"
        else {"forward"}
        if mode == "forward"
        else {"backward", "forward"}
    )
    for change in result.changes:
        assert change.severity == ("error" if wanted & set(change.breaks) else "warning")


def test_severities_follow_the_mode() -> None:
    old = {"type": "object", "properties": {"q": {"type": "integer"}}}
    new = {"type": "object", "properties": {"q": {"type": "number"}}}
    assert diff_schemas(old, new, mode="backward").compatible
    assert diff_schemas(old, new, mode="backward").changes[0].severity == "warning"
    assert not diff_schemas(old, new, mode="forward").compatible
    assert diff_schemas(old, new, mode="forward").changes[0].severity == "error"


def test_changes_are_sorted_and_deterministic() -> None:
    old = {"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "string"}}}
    new = {"type": "object", "properties": {"b": {"type": "integer"}, "a": {"type": "integer"}}}
    first = diff_schemas(old, new, mode="full")
    assert first == diff_schemas(old, new, mode="full")
    assert [c.path for c in first.changes] == ["/a", "/b"]


def test_catalog_is_data() -> None:
    infos = rule_infos()
    assert [i.id for i in infos] == sorted(i.id for i in infos)
    assert len({i.id for i in infos}) == len(CATALOG)
    for info in infos:
        assert info.summary and info.rationale and info.category
        assert info.id == info.id.lower() and " " not in info.id
        assert set(info.breaks) <= {"backward", "forward"}
        assert rule_info(info.id) is info
    with pytest.raises(KeyError):
        rule_info("no-such-rule")


def test_undecidable_changes_break_both_directions() -> None:
    old = {"type": "string", "pattern": "^a"}
    new = {"type": "string", "pattern": "^b"}
    (change,) = diff_schemas(old, new).changes
    assert change.undecidable and change.breaks == ("backward", "forward")


def test_a_diff_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    from seamguard.core.compat.engine import diff_schemas

    old, new = {"type": "object"}, {"type": "object", "required": ["id"]}
    assert gc.isenabled()
    diff_schemas(old, new)
    assert gc.isenabled()
    gc.disable()
    try:
        diff_schemas(old, new)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- depth ----------------------------------------------------------------------------------------


def test_a_document_nested_beyond_the_limit_is_refused_not_crashed() -> None:
    from seamguard.core.compat.normalize import MAX_DEPTH
    from seamguard.errors import ContractError

    deep: dict[str, Any] = {"type": "string"}
    for _ in range(MAX_DEPTH):
        deep = {"not": deep}
    with pytest.raises(ContractError, match=rf"nests too deeply .*deeper than {MAX_DEPTH} levels"):
        diff_schemas({"type": "object"}, deep, mode="full", policy="strict")
    values = {"enum": [[[[[]]]]]}
    for _ in range(MAX_DEPTH):
        values = {"items": values}
    with pytest.raises(ContractError, match="nests too deeply"):
        diff_schemas(values, {}, policy="strict")


def test_a_ref_chain_too_long_to_follow_is_refused_not_crashed() -> None:
    from seamguard.errors import ContractError

    def chain(leaf: dict[str, Any]) -> dict[str, Any]:
        defs: dict[str, Any] = {f"d{i}": {"not": {"$ref": f"#/$defs/d{i + 1}"}} for i in range(400)}
        defs["d400"] = leaf
        return {"$defs": defs, "$ref": "#/$defs/d0"}

    with pytest.raises(ContractError, match=r"nests too deeply to compare \(its \$ref chains"):
        diff_schemas(chain({"type": "string"}), chain({"maxLength": 3}), policy="strict")


# -- paths --------------------------------------------------------------------------------------


def _shared(names: int, leaf: dict[str, Any]) -> dict[str, Any]:
    return {
        "$defs": {"zip": leaf},
        "type": "object",
        "properties": {f"p{i:02}": {"$ref": "#/$defs/zip"} for i in range(names)},
    }


@pytest.mark.parametrize(("names", "truncated"), [(3, False), (16, False), (17, True), (40, True)])
def test_paths_stop_at_the_cap_and_say_so(names: int, truncated: bool) -> None:
    from seamguard.core.compat.paths import MAX_PATHS

    old, new = (
        _shared(names, {"type": "string"}),
        _shared(names, {"type": "string", "maxLength": 5}),
    )
    (change,) = diff_schemas(old, new, mode="full", policy="strict").changes
    assert change.pointer == "/$defs/zip/maxLength"
    assert len(change.paths) == min(names, MAX_PATHS)
    assert change.paths_truncated is truncated


def test_a_recursive_definition_has_more_paths_than_listed() -> None:
    old, new = _tree({"type": "string"}), _tree({"type": "string", "maxLength": 5})
    changes = diff_schemas(old, new, mode="full", policy="strict").changes
    assert changes and all(c.paths_truncated for c in changes)
