"""Drafts 4, 6, 7, 2019-09 and 2020-12 read into one internal form.

Every subschema becomes a :class:`Node` whose keywords are spelled the 2020-12 way and whose
values are comparable: ``type`` a set of instance kinds (``integer`` and ``fraction`` apart, so
``number`` is exactly the two), numbers :class:`~decimal.Decimal`, ``enum``/``const`` canonical
hashable values, subschemas nodes. Draft-specific spellings are mapped here and nowhere else:
draft-4 boolean ``exclusiveMinimum``/``exclusiveMaximum``, the array form of ``items`` with
``additionalItems`` (-> ``prefixItems`` + ``items``), ``dependencies`` (-> ``dependentRequired``
and ``dependentSchemas``), ``$ref`` siblings ignored before 2019-09, and keywords a draft does
not know (``const`` in draft 4, say) dropped, because that draft's validators ignore them too.

A node remembers where it is in its document (``pointer``) and how its document spelled each
keyword (``spelled``), so changes point at what the author wrote. ``$ref`` stays a reference
resolved on demand through the document, which is what lets recursive schemas terminate.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from seamguard.core import pointer as jp

# isinstance() type tuples: a union written in the call (``X | Y``) is rebuilt on every call
_SEQUENCES = (list, tuple)
_NUMBERS = (int, float, Decimal)
_INT_FLOAT = (int, float)

ALL_KINDS: frozenset[str] = frozenset(
    {"null", "boolean", "integer", "fraction", "string", "array", "object"}
)
NUMBER_KINDS: frozenset[str] = frozenset({"integer", "fraction"})
TYPE_KINDS: dict[str, frozenset[str]] = {
    "null": frozenset({"null"}),
    "boolean": frozenset({"boolean"}),
    "integer": frozenset({"integer"}),
    "number": NUMBER_KINDS,
    "string": frozenset({"string"}),
    "array": frozenset({"array"}),
    "object": frozenset({"object"}),
}

ANNOTATIONS = ("title", "description", "default", "examples", "deprecated")

# Keywords each draft asserts (annotations are read in every draft: they never change validity).
_D4 = frozenset(
    {
        "type",
        "enum",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "items",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "properties",
        "patternProperties",
        "additionalProperties",
        "required",
        "minProperties",
        "maxProperties",
        "dependencies",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "$ref",
    }
)
_D6 = _D4 | {"const", "contains", "propertyNames"}
_D7 = _D6 | {"if", "then", "else"}
_D2019 = (_D7 - {"dependencies"}) | {
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "minContains",
    "maxContains",
    "$recursiveRef",
}
_D2020 = (_D2019 - {"additionalItems", "$recursiveRef"}) | {"prefixItems", "$dynamicRef"}
VOCABULARY: dict[int, frozenset[str]] = {4: _D4, 6: _D6, 7: _D7, 2019: _D2019, 2020: _D2020}


def draft_of(schema: Any) -> int:
    """The draft a root schema declares through ``$schema`` (2020-12 when absent or unknown)."""
    uri = schema.get("$schema") if isinstance(schema, Mapping) else None
    if not isinstance(uri, str):
        return 2020
    for mark, draft in (("draft-04", 4), ("draft-06", 6), ("draft-07", 7), ("2019-09", 2019)):
        if mark in uri:
            return draft
    return 2020


def canon(value: Any) -> Any:
    """A hashable form of a JSON value with JSON equality (1 == 1.0, true != 1)."""
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, _NUMBERS):
        number = _decimal(value)
        return ("number", number if number is not None else str(value))
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, Mapping):
        return ("object", tuple(sorted((str(k), canon(v)) for k, v in value.items())))
    if isinstance(value, Sequence):
        return ("array", tuple(canon(v) for v in value))
    return ("other", repr(value))


def kind_of(canonical: Any) -> str:
    """The instance kind of a canonical value (``integer`` or ``fraction`` for numbers)."""
    tag = canonical[0]
    if tag == "number":
        number = canonical[1]
        if isinstance(number, Decimal) and number == number.to_integral_value():
            return "integer"
        return "fraction"
    return str(tag)


def show(canonical: Any) -> str:
    """A canonical value written back as JSON text, for messages."""
    tag = canonical[0]
    if tag == "null":
        return "null"
    if tag == "boolean":
        return "true" if canonical[1] else "false"
    if tag == "number":
        return str(canonical[1])
    if tag == "string":
        text: str = canonical[1]
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if tag == "array":
        return "[" + ", ".join(show(v) for v in canonical[1]) + "]"
    if tag == "object":
        return "{" + ", ".join(f'"{k}": {show(v)}' for k, v in canonical[1]) + "}"
    return str(canonical[1])


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, _INT_FLOAT):
        try:
            return Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - nan/inf are not JSON
            return None
    return None


# Keywords (internal spelling) holding subschemas or references: a node without them is a leaf.
_SUBSCHEMA_KEYWORDS = frozenset(
    {
        "$ref",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "not-all",
        "if",
        "then",
        "else",
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "propertyNames",
        "dependentSchemas",
        "prefixItems",
        "items",
        "contains",
        "unevaluatedItems",
    }
)

# Keywords whose values are instances, not schemas: no anchor or id inside them counts.
_VALUES = frozenset({"enum", "const", "default", "examples"})


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _container(value: Any) -> bool:
    """``isinstance(value, Mapping | list | tuple)``, without the ABC check for JSON's types."""
    kind = type(value)
    if kind is dict or kind is list:
        return True
    return kind not in _ATOMS and isinstance(value, Mapping | list | tuple)


