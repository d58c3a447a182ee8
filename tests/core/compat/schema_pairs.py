"""Random schema pairs for the soundness property test: a base schema and a mutated version.

A base is a small object schema in 2020-12 terms (a handful of properties of every kind,
optionally ``$defs`` with a recursive ``Node`` and ``$ref``s to them, composition, closed or open
content). One to three mutations are then applied at random places: the edits a producer makes
(property added / removed, required added / removed, type changed, widened, narrowed, nullable,
enum and const edits, bounds moved ± 1, ``multipleOf``, ``pattern``, ``format``, items and
``prefixItems``, ``additionalProperties`` / ``unevaluatedProperties`` / ``patternProperties`` /
``propertyNames``, dependencies, branches of ``anyOf`` / ``oneOf`` / ``allOf``, ``not``,
``if``/``then``/``else``, a ``$ref`` retargeted or inlined, a node made ``true`` / ``false``,
annotations). Both sides are finally spelled in one draft (2020-12 mostly; 2019-09, 7 and 4 with
their own keywords: ``definitions``, array ``items`` + ``additionalItems``, ``dependencies``,
boolean ``exclusiveMaximum``, ``$ref`` that replaces its siblings).

Schemas stay small (depth ≤ 3, ≤ 4 properties an object) so a diff and a few dozen validations
take milliseconds.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from tests.core.compat.instances import Draw, Json, walk

NAMES = ("id", "name", "kind", "total", "status", "tags", "a", "b", "x-a")
ENUM_VALUES: tuple[Json, ...] = ("a", "b", "c", 1, 2, None, True, 1.5)
PATTERNS = ("^[A-Z]{3}$", "^a", "b$", "^[0-9]+$", "^-?[0-9]+\\.[0-9]{2}$", "^[a-z-]*$")
FORMATS = ("date", "date-time", "email", "uuid", "ipv4")
DRAFT_URIS = {
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
    "2019-09": "https://json-schema.org/draft/2019-09/schema",
    "7": "http://json-schema.org/draft-07/schema#",
    "4": "http://json-schema.org/draft-04/schema#",
}
DEF_NAMES = ("Node", "Item")


# -- base schemas -------------------------------------------------------------------------------


def _optional(draw: Draw, out: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        out[key] = draw(strategy)


@st.composite
def string_schema(draw: Draw) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string"}
    _optional(draw, out, "minLength", st.integers(0, 3))
    _optional(draw, out, "maxLength", st.integers(2, 6))
    extra = draw(st.integers(0, 5))
    if extra == 1:
        out["pattern"] = draw(st.sampled_from(PATTERNS))
    elif extra == 2:
        out["format"] = draw(st.sampled_from(FORMATS))
    return out


@st.composite
def number_schema(draw: Draw) -> dict[str, Any]:
    integer = draw(st.booleans())
    out: dict[str, Any] = {"type": "integer" if integer else "number"}
    bound = st.integers(-2, 10) if integer else st.sampled_from([-1, 0, 0.5, 2, 10, 99.99])
    _optional(draw, out, "minimum", bound)
    _optional(draw, out, "maximum", bound)
    if draw(st.integers(0, 3)) == 0:
        out["exclusiveMinimum" if draw(st.booleans()) else "exclusiveMaximum"] = draw(bound)
    if draw(st.integers(0, 3)) == 0:
        out["multipleOf"] = draw(st.sampled_from([2, 3] if integer else [0.5, 0.01, 0.25]))
    return out


@st.composite
def enum_schema(draw: Draw) -> dict[str, Any]:
    values = draw(st.lists(st.sampled_from(ENUM_VALUES), min_size=1, max_size=4, unique_by=repr))
    out: dict[str, Any] = {"enum": values}
    if all(isinstance(v, str) for v in values) and draw(st.booleans()):
        out["type"] = "string"
    return out


SCALARS = st.one_of(
    string_schema(),
    number_schema(),
    enum_schema(),
    st.sampled_from(ENUM_VALUES).map(lambda v: {"const": v}),
    st.sampled_from(
        [
            {"type": "boolean"},
            {"type": "null"},
            {"type": ["string", "null"]},
            {"anyOf": [{"type": "string"}, {"type": "null"}]},
            {"type": ["integer", "string"]},
            # Types spelled through composition, where a diff must compute what is admitted.
            {"anyOf": [{}, {"type": "null"}]},
            {"oneOf": [{"type": "integer"}, {"type": "number"}]},
            {"allOf": [{"type": ["string", "null"]}, {"type": ["string", "integer"]}]},
            {"type": "number", "not": {"type": "integer"}},
            {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "maxLength": 2}]},
            {},
            True,
            False,
        ]
    ),
)


def schemas(depth: int, defs: tuple[str, ...]) -> st.SearchStrategy[Json]:
    """A subschema of at most ``depth`` more levels, possibly a ``$ref`` to one of ``defs``."""
    options: list[st.SearchStrategy[Json]] = [SCALARS, SCALARS]
    if defs:
        options.append(st.sampled_from(defs).map(lambda d: {"$ref": f"#/$defs/{d}"}))
    if depth > 0:
        options += [
            array_schema(depth - 1, defs),
            object_schema(depth - 1, defs),
            composition(depth - 1, defs),
        ]
    return st.one_of(options)


@st.composite
def array_schema(draw: Draw, depth: int, defs: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array"}
    if draw(st.integers(0, 3)) == 0:
        out["prefixItems"] = draw(st.lists(schemas(depth, defs), min_size=1, max_size=2))
        choice = draw(st.integers(0, 2))
        if choice == 1:
            out["items"] = False
        elif choice == 2:
            out["items"] = draw(schemas(depth, defs))
    else:
        out["items"] = draw(schemas(depth, defs))
    _optional(draw, out, "minItems", st.integers(0, 2))
    _optional(draw, out, "maxItems", st.integers(1, 4))
    if draw(st.integers(0, 3)) == 0:
        out["uniqueItems"] = True
    if draw(st.integers(0, 4)) == 0:
        out["contains"] = draw(SCALARS)
    return out


@st.composite
def composition(draw: Draw, depth: int, defs: tuple[str, ...]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["anyOf", "oneOf", "allOf", "not"]))
    if kind == "not":
        return {"not": draw(SCALARS)}
    return {kind: draw(st.lists(schemas(depth, defs), min_size=1, max_size=3))}


@st.composite
def object_schema(draw: Draw, depth: int, defs: tuple[str, ...]) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=0, max_size=4, unique=True))
    out: dict[str, Any] = {}
    if draw(st.integers(0, 4)):
        out["type"] = "object"
    out["properties"] = {n: draw(schemas(depth, defs)) for n in names}
    required = draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True))
    if required:
        # Mostly declared names; now and then one the object does not declare.
        out["required"] = [n for n in required if n in names or draw(st.integers(0, 4)) == 0]
        if not out["required"]:
            del out["required"]
    closing = draw(st.integers(0, 6))
    if closing == 1:
        out["additionalProperties"] = False
    elif closing == 2:
        out["additionalProperties"] = draw(SCALARS)
    elif closing == 3:
        out["unevaluatedProperties"] = False
    elif closing == 4:
        out["additionalProperties"] = True
    if draw(st.integers(0, 4)) == 0:
        out["patternProperties"] = {"^x-": draw(SCALARS)}
    if draw(st.integers(0, 6)) == 0:
        out["propertyNames"] = draw(
            st.sampled_from([{"maxLength": 4}, {"pattern": "^[a-z-]+$"}, {"enum": list(NAMES)}])
        )
    if draw(st.integers(0, 5)) == 0:
        out["minProperties" if draw(st.booleans()) else "maxProperties"] = draw(st.integers(1, 3))
    if len(names) >= 2 and draw(st.integers(0, 4)) == 0:
        a, b = names[0], names[1]
        if draw(st.booleans()):
            out["dependentRequired"] = {a: [b]}
        else:
            out["dependentSchemas"] = {a: {"required": [b]}}
    if "kind" in names and draw(st.integers(0, 3)) == 0:
        out["properties"]["kind"] = {"enum": ["a", "b"]}
        out["if"] = {"properties": {"kind": {"const": "a"}}, "required": ["kind"]}
        out["then"] = {"required": [names[-1]]}
        if draw(st.booleans()):
            out["else"] = {"properties": {names[-1]: {"type": "null"}}}
    return out


@st.composite
def base_schemas(draw: Draw) -> dict[str, Any]:
    """A root object schema, with ``$defs`` (one of them recursive) half of the time."""
    defs: tuple[str, ...] = ()
    root: dict[str, Any] = {}
    if draw(st.booleans()):
        defs = DEF_NAMES
        root["$defs"] = {
            "Node": {
                "type": "object",
                "properties": {
                    "value": draw(SCALARS),
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                },
                "required": ["value"],
            },
            "Item": draw(st.one_of(SCALARS, object_schema(0, ()))),
        }
    body = draw(object_schema(2, defs))
    root.update(body)
    root["type"] = "object"
    return root


# -- mutations ----------------------------------------------------------------------------------

Mutation = Callable[[Draw, dict[str, Any]], Json | None]


def _is_object(node: dict[str, Any]) -> bool:
    return node.get("type") == "object" or "properties" in node


def _add_property(draw: Draw, node: dict[str, Any]) -> Json | None:
    if not _is_object(node):
        return None
    props = dict(node.get("properties", {}))
    free = [n for n in NAMES if n not in props]
    if not free:
        return None
    name = draw(st.sampled_from(free))
    props[name] = draw(SCALARS)
    out = {**node, "properties": props}
    if draw(st.integers(0, 3)) == 0:
        out["required"] = (
            [*node.get("required", []), name]
            if name not in node.get("required", [])
            else node["required"]
        )
    return out


def _remove_property(draw: Draw, node: dict[str, Any]) -> Json | None:
    props = node.get("properties")
    if not props:
        return None
    name = draw(st.sampled_from(sorted(props)))
    out = {**node, "properties": {k: v for k, v in props.items() if k != name}}
    if name in node.get("required", []) and draw(st.booleans()):
        out["required"] = [n for n in node["required"] if n != name]
        if not out["required"]:
            del out["required"]
    return out


def _add_required(draw: Draw, node: dict[str, Any]) -> Json | None:
    if not _is_object(node):
        return None
    have = node.get("required", [])
    pool = [n for n in (*node.get("properties", {}), *NAMES) if n not in have]
    if not pool:
        return None
    return {**node, "required": [*have, draw(st.sampled_from(pool))]}


def _remove_required(draw: Draw, node: dict[str, Any]) -> Json | None:
    have = node.get("required")
    if not have:
        return None
    name = draw(st.sampled_from(have))
    out = {**node, "required": [n for n in have if n != name]}
    if not out["required"]:
        del out["required"]
    return out


def _set_keyword(key: str, values: st.SearchStrategy[Json]) -> Mutation:
    def apply(draw: Draw, node: dict[str, Any]) -> Json | None:
        if not _is_object(node):
            return None
        value = draw(st.one_of(st.just(None), values))
        out = {k: v for k, v in node.items() if k != key}
        if value is not None:
            out[key] = value
        return out if out != node else None

    return apply


TYPES = ("string", "integer", "number", "boolean", "null", "object", "array")


def _change_type(draw: Draw, node: dict[str, Any]) -> Json | None:
    current = node.get("type")
    have = [current] if isinstance(current, str) else list(current or [])
    how = draw(st.integers(0, 3))
    if how == 0 and have:  # widen by one type
        extra = [t for t in TYPES if t not in have]
        new: Json = [*have, draw(st.sampled_from(extra))]
    elif how == 1 and len(have) > 1:  # narrow
        victim = draw(st.sampled_from(have))
        new = [t for t in have if t != victim]
    elif how == 2 and have and have[0] in ("integer", "number"):
        new = ["number" if have[0] == "integer" else "integer", *have[1:]]
    else:
        new = draw(st.sampled_from(TYPES))
    if isinstance(new, list) and len(new) == 1:
        new = new[0]
    return {**node, "type": new} if new != current else None


def _nullable(draw: Draw, node: dict[str, Any]) -> Json | None:
    branches = node.get("anyOf")
    if isinstance(branches, list) and {"type": "null"} in branches and len(branches) == 2:
        others = [b for b in branches if b != {"type": "null"}]
        return others[0] if others else {"type": "null"}
    if isinstance(node.get("type"), str) and node["type"] != "null" and draw(st.booleans()):
        return {**node, "type": [node["type"], "null"]}
    return {"anyOf": [node, {"type": "null"}]}


def _enum_edit(draw: Draw, node: dict[str, Any]) -> Json | None:
    values = node.get("enum")
    if not isinstance(values, list):
        if "const" in node or draw(st.integers(0, 2)):
            return None
        return {
            **node,
            "enum": draw(
                st.lists(st.sampled_from(ENUM_VALUES), min_size=1, max_size=3, unique_by=repr)
            ),
        }
    how = draw(st.integers(0, 3))
    if how == 0:
        extra = [v for v in ENUM_VALUES if repr(v) not in {repr(x) for x in values}]
        return {**node, "enum": [*values, draw(st.sampled_from(extra))]} if extra else None
    if how == 1 and len(values) > 1:
        gone = draw(st.integers(0, len(values) - 1))
        return {**node, "enum": [v for i, v in enumerate(values) if i != gone]}
    if how == 2:
        return {k: v for k, v in node.items() if k != "enum"}
    return {**{k: v for k, v in node.items() if k != "enum"}, "const": values[0]}


def _const_edit(draw: Draw, node: dict[str, Any]) -> Json | None:
    if "const" not in node:
        return None
    how = draw(st.integers(0, 2))
    if how == 0:
        return {k: v for k, v in node.items() if k != "const"}
    if how == 1:
        return {**node, "const": draw(st.sampled_from(ENUM_VALUES))}
    return {**{k: v for k, v in node.items() if k != "const"}, "enum": [node["const"], "z"]}


BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
)
_COUNTS = {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}


def _bound_edit(draw: Draw, node: dict[str, Any]) -> Json | None:
    present = [k for k in BOUNDS if isinstance(node.get(k), int | float)]
    kind = node.get("type")
    addable = {
        "string": ["minLength", "maxLength"],
        "integer": ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
        "number": ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
        "array": ["minItems", "maxItems"],
        "object": ["minProperties", "maxProperties"],
    }.get(kind if isinstance(kind, str) else "", [])
    if present and (not addable or draw(st.booleans())):
        key = draw(st.sampled_from(present))
        how = draw(st.integers(0, 2))
        if how == 2:
            return {k: v for k, v in node.items() if k != key}
        step = 1 if key in _COUNTS or draw(st.booleans()) else 0.5
        value = node[key] + (step if how == 0 else -step)
        if key in _COUNTS and value < 0:
            return None
        return {**node, key: value}
    if addable:
        key = draw(st.sampled_from(addable))
        return {**node, key: draw(st.integers(0, 5))}
    return None


def _multiple_of(draw: Draw, node: dict[str, Any]) -> Json | None:
    if node.get("type") not in ("integer", "number") and "multipleOf" not in node:
        return None
    m = node.get("multipleOf")
    if m is None:
        return {**node, "multipleOf": draw(st.sampled_from([2, 0.5, 0.01]))}
    how = draw(st.integers(0, 2))
    if how == 0:
        return {k: v for k, v in node.items() if k != "multipleOf"}
    return {**node, "multipleOf": m * 2 if how == 1 else m / 2}


def _string_edit(draw: Draw, node: dict[str, Any]) -> Json | None:
    """pattern or format added, changed or removed (removed only where there is one)."""
    key = draw(st.sampled_from(["pattern", "format"]))
    choices = [c for c in (PATTERNS if key == "pattern" else FORMATS) if c != node.get(key)]
    out = {k: v for k, v in node.items() if k != key}
    if key not in node or draw(st.booleans()):
        out[key] = draw(st.sampled_from(choices))
    return out


def _array_edit(draw: Draw, node: dict[str, Any]) -> Json | None:
    how = draw(st.integers(0, 4))
    out = dict(node)
    if how == 0:
        out["uniqueItems"] = not node.get("uniqueItems", False)
    elif how == 1:
        if "contains" in out:
            del out["contains"]
        else:
            out["contains"] = draw(SCALARS)
    elif how == 2:
        out["items"] = draw(SCALARS)
    elif how == 3 and "prefixItems" in node:
        prefix = list(node["prefixItems"])
        if draw(st.booleans()) or len(prefix) == 1:
            prefix.append(draw(SCALARS))
        else:
            prefix.pop()
        out["prefixItems"] = prefix
    else:
        out["items"] = not node.get("items", True) if isinstance(node.get("items"), bool) else False
    return out


def _composition_edit(draw: Draw, node: dict[str, Any]) -> Json | None:
    for key in ("anyOf", "oneOf", "allOf"):
        branches = node.get(key)
        if isinstance(branches, list) and draw(st.booleans()):
            if len(branches) > 1 and draw(st.booleans()):
                gone = draw(st.integers(0, len(branches) - 1))
                return {**node, key: [b for i, b in enumerate(branches) if i != gone]}
            return {**node, key: [*branches, draw(SCALARS)]}
    if "not" in node:
        return {k: v for k, v in node.items() if k != "not"}
    how = draw(st.integers(0, 3))
    if how == 3:
        return {**node, "not": draw(SCALARS)}
    return {("anyOf", "oneOf", "allOf")[how]: [node, draw(SCALARS)]}


def _conditional(draw: Draw, node: dict[str, Any]) -> Json | None:
    if "if" in node:
        return {k: v for k, v in node.items() if k not in ("if", "then", "else")}
    if not _is_object(node) or not node.get("properties"):
        return None
    name = draw(st.sampled_from(sorted(node["properties"])))
    other = draw(st.sampled_from(NAMES))
    return {
        **node,
        "if": {
            "properties": {name: {"const": draw(st.sampled_from(ENUM_VALUES))}},
            "required": [name],
        },
        "then": {"required": [other]},
    }


def _ref_edit(draw: Draw, node: dict[str, Any], root: dict[str, Any]) -> Json | None:
    ref = node.get("$ref")
    if not isinstance(ref, str) or "$defs" not in root:
        return None
    if draw(st.booleans()):
        return {**node, "$ref": "#/$defs/" + draw(st.sampled_from(DEF_NAMES))}
    # Inline the target (the same constraints once more: a diff must not read it as a change).
    target = root["$defs"][ref.rsplit("/", 1)[1]]
    if target is True or target is False or "Node" in ref:
        return None
    rest = {k: v for k, v in node.items() if k != "$ref"}
    return {**copy.deepcopy(target), **rest}


def _boolean(draw: Draw, node: dict[str, Any]) -> Json | None:
    return draw(st.sampled_from([True, False, {}]))


def _annotation(draw: Draw, node: dict[str, Any]) -> Json | None:
    key = draw(st.sampled_from(["description", "default", "examples", "deprecated", "title"]))
    value = {"description": "changed", "default": "a", "examples": [1], "deprecated": True}.get(
        key, "T"
    )
    return {**node, key: value}


def _typed(*kinds: str) -> Callable[[dict[str, Any]], bool]:
    def applies(node: dict[str, Any]) -> bool:
        t = node.get("type")
        return (t in kinds) if isinstance(t, str) else bool(set(t or ()) & set(kinds))

    return applies


def _anywhere(node: dict[str, Any]) -> bool:
    return True


def _has(key: str) -> Callable[[dict[str, Any]], bool]:
    return lambda node: bool(node.get(key))


def _with_root(op: Callable[[Draw, dict[str, Any]], Json | None]) -> RootMutation:
    return lambda draw, node, root: op(draw, node)


RootMutation = Callable[[Draw, dict[str, Any], dict[str, Any]], Json | None]

# (edit, where it applies, weight). The edit is drawn first and then a node it applies to, so
# rare targets (a string with a format, an array, a $ref) get edited as often as their weight
# says rather than only when a random node happens to fit.
MUTATIONS: tuple[tuple[RootMutation, Callable[[dict[str, Any]], bool], int], ...] = (
    (_with_root(_add_property), _is_object, 3),
    (_with_root(_remove_property), _has("properties"), 3),
    (_with_root(_add_required), _is_object, 3),
    (_with_root(_remove_required), _has("required"), 2),
    (
        _with_root(
            _set_keyword("additionalProperties", st.one_of(st.just(False), st.just(True), SCALARS))
        ),
        _is_object,
        3,
    ),
    (
        _with_root(_set_keyword("unevaluatedProperties", st.one_of(st.just(False), SCALARS))),
        _is_object,
        2,
    ),
    (
        _with_root(_set_keyword("patternProperties", SCALARS.map(lambda s: {"^x-": s}))),
        _is_object,
        2,
    ),
    (
        _with_root(
            _set_keyword(
                "propertyNames",
                st.sampled_from([{"maxLength": 3}, {"pattern": "^[a-z]+$"}, {"enum": list(NAMES)}]),
            )
        ),
        _is_object,
        1,
    ),
    (
        _with_root(
            _set_keyword("dependentRequired", st.sampled_from(NAMES).map(lambda n: {n: ["id"]}))
        ),
        _is_object,
        2,
    ),
    (
        _with_root(
            _set_keyword(
                "dependentSchemas",
                st.sampled_from(NAMES).map(lambda n: {n: {"required": ["a"]}}),
            )
        ),
        _is_object,
        2,
    ),
    (_with_root(_change_type), _anywhere, 4),
    (_with_root(_nullable), _anywhere, 2),
    (_with_root(_enum_edit), lambda n: "enum" in n or "const" not in n, 4),
    (_with_root(_const_edit), lambda n: "const" in n, 2),
    (
        _with_root(_bound_edit),
        lambda n: (
            any(k in n for k in BOUNDS)
            or _typed("string", "integer", "number", "array", "object")(n)
        ),
        8,
    ),
    (_with_root(_multiple_of), lambda n: "multipleOf" in n or _typed("integer", "number")(n), 3),
    (_with_root(_string_edit), _typed("string"), 6),
    (_with_root(_array_edit), _typed("array"), 6),
    (_with_root(_composition_edit), _anywhere, 3),
    (
        _with_root(_conditional),
        lambda n: "if" in n or (_is_object(n) and bool(n.get("properties"))),
        1,
    ),
    (_with_root(_boolean), _anywhere, 1),
    (_with_root(_annotation), _anywhere, 1),
    (_ref_edit, lambda n: isinstance(n.get("$ref"), str), 3),
)
_WEIGHTED = tuple(i for i, (_, _, w) in enumerate(MUTATIONS) for _ in range(w))


def _replace(root: Json, pointer: str, value: Json) -> Json:
    if not pointer:
        return value
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]
    node = root
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    last = tokens[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return root


@st.composite
def mutated(draw: Draw, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` after one to three random edits, each at a random subschema."""
    new: Json = copy.deepcopy(base)
    # Which edit and where come from a seeded generator, not from one draw each: hypothesis
    # favours the minimal draw in a share of its examples, which made the first edit of the
    # table (and the root) several times as common as its weight.
    rnd = random.Random(draw(st.integers(0, 2**64 - 1)))
    for _ in range(draw(st.integers(1, 3))):
        nodes = [(p, n) for p, n in walk(new) if isinstance(n, dict)]
        for _attempt in range(6):
            op, applies, _ = MUTATIONS[rnd.choice(_WEIGHTED)]
            places = [(p, n) for p, n in nodes if applies(n)]
            if not places:
                continue
            pointer, node = rnd.choice(places)
            defs = node.get("$defs") if pointer == "" else None
            if defs is not None:
                # The root's $defs stay at the root, where the refs point, whatever the edit.
                node = {k: v for k, v in node.items() if k != "$defs"}
            result = op(draw, node, new)
            if result is not None and result != node:
                if defs is not None:
                    result = _as_object(result)
                    result["$defs"] = defs
                new = _replace(new, pointer, copy.deepcopy(result))
                break
    return _as_object(new)


