"""Candidate JSON instances for one JSON Schema or a pair, biased toward where schemas disagree.

hypothesis-jsonschema knows drafts 4-7 and no recursive ``$ref``, and it generates only valid
instances of one schema; a soundness test of a schema *diff* needs more. This module walks the
schema(s) itself, for drafts 4, 6, 7, 2019-09 and 2020-12 (``$schema`` decides, 2020-12 when
absent), and draws candidates in two ways:

* **directed**: from one schema's structure — ``$ref``/``$defs`` resolved (recursion bounded by
  depth), one ``anyOf``/``oneOf`` branch chosen, ``allOf`` and ``$ref`` siblings merged, an
  ``if``/``then`` or ``else`` path taken, ``prefixItems``, ``contains``, ``dependentRequired``,
  ``dependentSchemas``, ``patternProperties``, ``propertyNames``, ``additionalProperties`` and
  ``unevaluatedProperties`` honoured well enough that most candidates are valid;
* **mutated**: at each node, with a per-candidate rate, a value is replaced by an *atom*: a
  constant, enum value, example or default from *either* schema, a numeric bound ± 1 (and
  ± 0.5, and 1 vs 1.0 vs 1.5), a string or array at its length limit ± 1, a format example
  (valid and invalid), a null, a value of the wrong type; objects get property names of both
  schemas, lose required ones and gain extra ones.

The candidates are not filtered here: :func:`validator` compiles the real validator
(jsonschema-rs, formats asserted) and :func:`valid_instances` keeps those valid under the side
wanted. Counterexamples to a compatibility verdict live where the two schemas differ, so for a
pair both schemas drive the generation and feed one shared pool of atoms.
"""

from __future__ import annotations

import copy
import json
import math
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jsonschema_rs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

Json = Any
Draw = Callable[[st.SearchStrategy[Any]], Any]

# Nesting beyond which objects keep only required properties and arrays their minimum length;
# past HARD_DEPTH a plain atom is returned (recursive schemas must still terminate).
SOFT_DEPTH = 4
HARD_DEPTH = 7
# How many $ref/allOf hops one node may take before it is treated as `true` (`{"$ref": "#"}`).
MAX_HOPS = 12

DRAFTS = {
    "draft-04": "4",
    "draft-06": "6",
    "draft-07": "7",
    "2019-09": "2019-09",
    "2020-12": "2020-12",
}

_SCHEMA_ONE = (
    "additionalProperties",
    "unevaluatedProperties",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
)
_SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")

_OBJECT_KEYS = frozenset(
    {
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "unevaluatedProperties",
    }
)
_ARRAY_KEYS = frozenset(
    {
        "items",
        "prefixItems",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "minContains",
        "maxContains",
        "unevaluatedItems",
    }
)
_STRING_KEYS = frozenset({"minLength", "maxLength", "pattern", "format"})
_NUMBER_KEYS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)
ALL_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")

# Valid and near-miss examples per format: format assertions are one place a diff goes wrong.
FORMAT_EXAMPLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "date-time": (
        ("2024-01-31T12:00:00Z", "2024-01-31T12:00:00.5+01:00"),
        ("2024-01-31 12:00:00", "2024-02-30T00:00:00Z"),
    ),
    "date": (("2024-01-31", "2024-02-29"), ("2023-02-29", "31/01/2024")),
    "time": (("12:00:00Z", "23:59:59+02:00"), ("25:00:00Z", "12:00")),
    "email": (("a@example.com", "first.last@shop.example"), ("not-an-email", "a@")),
    "idn-email": (("a@example.com",), ("not-an-email",)),
    "uuid": (
        ("123e4567-e89b-12d3-a456-426614174000",),
        ("123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"),
    ),
    "uri": (("https://example.com/a?b=1", "urn:isbn:0451450523"), ("/relative/path", "not a uri")),
    "uri-reference": (("/relative/path", "#frag", "https://example.com"), ("\\\\bad",)),
    "iri": (("https://example.com/é",), ("not an iri",)),
    "hostname": (("example.com", "shop-1.example"), ("-bad-.com", "a..b")),
    "ipv4": (("192.168.0.1", "0.0.0.0"), ("256.1.1.1", "1.2.3")),
    "ipv6": (("::1", "2001:db8::8a2e:370:7334"), ("12345::", "1.2.3.4")),
    "duration": (("P1D", "PT1H30M"), ("1D", "P")),
    "regex": (("^a+$", "[a-z]"), ("(",)),
    "json-pointer": (("", "/a/b", "/a~1b"), ("a/b",)),
    "relative-json-pointer": (("0", "1/a"), ("/a",)),
    "uri-template": (("https://example.com/{id}",), ("{",)),
}