_TYPE_SETS: dict[frozenset[str], frozenset[str]] = {}


def _interned(kinds: frozenset[str]) -> frozenset[str]:
    """One shared object per distinct ``type`` set (there are few, and nodes are many)."""
    return _TYPE_SETS.setdefault(kinds, kinds)


def _escape(token: str) -> str:
    """:func:`seamguard.core.pointer.escape`, without the copies when nothing needs escaping
    (pointers are built for every node, and almost no token holds ``~`` or ``/``)."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def _join(tokens: tuple[str | int, ...]) -> str:
    """:func:`seamguard.core.pointer.join` of a few tokens, the fast way."""
    out = ""
    for token in tokens:
        out += "/" + (_escape(token) if isinstance(token, str) else str(token))
    return out


@dataclass(eq=False, slots=True)
class Node:
    """One subschema in internal form. Identity (``uid``) is what the walker memoizes on."""

    uid: int
    doc: Document
    pointer: str
    boolean: bool | None = None
    kw: dict[str, Any] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)
    # set on a branch of anyOf/oneOf: (keyword, index) under its parent
    branch_of: tuple[str, int] | None = None
    _flat: tuple[Node, ...] | None = field(default=None, repr=False)
    _target: Any = field(default=False, repr=False)  # False: not resolved yet
    _leaf: bool | None = field(default=None, repr=False)

    def at(self, keyword: str, *tokens: str | int) -> str:
        """The pointer of ``keyword`` (as this node's document spells it) and below."""
        return self.pointer + "/" + _escape(self.spelled.get(keyword, keyword)) + _join(tokens)

    @property
    def is_false(self) -> bool:
        return self.boolean is False

    @property
    def constrains(self) -> bool:
        """False for ``true``, ``{}`` and schemas holding only annotations."""
        if self.boolean is not None:
            return not self.boolean
        return any(k not in ANNOTATIONS and k != "x-extensible" for k in self.kw)

    @property
    def leaf(self) -> bool:
        """No subschema, reference or ``allOf`` below: the node is its own conjunction and its
        keywords are plain values (and no ``multipleOf: 0``, which divides nothing)."""
        if self._leaf is None:
            kw = self.kw
            self._leaf = kw.keys().isdisjoint(_SUBSCHEMA_KEYWORDS) and kw.get("multipleOf") != 0
        return self._leaf

    def flat(self) -> tuple[Node, ...]:
        """This node with its ``$ref`` targets and ``allOf`` branches: one conjunction."""
        if self._flat is None:
            out: dict[int, Node] = {}
            self._collect(out, set())
            self._flat = tuple(out[k] for k in sorted(out))
        return self._flat

    def _collect(self, out: dict[int, Node], seen: set[int]) -> None:
        if self.uid in seen:
            return
        seen.add(self.uid)
        # a bare $ref is left out so that reaching a definition through it and directly give
        # the same conjunction (and so one memo entry)
        if not self.only_ref:
            out[self.uid] = self
        target = self.ref_target()
        if target is not None:
            target._collect(out, seen)
        for branch in self.kw.get("allOf", ()):
            branch._collect(out, seen)

    def ref_target(self) -> Node | None:
        if self._target is False:
            ref = self.kw.get("$ref")
            self._target = self.doc.resolve(ref) if isinstance(ref, str) else None
        target: Node | None = self._target
        return target

    @property
    def unresolved_ref(self) -> str | None:
        ref = self.kw.get("$ref")
        if isinstance(ref, str) and self.ref_target() is None:
            return ref
        return None

    @property
    def only_ref(self) -> bool:
        """A resolvable ``$ref`` with nothing beside it but annotations: its target says it all."""
        if self.branch_of is not None or self.ref_target() is None:
            return False
        return all(k == "$ref" or k in ANNOTATIONS or k == "x-extensible" for k in self.kw)


class Forest:
    """The nodes of one diff: both documents share the uid counter (and so the memo keys)."""

    def __init__(self) -> None:
        self._ids = itertools.count()
        self._synthetic: dict[tuple[Any, ...], Node] = {}
        self._scratch = Document(self, {}, draft=2020)

    def next_id(self) -> int:
        return next(self._ids)

    def document(self, schema: Any) -> Document:
        return Document(self, schema, draft=draft_of(schema))

    def without(self, node: Node, keyword: str) -> Node:
        """``node`` minus one keyword (an anyOf that was distributed), cached so memo keys hold."""
        key = ("without", node.uid, keyword)
        found = self._synthetic.get(key)
        if found is None:
            kw = {k: v for k, v in node.kw.items() if k != keyword}
            found = Node(self.next_id(), node.doc, node.pointer, None, kw, node.spelled)
            found._flat = (found,)
            self._synthetic[key] = found
        return found

    def kinds_node(self, kinds: frozenset[str], pointer: str) -> Node:
        """A synthetic ``{type: kinds}``: one kind of a split conjunction."""
        key = ("kinds", kinds, pointer)
        found = self._synthetic.get(key)
        if found is None:
            found = Node(self.next_id(), self._scratch, pointer, None, {"type": kinds}, {})
            found._flat = (found,)
            self._synthetic[key] = found
        return found

    def not_node(self, negated: tuple[Node, ...], pointer: str) -> Node:
        """A synthetic ``{not: ...}``: what a oneOf alternative also knows about its siblings."""
        key = ("not", tuple(n.uid for n in negated), pointer)
        found = self._synthetic.get(key)
        if found is None:
            found = Node(self.next_id(), self._scratch, pointer, None, {"not-all": negated}, {})
            found._flat = (found,)
            self._synthetic[key] = found
        return found


class Document:
    """One schema document: normalizes nodes on demand and resolves local references."""

    def __init__(self, forest: Forest, raw: Any, *, draft: int) -> None:
        self.forest = forest
        self.raw = raw
        self.draft = draft
        self._nodes: dict[str, Node] = {}
        self._anchors: dict[str, str] = {}
        self._ids: dict[str, str] = {}
        self._base = ""
        if isinstance(raw, Mapping):
            self._index(raw, "")
            root_id = raw.get("$id") if draft > 4 else raw.get("id")
            if isinstance(root_id, str):
                self._base = root_id.split("#", 1)[0]
        self._root: Node | None = None

    @property
    def root(self) -> Node:
        if self._root is None:
            self._root = self.node(self.raw, "")
        return self._root

    def _index(self, raw: Any, pointer: str) -> None:
        """Anchors and ids, so ``#name`` and ``other.json`` references resolve locally."""
        id_key = "id" if self.draft == 4 else "$id"
        stack: list[tuple[Any, str]] = [(raw, pointer)]
        while stack:
            value, at = stack.pop()
            # only containers are stacked (scalars hold no anchors, and need no pointer)
            if isinstance(value, _SEQUENCES):
                for i, sub in enumerate(value):
                    if _container(sub):
                        stack.append((sub, f"{at}/{i}"))
                continue
            for key in ("$anchor", "$dynamicAnchor"):
                if isinstance(value.get(key), str):
                    self._anchors.setdefault(value[key], at)
            ident = value.get(id_key)
            if isinstance(ident, str):
                if ident.startswith("#"):
                    self._anchors.setdefault(ident[1:], at)
                elif at:
                    self._ids.setdefault(ident.split("#", 1)[0], at)
            for key, sub in value.items():
                if _container(sub) and key not in _VALUES:
                    stack.append((sub, f"{at}/{_escape(str(key))}"))

    def resolve(self, ref: str) -> Node | None:
        """The node a reference names, or None when it leaves this document."""
        base, _, fragment = ref.partition("#")
        start = ""
        if base and base != self._base:
            found = self._ids.get(base)
            if found is None:
                found = next((p for i, p in self._ids.items() if i.endswith("/" + base)), None)
            if found is None:
                return None
            start = found
        if fragment and not fragment.startswith("/"):
            target = self._anchors.get(fragment)
            if target is None:
                return None
            pointer = target
        else:
            pointer = start + fragment
        node = self._nodes.get(pointer)
        if node is not None:
            return node
        try:
            tokens = jp.parse(pointer)
        except jp.PointerSyntaxError:
            return None
        value: Any = self.raw
        for token in tokens:
            if isinstance(value, Mapping) and token in value:
                value = value[token]
            elif isinstance(value, _SEQUENCES) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                return None
        if not isinstance(value, Mapping | bool):
            return None
        return self.node(value, pointer)

    def node(self, raw: Any, pointer: str) -> Node:
        """The normalized node for ``raw`` found at ``pointer`` (cached by pointer)."""
        found = self._nodes.get(pointer)
        if found is not None:
            return found
        node = Node(self.forest.next_id(), self, pointer)
        self._nodes[pointer] = node
        if isinstance(raw, bool):
            node.boolean = raw
        elif type(raw) is dict or isinstance(raw, Mapping):
            _fill(node, raw)
        else:  # not a schema: treat as `true`, as validators that ignore it do
            node.boolean = True
        if node.boolean is None and not node.kw:
            node.boolean = True
        return node


def _fill(node: Node, raw: Mapping[str, Any]) -> None:
    doc, at, kw, spelled = node.doc, node.pointer, node.kw, node.spelled
    vocabulary = VOCABULARY[doc.draft]

    def sub(value: Any, *tokens: str | int) -> Node:
        return doc.node(value, at + _join(tokens))

    keys = set(raw)
    if "$ref" in raw and doc.draft < 2019:
        keys = {"$ref"}  # siblings of $ref are ignored before 2019-09
    for flag, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if raw.get(flag) is True and flag in keys and _decimal(raw.get(plain)) is not None:
            keys.discard(plain)  # draft 4: the bound is exclusive, spelled on the flag
    for name in ANNOTATIONS:
        if name in keys:
            kw[name] = canon(raw[name])
    if raw.get("x-extensible") is True:
        kw["x-extensible"] = True
    for name in sorted(keys & vocabulary):
        value = raw[name]
        if name in ("$ref", "$recursiveRef", "$dynamicRef"):
            if isinstance(value, str):
                kw["$ref"] = value
                spelled["$ref"] = name
        elif name == "type":
            names = [value] if isinstance(value, str) else value
            if isinstance(names, _SEQUENCES):
                kinds: set[str] = set()
                for t in names:
                    kinds |= TYPE_KINDS.get(t, frozenset()) if isinstance(t, str) else set()
                kw["type"] = _interned(frozenset(kinds))
        elif name == "enum":
            if isinstance(value, _SEQUENCES):
                kw["enum"] = frozenset(canon(v) for v in value)
        elif name == "const":
            kw["const"] = canon(value)
        elif name in ("minimum", "maximum", "multipleOf"):
            number = _decimal(value)
            if number is not None:
                kw[name] = number
        elif name in ("exclusiveMinimum", "exclusiveMaximum"):
            if isinstance(value, bool):  # draft 4: a flag on minimum / maximum
                plain = "minimum" if name == "exclusiveMinimum" else "maximum"
                if value and _decimal(raw.get(plain)) is not None:
                    kw[name] = _decimal(raw[plain])
            else:
                number = _decimal(value)
                if number is not None:
                    kw[name] = number
        elif name in (
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
            "minContains",
            "maxContains",
        ):
            number = _decimal(value)
            if number is not None:
                kw[name] = number
        elif name in ("pattern", "format"):
            if isinstance(value, str):
                kw[name] = value
        elif name == "uniqueItems":
            if value is True:
                kw[name] = True
        elif name == "required":
            if isinstance(value, _SEQUENCES):
                kw[name] = frozenset(v for v in value if isinstance(v, str))
        elif name in ("properties", "patternProperties", "dependentSchemas"):
            if type(value) is dict or isinstance(value, Mapping):
                kw[name] = {str(k): sub(v, name, str(k)) for k, v in value.items()}
        elif name == "dependentRequired":
            if isinstance(value, Mapping):
                kw[name] = {
                    str(k): frozenset(v) for k, v in value.items() if isinstance(v, _SEQUENCES)
                }
        elif name == "dependencies":
            if isinstance(value, Mapping):
                for k, v in value.items():
                    if isinstance(v, _SEQUENCES):
                        kw.setdefault("dependentRequired", {})[str(k)] = frozenset(v)
                        spelled["dependentRequired"] = name
                    else:
                        kw.setdefault("dependentSchemas", {})[str(k)] = sub(v, name, str(k))
                        spelled["dependentSchemas"] = name
        elif name == "items":
            if isinstance(value, _SEQUENCES):
                kw["prefixItems"] = tuple(sub(v, name, i) for i, v in enumerate(value))
                spelled["prefixItems"] = name
                extra = raw.get("additionalItems")
                if "additionalItems" in vocabulary and isinstance(extra, Mapping | bool):
                    kw["items"] = sub(extra, "additionalItems")
                    spelled["items"] = "additionalItems"
            else:
                kw["items"] = sub(value, name)
        elif name == "prefixItems":
            if isinstance(value, _SEQUENCES):
                kw["prefixItems"] = tuple(sub(v, name, i) for i, v in enumerate(value))
        elif name in ("allOf", "anyOf", "oneOf"):
            if isinstance(value, _SEQUENCES):
                branches = tuple(sub(v, name, i) for i, v in enumerate(value))
                if name != "allOf":
                    for i, b in enumerate(branches):
                        if b.branch_of is None:
                            b.branch_of = (name, i)
                kw[name] = branches
        elif name in (
            "not",
            "if",
            "then",
            "else",
            "additionalProperties",
            "unevaluatedProperties",
            "unevaluatedItems",
            "propertyNames",
            "contains",
        ):
            kw[name] = sub(value, name)
        # additionalItems without an array `items` is ignored, as validators do


def walk_nodes(root: Node) -> Iterator[Node]:
    """Every node reachable from ``root`` (through subschemas and references), once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node.uid in seen:
            continue
        seen.add(node.uid)
        yield node
        target = node.ref_target()
        if target is not None:
            stack.append(target)
        for value in node.kw.values():
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, tuple) and value and isinstance(value[0], Node):
                stack.extend(value)
            elif isinstance(value, dict):
                stack.extend(v for v in value.values() if isinstance(v, Node))