def _as_object(schema: Json) -> dict[str, Any]:
    """A boolean root as the object schema of the same meaning (a root keeps its $defs)."""
    if isinstance(schema, dict):
        return dict(schema)
    return {} if schema is True else {"not": {}}


# -- spelling in older drafts -------------------------------------------------------------------


def respell(schema: Json, draft: str) -> Json:
    """``schema`` (2020-12 keywords) spelled for ``draft``, with its ``$schema``."""
    out = _respell(schema, draft)
    if isinstance(out, dict):
        out = {"$schema": DRAFT_URIS[draft], **out}
    return out


def _respell(node: Json, draft: str) -> Json:
    if isinstance(node, bool):
        if draft == "4":
            return {} if node else {"not": {}}
        return node
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
            out[key] = {k: _respell(v, draft) for k, v in value.items()}
        elif key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            out[key] = [_respell(v, draft) for v in value]
        elif key in (
            "items",
            "additionalProperties",
            "unevaluatedProperties",
            "contains",
            "propertyNames",
            "not",
            "if",
            "then",
            "else",
        ):
            out[key] = _respell(value, draft)
        elif key == "$ref" and draft in ("7", "4"):
            out[key] = value.replace("#/$defs/", "#/definitions/")
        else:
            out[key] = value
    if draft == "2020-12":
        return out
    if "prefixItems" in out:
        out["additionalItems"] = out.pop("items", True)
        out["items"] = out.pop("prefixItems")
        if draft == "4" and isinstance(out["additionalItems"], bool) and out["additionalItems"]:
            del out["additionalItems"]
    if draft == "2019-09":
        return out
    if "$defs" in out:
        out["definitions"] = out.pop("$defs")
    deps: dict[str, Any] = {}
    deps.update(out.pop("dependentRequired", {}))
    deps.update(out.pop("dependentSchemas", {}))
    if deps:
        out["dependencies"] = deps
    # Draft 7 has no unevaluatedProperties: the nearest meaning (declared names only).
    if "unevaluatedProperties" in out:
        ue = out.pop("unevaluatedProperties")
        out.setdefault("additionalProperties", ue)
    if "$ref" in out and len(out) > 1:
        # Before 2019-09 a $ref ignores its siblings: keep them by moving the ref into allOf.
        ref = {"$ref": out.pop("$ref")}
        out["allOf"] = [ref, *out.get("allOf", [])]
    if draft == "4":
        if "const" in out:
            out["enum"] = [out.pop("const")]
        for ex, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if ex in out:
                bound = out.pop(ex)
                have = out.get(plain)
                lower = plain == "minimum"
                if have is None or (bound >= have if lower else bound <= have):
                    out[plain] = bound
                    out[ex] = True
        for gone in ("contains", "propertyNames", "if", "then", "else"):
            out.pop(gone, None)
    return out


@st.composite
def schema_pairs(draw: Draw) -> tuple[Json, Json]:
    """(old, new): a base schema and its mutation, both spelled in one draft."""
    base = draw(base_schemas())
    new = draw(mutated(base))
    old = base
    if draw(st.booleans()):
        old, new = new, old  # a mutation read backwards is an edit too (remove <-> add)
    draft = draw(st.sampled_from(["2020-12"] * 6 + ["2019-09", "7", "7", "4"]))
    return respell(old, draft), respell(new, draft)