_GENERIC_ATOMS: tuple[Json, ...] = (
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    1.5,
    0.5,
    -0.5,
    2**53 + 1,
    "",
    "a",
    "A1",
    "1",
    "null",
    [],
    [None],
    {},
    {"a": None},
)
_EXTRA_NAMES = ("extra", "x-extra", "", "A")
_ALPHABET = "a", "Z", "0", "-", " ", "é", "😀"


def draft_of(schema: Json) -> str:
    """The draft of a root schema: its ``$schema`` URI decides, 2020-12 when absent."""
    uri = schema.get("$schema", "") if isinstance(schema, dict) else ""
    if isinstance(uri, str):
        for marker, draft in DRAFTS.items():
            if marker in uri:
                return draft
    return "2020-12"


def subschemas(schema: Json, draft: str = "2020-12") -> Iterator[tuple[str, Json]]:
    """The immediate subschemas of ``schema`` as (JSON Pointer suffix, subschema)."""
    if not isinstance(schema, dict):
        return
    for key in _SCHEMA_ONE:
        if key in schema and isinstance(schema[key], dict | bool):
            yield f"/{_esc(key)}", schema[key]
    for key in _SCHEMA_LIST:
        if isinstance(schema.get(key), list):
            for i, sub in enumerate(schema[key]):
                yield f"/{key}/{i}", sub
    items = schema.get("items")
    if isinstance(items, list):
        for i, sub in enumerate(items):
            yield f"/items/{i}", sub
    elif isinstance(items, dict | bool):
        yield "/items", items
    for key in _SCHEMA_MAP:
        if isinstance(schema.get(key), dict):
            for name, sub in schema[key].items():
                yield f"/{_esc(key)}/{_esc(name)}", sub
    deps = schema.get("dependencies")
    if isinstance(deps, dict):
        for name, sub in deps.items():
            if isinstance(sub, dict | bool):
                yield f"/dependencies/{_esc(name)}", sub


def walk(schema: Json, pointer: str = "") -> Iterator[tuple[str, Json]]:
    """Every schema inside ``schema`` (itself first) with its JSON Pointer."""
    yield pointer, schema
    for suffix, sub in subschemas(schema):
        yield from walk(sub, pointer + suffix)


def _esc(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unesc(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@lru_cache(maxsize=4096)
def _compiled(text: str, formats: bool) -> Any:
    return jsonschema_rs.validator_for(json.loads(text), validate_formats=formats)


def validator(schema: Json, *, formats: bool = True) -> Any:
    """The real validator of ``schema`` (jsonschema-rs; ``format`` asserted), cached."""
    return _compiled(json.dumps(schema, sort_keys=True), formats)


def _as_number_atoms(value: float) -> list[Json]:
    """Around a numeric bound: the bound, ± 1, ± 0.5, and the int/float spellings of each."""
    out: list[Json] = []
    for v in (value, value - 1, value + 1, value - 0.5, value + 0.5):
        if not math.isfinite(v):
            continue
        out.append(v)
        if float(v).is_integer():
            out.extend((int(v), float(v)))
    return out


def _len_string(n: int) -> str:
    return "a" * max(n, 0)


@dataclass
class Pool:
    """Atoms gathered from every schema of a pair: the values mutations draw from."""

    values: list[Json] = field(default_factory=lambda: list(_GENERIC_ATOMS))
    names: list[str] = field(default_factory=lambda: list(_EXTRA_NAMES))
    patterns: list[str] = field(default_factory=list)

    def _add(self, value: Json) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            return
        key = _key(value)
        if all(_key(v) != key for v in self.values):
            self.values.append(value)

    def gather(self, root: Json) -> None:
        for _, s in walk(root):
            if not isinstance(s, dict):
                continue
            if "const" in s:
                self._add(s["const"])
            for key in ("enum", "examples"):
                if isinstance(s.get(key), list):
                    for v in s[key]:
                        self._add(v)
            if "default" in s:
                self._add(s["default"])
            for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                b = s.get(key)
                if isinstance(b, int | float) and not isinstance(b, bool):
                    for v in _as_number_atoms(b):
                        self._add(v)
            m = s.get("multipleOf")
            if isinstance(m, int | float) and not isinstance(m, bool) and m > 0:
                for v in (m, 2 * m, m / 2, 3 * m + 1, -m):
                    self._add(v)
            for key in ("minLength", "maxLength"):
                n = s.get(key)
                if isinstance(n, int) and not isinstance(n, bool):
                    for k in (n - 1, n, n + 1):
                        self._add(_len_string(k))
            for key in ("minItems", "maxItems"):
                n = s.get(key)
                if isinstance(n, int) and not isinstance(n, bool) and n < 8:
                    for k in (n - 1, n, n + 1):
                        self._add([None] * max(k, 0))
            fmt = s.get("format")
            if isinstance(fmt, str):
                for group in FORMAT_EXAMPLES.get(fmt, ()):
                    for v in group:
                        self._add(v)
            for key in ("properties", "dependentRequired", "dependentSchemas", "dependencies"):
                if isinstance(s.get(key), dict):
                    self._names(s[key])
                    for deps in s[key].values():
                        if isinstance(deps, list):
                            self._names(deps)
            if isinstance(s.get("required"), list):
                self._names(s["required"])
            if isinstance(s.get("patternProperties"), dict):
                for p in s["patternProperties"]:
                    if p not in self.patterns:
                        self.patterns.append(p)
            if isinstance(s.get("pattern"), str) and s["pattern"] not in self.patterns:
                self.patterns.append(s["pattern"])

    def _names(self, names: Any) -> None:
        for n in names:
            if isinstance(n, str) and n not in self.names:
                self.names.append(n)


class Pick:
    """The generator's choices, from a seeded ``random.Random``.

    Hypothesis's own draws favour the minimal choice in a large share of its examples: a third
    to a half of the candidates came out as ``{}`` or ``[]``, valid on both sides and useless
    at a boundary. One seed per candidate, drawn by hypothesis, keeps runs deterministic (and
    derandomizable) with uniform choices. Regex matches cannot come from ``random``; they are
    drawn by hypothesis (``st.from_regex``) for every pattern of the pair beforehand.
    """

    def __init__(self, rnd: random.Random, regex: dict[str, list[str]]) -> None:
        self.rnd = rnd
        self._regex = regex

    def integer(self, lo: int, hi: int) -> int:
        return self.rnd.randint(lo, max(lo, hi))

    def integer_open(self, lo: int | None, hi: int | None) -> int:
        """An integer in a range either end of which may be open (then within 100 of the
        other end, or of 0)."""
        if lo is None and hi is None:
            return self.rnd.randint(-100, 100)
        if lo is None:
            assert hi is not None
            return hi - self.rnd.randint(0, 100)
        if hi is None:
            return lo + self.rnd.randint(0, 100)
        return self.rnd.randint(lo, max(lo, hi))

    def coin(self) -> bool:
        return self.rnd.random() < 0.5

    def choice(self, options: Sequence[Any]) -> Any:
        return options[self.rnd.randrange(len(options))]

    def chance(self, percent: float) -> bool:
        """True ``percent``% of the time."""
        return percent > 0 and self.rnd.random() * 100 < percent

    def real(self, low: float | None, high: float | None, open_low: bool, open_high: bool) -> float:
        lo = low if low is not None else (high - 100 if high is not None else -100.0)
        hi = high if high is not None else lo + 100
        if hi < lo:
            return float(lo)
        for _ in range(8):
            value = self.rnd.uniform(lo, hi)
            if self.coin():
                value = round(value, self.rnd.randint(0, 3))
            if (not open_low or value > lo) and (not open_high or value < hi) and lo <= value <= hi:
                return value
        return float(lo)

    def regex(self, pattern: str) -> str | None:
        """A string matching ``pattern`` drawn beforehand, or None if there is none."""
        found = self._regex.get(pattern)
        return str(self.choice(found)) if found else None


class _Miss:
    """Deliberate misses of one node's keywords, at a rate only when the candidate mutates."""

    def __init__(self, draw: Pick, mutate: int) -> None:
        self.draw = draw
        self.on = mutate > 0

    def __call__(self, percent: int) -> bool:
        return self.on and self.draw.chance(percent)


def _is_multiple(value: float, m: float) -> bool:
    if isinstance(value, int) and isinstance(m, int):
        return value % m == 0
    q = value / m
    return math.isfinite(q) and abs(q - round(q)) < 1e-9


def _key(value: Json) -> str:
    """Identity under JSON Schema equality, but keeping 1 and 1.0 apart (both are atoms)."""
    return type(value).__name__ + ":" + json.dumps(value, sort_keys=True)


def _equal_key(value: Json) -> str:
    """JSON Schema equality: 1 == 1.0, true != 1, objects unordered."""

    def norm(v: Json) -> Json:
        if isinstance(v, bool) or v is None:
            return ["b", v]
        if isinstance(v, int | float):
            return ["n", int(v) if float(v).is_integer() else v]
        if isinstance(v, list):
            return ["a", [norm(x) for x in v]]
        if isinstance(v, dict):
            return ["o", sorted((k, norm(x)) for k, x in v.items())]
        return ["s", v]

    return json.dumps(norm(value))


def _python_regex(pattern: str) -> str:
    """ECMA-262's ``$`` (no multiline flag) is the end of input; Python's also matches before a
    final newline, which would make from_regex produce strings the validator rejects."""
    return re.sub(r"(?<!\\)\$", r"\\Z", pattern)


@lru_cache(maxsize=512)
def _regex_strategy(pattern: str) -> st.SearchStrategy[str] | None:
    try:
        python = _python_regex(pattern)
        re.compile(python)
        return st.from_regex(python)
    except Exception:
        return None


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(_python_regex(pattern), text) is not None
    except re.error:
        return False


def _types(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for t in value if isinstance(t, str)]
    return None


def _meet_types(a: Any, b: Any) -> Any:
    ta, tb = _types(a), _types(b)
    if ta is None or tb is None:
        return b if ta is None else a
    out = [t for t in ta if t in tb]
    if "integer" in ta and "number" in tb and "integer" not in out:
        out.append("integer")
    if "number" in ta and "integer" in tb and "integer" not in out:
        out.append("integer")
    return out or tb


_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains")


def merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """A rough conjunction of two flattened schemas, good enough to aim generation at both."""
    out = dict(a)
    for key, vb in b.items():
        if key not in out:
            out[key] = vb
            continue
        va = out[key]
        if key == "type":
            out[key] = _meet_types(va, vb)
        elif key == "required" and isinstance(va, list) and isinstance(vb, list):
            out[key] = va + [n for n in vb if n not in va]
        elif key == "enum" and isinstance(va, list) and isinstance(vb, list):
            keys = {_equal_key(v) for v in vb}
            both = [v for v in va if _equal_key(v) in keys]
            out[key] = both or vb
        elif (
            key in _LOWER
            and isinstance(va, int | float)
            and isinstance(vb, int | float)
            and not isinstance(va, bool)
            and not isinstance(vb, bool)
        ):
            out[key] = max(va, vb)
        elif (
            key in _UPPER
            and isinstance(va, int | float)
            and isinstance(vb, int | float)
            and not isinstance(va, bool)
            and not isinstance(vb, bool)
        ):
            out[key] = min(va, vb)
        elif key in ("properties", "patternProperties", "dependentSchemas") and (
            isinstance(va, dict) and isinstance(vb, dict)
        ):
            merged = dict(va)
            for name, sub in vb.items():
                merged[name] = {"allOf": [merged[name], sub]} if name in merged else sub
            out[key] = merged
        elif key == "dependentRequired" and isinstance(va, dict) and isinstance(vb, dict):
            out[key] = {**va, **vb}
        elif key in (
            "additionalProperties",
            "unevaluatedProperties",
            "items",
            "additionalItems",
            "contains",
            "propertyNames",
        ) and isinstance(va, dict | bool):
            out[key] = {"allOf": [va, vb]} if va != vb else va
        else:
            out[key] = vb
    return out


class Generator:
    """Directed candidates for one root schema, mutating with atoms from a shared pool."""

    def __init__(self, root: Json, pool: Pool) -> None:
        self.root = root
        self.draft = draft_of(root)
        self.pool = pool
        self.anchors: dict[str, Json] = {}
        for _, s in walk(root):
            if not isinstance(s, dict):
                continue
            for key in ("$anchor", "$dynamicAnchor"):
                if isinstance(s.get(key), str):
                    self.anchors.setdefault(s[key], s)
            ident = s.get("$id", s.get("id"))
            if self.draft in ("4", "6", "7") and isinstance(ident, str) and ident.startswith("#"):
                self.anchors.setdefault(ident[1:], s)

    # -- references and composition -------------------------------------------------------

    def resolve(self, ref: str) -> Json:
        """A local ``$ref`` target; anything this generator cannot reach is ``true``."""
        if ref == "#" or ref == "":
            return self.root
        if not ref.startswith("#"):
            return True
        frag = ref[1:]
        if not frag.startswith("/"):
            return self.anchors.get(frag, True)
        node: Json = self.root
        for raw in frag[1:].split("/"):
            token = _unesc(re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m[1], 16)), raw))
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return True
        return node

    def flatten(self, draw: Pick, schema: Json, hops: int = 0) -> dict[str, Any]:
        """One conjunctive view of ``schema``: refs followed, one branch of each disjunction.

        A ``false`` reached here flattens to ``{"not": {}}`` so the caller knows nothing fits.
        """
        if schema is True or not isinstance(schema, dict):
            return {}
        if schema is False:
            return {"not": {}}
        if hops > MAX_HOPS:
            return {}
        ref = schema.get("$ref")
        if isinstance(ref, str) and self.draft in ("4", "6", "7"):
            # Before 2019-09 a $ref replaces its siblings.
            return self.flatten(draw, self.resolve(ref), hops + 1)
        local = {
            k: v
            for k, v in schema.items()
            if k
            not in (
                "$ref",
                "$dynamicRef",
                "$recursiveRef",
                "allOf",
                "anyOf",
                "oneOf",
                "if",
                "then",
                "else",
            )
        }
        parts: list[Json] = []
        if isinstance(ref, str):
            parts.append(self.resolve(ref))
        for key in ("$dynamicRef", "$recursiveRef"):
            dyn = schema.get(key)
            if isinstance(dyn, str):
                parts.append(self.resolve(dyn) if dyn not in ("#",) else self.root)
        if isinstance(schema.get("allOf"), list):
            parts.extend(schema["allOf"])
        for key in ("anyOf", "oneOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                parts.append(branches[draw.integer(0, len(branches) - 1)])
        if "if" in schema:
            if draw.coin():
                parts.append(schema["if"])
                if "then" in schema:
                    parts.append(schema["then"])
            elif "else" in schema:
                parts.append(schema["else"])
        out = local
        for part in parts:
            out = merge(out, self.flatten(draw, part, hops + 1))
        return out

    # -- values ----------------------------------------------------------------------------

    def atom(self, draw: Pick) -> Json:
        return draw.choice(self.pool.values)

    def wild(self, draw: Pick) -> Json:
        """An atom, or a small array or object of atoms under names of both schemas."""
        shape = draw.integer(0, 9)
        if shape < 7:
            return self.atom(draw)
        if shape < 8:
            return [self.atom(draw) for _ in range(draw.integer(0, 3))]
        return {draw.choice(self.pool.names): self.atom(draw) for _ in range(draw.integer(0, 3))}

    def generate(self, draw: Pick, schema: Json, depth: int, mutate: int) -> Json:
        """A value aimed at ``schema``. ``mutate`` (percent) is how often a node is replaced by
        a wild value and how often a keyword is deliberately missed (a bound ± 1, a required
        name left out, an extra name added); at 0 the value aims to be valid."""
        if depth > HARD_DEPTH or not isinstance(schema, dict):
            return self.wild(draw)
        if draw.chance(mutate):
            return self.wild(draw)
        miss = _Miss(draw, mutate)
        s = self.flatten(draw, schema)
        if "const" in s and not miss(10):
            return s["const"]
        enum = s.get("enum")
        if isinstance(enum, list) and enum and not miss(10):
            return draw.choice(enum)
        types = _types(s.get("type"))
        if types is None:
            keys = set(s)
            types = [
                t
                for t, ks in (
                    ("object", _OBJECT_KEYS),
                    ("array", _ARRAY_KEYS),
                    ("string", _STRING_KEYS),
                    ("number", _NUMBER_KEYS),
                )
                if keys & ks
            ]
            if not types or miss(20):
                return self.wild(draw)
        if not types:
            return self.wild(draw)
        kind = draw.choice(types)
        if kind == "null":
            return None
        if kind == "boolean":
            return draw.coin()
        if kind in ("integer", "number"):
            return self.number(draw, s, kind == "integer", miss)
        if kind == "string":
            return self.string(draw, s, miss)
        if kind == "array":
            return self.array(draw, s, depth, mutate, miss)
        if kind == "object":
            return self.object(draw, s, depth, mutate, miss)
        return self.wild(draw)

    def number(self, draw: Pick, s: dict[str, Any], integer: bool, miss: _Miss) -> Json:
        def num(key: str) -> float | None:
            v = s.get(key)
            return v if isinstance(v, int | float) and not isinstance(v, bool) else None

        lo, hi = num("minimum"), num("maximum")
        xlo, xhi = s.get("exclusiveMinimum"), s.get("exclusiveMaximum")
        if xlo is True:  # draft 4: a boolean beside minimum
            xlo, lo = lo, None
        if xhi is True:
            xhi, hi = hi, None
        xlo = xlo if isinstance(xlo, int | float) and not isinstance(xlo, bool) else None
        xhi = xhi if isinstance(xhi, int | float) and not isinstance(xhi, bool) else None
        m = num("multipleOf")
        low = max((v for v in (lo, xlo) if v is not None), default=None)
        high = min((v for v in (hi, xhi) if v is not None), default=None)

        def fits(v: float) -> bool:
            return (
                (lo is None or v >= lo)
                and (hi is None or v <= hi)
                and (xlo is None or v > xlo)
                and (xhi is None or v < xhi)
                and (not integer or float(v).is_integer())
                and (not m or _is_multiple(v, m))
            )

        near: list[float] = []
        for b in (lo, hi, xlo, xhi):
            if b is not None:
                near.extend((b, b + 1, b - 1, b + 0.5, b - 0.5, b + 0.001, b - 0.001))
        if m:
            near.extend((m, -m, m / 2, 3 * m, m + 1))
        near.extend((0, 1, -1, 1.5, 2**53 + 1))
        inside = [v for v in near if fits(v)]
        outside = [v for v in near if not fits(v)]
        value: float
        if outside and miss(30):
            value = draw.choice(outside)
        elif inside and draw.coin():
            value = draw.choice(inside)
        elif m and m > 0:
            lo_k = math.ceil(low / m) if low is not None else -3
            hi_k = math.floor(high / m) if high is not None else lo_k + 6
            k = draw.integer(lo_k, max(lo_k, min(hi_k, lo_k + 1000)))
            value = k * m
            if isinstance(m, float):
                value = round(value, max(0, -math.floor(math.log10(m)) + 2))
        elif integer or draw.coin():
            a = math.ceil(lo) if lo is not None else None
            if xlo is not None:
                a = max(a, math.floor(xlo) + 1) if a is not None else math.floor(xlo) + 1
            b = math.floor(hi) if hi is not None else None
            if xhi is not None:
                b = min(b, math.ceil(xhi) - 1) if b is not None else math.ceil(xhi) - 1
            if a is not None and b is not None and a > b:
                b = a
            value = draw.integer_open(a, b)
        elif (
            low is not None
            and high is not None
            and (low > high or (low == high and (xlo is not None or xhi is not None)))
        ):
            value = float(low)  # an empty or one-point range: the point, for the validator to judge
        else:
            value = draw.real(
                low, high, xlo is not None and low == xlo, xhi is not None and high == xhi
            )
        if float(value).is_integer() and abs(value) < 2**63:
            # 1 and 1.0 are the same JSON Schema integer; a diff may still treat them apart.
            return float(value) if draw.chance(20) else int(value)
        return value

    def string(self, draw: Pick, s: dict[str, Any], miss: _Miss) -> str:
        fmt = s.get("format")
        pattern = s.get("pattern")
        if isinstance(fmt, str) and fmt in FORMAT_EXAMPLES and not miss(20):
            good, bad = FORMAT_EXAMPLES[fmt]
            return str(draw.choice(bad if miss(50) else good))
        if isinstance(pattern, str) and not miss(20):
            sample = draw.regex(pattern)
            if sample is not None:
                return sample
        lo = s.get("minLength", 0)
        hi = s.get("maxLength")
        lo = lo if isinstance(lo, int) and not isinstance(lo, bool) else 0
        hi = hi if isinstance(hi, int) and not isinstance(hi, bool) else None
        if miss(30):
            size = draw.choice([max(lo - 1, 0), *([hi + 1] if hi is not None else [])])
        elif draw.coin():
            size = draw.choice([lo, *([hi] if hi is not None else [])])
        else:
            top = hi if hi is not None and hi >= lo else lo + 6
            size = draw.integer(lo, max(lo, min(top, lo + 40)))
        # Lengths count code points: an astral character is one, as JSON Schema counts.
        return "".join(draw.choice(_ALPHABET) for _ in range(min(size, 64)))

    def _items_split(self, s: dict[str, Any]) -> tuple[list[Json], Json]:
        if self.draft == "2020-12":
            prefix: list[Json] = s["prefixItems"] if isinstance(s.get("prefixItems"), list) else []
            rest = s.get("items", s.get("unevaluatedItems", True))
            return prefix, rest
        items = s.get("items")
        if isinstance(items, list):
            return items, s.get("additionalItems", s.get("unevaluatedItems", True))
        return [], items if items is not None else s.get("unevaluatedItems", True)

    def array(
        self, draw: Pick, s: dict[str, Any], depth: int, mutate: int, miss: _Miss
    ) -> list[Json]:
        prefix, rest = self._items_split(s)
        lo = s.get("minItems", 0)
        hi = s.get("maxItems")
        lo = lo if isinstance(lo, int) and not isinstance(lo, bool) else 0
        hi = hi if isinstance(hi, int) and not isinstance(hi, bool) else None
        closed = rest is False or rest == {"not": {}}
        if depth >= SOFT_DEPTH:
            size = lo
        elif miss(30):
            size = draw.choice([max(lo - 1, 0), (hi + 1) if hi is not None else lo + 1])
        else:
            top = hi if hi is not None and hi >= lo else max(lo, len(prefix)) + 2
            if closed:
                top = min(top, len(prefix))
            top = max(top, lo)
            size = (
                draw.choice([lo, top, min(max(lo, len(prefix)), top)])
                if draw.coin()
                else draw.integer(lo, top)
            )
        size = min(size, 8)
        out = [
            self.generate(draw, prefix[i] if i < len(prefix) else rest, depth + 1, mutate)
            for i in range(size)
        ]
        if "contains" in s and not miss(30):
            hit = self.generate(draw, s["contains"], depth + 1, mutate)
            if out and (closed or (hi is not None and len(out) >= hi) or draw.coin()):
                out[draw.integer(len(prefix) if len(out) > len(prefix) else 0, len(out) - 1)] = hit
            else:
                out.append(hit)
        room = not closed and (hi is None or len(out) < hi)
        if out and (miss(30) if s.get("uniqueItems") is True or not room else draw.chance(25)):
            out.append(copy.deepcopy(draw.choice(out)))  # a duplicate: uniqueItems' boundary
        if s.get("uniqueItems") is True and not miss(30):
            seen: set[str] = set()
            unique = []
            for v in out:
                k = _equal_key(v)
                if k not in seen:
                    seen.add(k)
                    unique.append(v)
            out = unique
        return out

    def _dependencies(self, s: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        required = dict(s.get("dependentRequired") or {})
        schemas = dict(s.get("dependentSchemas") or {})
        deps = s.get("dependencies")
        if isinstance(deps, dict):
            for name, dep in deps.items():
                (required if isinstance(dep, list) else schemas)[name] = dep
        return required, schemas

    def _extra_name(self, draw: Pick, s: dict[str, Any], depth: int, closed: bool) -> str:
        """A name beyond ``properties``: from ``propertyNames``, a pattern, or either schema."""
        pnames = s.get("propertyNames")
        patterns = list((s.get("patternProperties") or {}).keys())
        roll = draw.integer(0, 9)
        if isinstance(pnames, dict) and roll < 5:
            name = self.generate(draw, pnames, depth + 1, 0)
            if isinstance(name, str):
                return name
        if (patterns and (closed or roll < 8)) or (self.pool.patterns and roll < 3):
            sample = draw.regex(draw.choice(patterns or self.pool.patterns))
            if sample is not None:
                return sample
        return str(draw.choice(self.pool.names))

    def _value_for(self, draw: Pick, s: dict[str, Any], name: str, depth: int, mutate: int) -> Json:
        props: dict[str, Any] = s["properties"] if isinstance(s.get("properties"), dict) else {}
        parts = [props[name]] if name in props else []
        for pattern, sub in (s.get("patternProperties") or {}).items():
            if _search(pattern, name):
                parts.append(sub)
        if not parts:
            for key in ("additionalProperties", "unevaluatedProperties"):
                if key in s and s[key] is not True:
                    parts.append(s[key])
                    break
        if not parts:
            return self.wild(draw)
        return self.generate(
            draw, parts[0] if len(parts) == 1 else {"allOf": parts}, depth + 1, mutate
        )

    def object(
        self, draw: Pick, s: dict[str, Any], depth: int, mutate: int, miss: _Miss
    ) -> dict[str, Json]:
        props: dict[str, Any] = s["properties"] if isinstance(s.get("properties"), dict) else {}
        required = [n for n in s.get("required") or [] if isinstance(n, str)]
        dep_required, dep_schemas = self._dependencies(s)
        shallow = depth >= SOFT_DEPTH
        names = [n for n in required if not miss(10)]
        for name in props:
            if name not in names and not shallow and draw.coin():
                names.append(name)
        closed = any(
            s.get(k) is False or s.get(k) == {"not": {}}
            for k in ("additionalProperties", "unevaluatedProperties")
        )
        lo, hi = s.get("minProperties"), s.get("maxProperties")
        lo = lo if isinstance(lo, int) and not isinstance(lo, bool) else 0
        hi = hi if isinstance(hi, int) and not isinstance(hi, bool) else None
        wanted = len(names)
        if not shallow and (miss(40) or (not closed and draw.chance(50))):
            wanted += draw.integer(1, 3)
        if hi is not None and not shallow and draw.chance(25):
            wanted = max(wanted, min(hi + (1 if miss(50) else 0), 12))  # at maxProperties
        wanted = max(wanted, min(lo, 8))
        tries = 0
        while len(names) < wanted and tries < 12:
            tries += 1
            extra = self._extra_name(draw, s, depth, closed)
            if extra in names and tries > 6:
                extra = f"p{len(names)}"  # the pool ran out of fresh names
            if extra not in names:
                names.append(extra)
        if hi is not None and len(names) > hi and not miss(30):
            keep = [n for n in names if n in required]
            keep += [n for n in names if n not in keep][: max(hi - len(keep), 0)]
            names = keep
        # Dependencies last: an extra name may be a trigger too.
        applied: set[str] = set()
        for _ in range(3):
            for trigger, dep in dep_schemas.items():
                if trigger in names and trigger not in applied:
                    applied.add(trigger)
                    s = merge(s, self.flatten(draw, dep))
                    for name in s.get("required") or []:
                        if isinstance(name, str) and name not in names:
                            names.append(name)
            for trigger, deps in dep_required.items():
                if trigger in names and isinstance(deps, list) and not miss(20):
                    names.extend(n for n in deps if isinstance(n, str) and n not in names)
        return {name: self._value_for(draw, s, name, depth, mutate) for name in names}


# Mutation rates a candidate is drawn with: pure directed candidates, then more and more
# atoms, then nothing directed at all.
MUTATION_RATES = (0, 0, 5, 10, 20, 40, 100)


def _patterns(schemas: Sequence[Json]) -> list[str]:
    out: list[str] = []
    for schema in schemas:
        for _, s in walk(schema):
            if isinstance(s, dict):
                found = [s.get("pattern"), *(s.get("patternProperties") or {})]
                out.extend(p for p in found if isinstance(p, str) and p not in out)
    return out


def candidate_batches(*schemas: Json, size: int) -> st.SearchStrategy[list[Json]]:
    """``size`` candidates aimed at ``schemas`` (a schema or a pair), from one seed, unfiltered.

    A batch takes one seed from hypothesis and makes every choice inside it uniformly: only
    the seed is exposed to hypothesis's preference for minimal draws.
    """
    pool = Pool()
    for schema in schemas:
        pool.gather(schema)
    gens = [Generator(schema, pool) for schema in schemas]
    matches: dict[str, st.SearchStrategy[list[str]]] = {}
    for p in _patterns(schemas):
        strategy = _regex_strategy(p)
        if strategy is not None:
            matches[p] = st.lists(strategy, min_size=1, max_size=4)

    @st.composite
    def batch(draw: Draw) -> list[Json]:
        seed = draw(st.integers(0, 2**64 - 1))
        pick = Pick(random.Random(seed), draw(st.fixed_dictionaries(matches)))
        out = []
        for _ in range(size):
            gen = gens[pick.integer(0, len(gens) - 1)]
            out.append(gen.generate(pick, gen.root, 0, pick.choice(MUTATION_RATES)))
        return out

    return batch()


def candidates(*schemas: Json) -> st.SearchStrategy[Json]:
    """One candidate aimed at one of ``schemas`` (a schema or a pair), not filtered."""
    return candidate_batches(*schemas, size=1).map(lambda batch: batch[0])


def valid_instances(schema: Json, *also: Json) -> st.SearchStrategy[Json]:
    """Instances valid under ``schema`` (checked by the real validator), aimed at the boundary
    with the schemas in ``also``."""
    check = validator(schema)
    return candidates(schema, *also).filter(check.is_valid)


def sample(strategy: st.SearchStrategy[Json], n: int) -> list[Json]:
    """``n`` draws of ``strategy``, deterministically (for measuring, not for asserting)."""
    out: list[Json] = []

    @settings(
        max_examples=n,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Json) -> None:
        out.append(value)

    collect()
    return out
