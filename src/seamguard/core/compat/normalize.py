"""Drafts 4, 6, 7, 2019-09 and 2020-12 read into one internal form.

Every subschema becomes a :class:`Node` whose keywords are spelled the 2020-12 way and whose
values are comparable: ``type`` a set of instance kinds (``integer``, ``integral-float`` and
``fraction`` apart, so ``number`` is exactly the three; see :data:`NUMBER_KINDS`), numbers :class:`~decimal.Decimal`, ``enum``/``const`` canonical
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.compat import uri
from seamguard.errors import ContractError

# isinstance() type tuples: a union written in the call (``X | Y``) is rebuilt on every call
_SEQUENCES = (list, tuple)
_NUMBERS = (int, float, Decimal)
_INT_FLOAT = (int, float)

ALL_KINDS: frozenset[str] = frozenset(
    {"null", "boolean", "integer", "integral-float", "fraction", "string", "array", "object"}
)
# Numbers come in three kinds because the drafts disagree on one of them: an integral value
# written with a fraction or an exponent (``1.0``, ``1e2``: ``integral-float``) is an
# ``integer`` from draft 6 on, but not in draft 4, whose ``integer`` is only what is written
# without one (``1``: ``integer``). ``fraction`` is a non-integral number. Listed values
# (``enum``/``const``) compare numerically, so an integral one stands for both spellings.
NUMBER_KINDS: frozenset[str] = frozenset({"integer", "integral-float", "fraction"})
INTEGRAL_KINDS: frozenset[str] = frozenset({"integer", "integral-float"})
FRACTION_KINDS: frozenset[str] = frozenset({"fraction"})
TYPE_KINDS: dict[str, frozenset[str]] = {
    "null": frozenset({"null"}),
    "boolean": frozenset({"boolean"}),
    "integer": INTEGRAL_KINDS,
    "number": NUMBER_KINDS,
    "string": frozenset({"string"}),
    "array": frozenset({"array"}),
    "object": frozenset({"object"}),
}
# Draft 4: ``1.0`` is a number but not an integer (jsonschema-rs agrees with each draft).
TYPE_KINDS_D4: dict[str, frozenset[str]] = {**TYPE_KINDS, "integer": frozenset({"integer"})}

ANNOTATIONS = ("title", "description", "default", "examples", "deprecated")

# How deeply a schema document may nest (objects and arrays, the root being level 1) to be
# compared. Normalization recurses once per level, and so do the parsers that read the file:
# beyond this a diff would end in a RecursionError, so it is refused up front, as a value
# error the caller can place (the file adapter names the file). Real schemas stay far below.
MAX_DEPTH = 128


def too_deep_message() -> str:
    return f"schema nests too deeply to compare (deeper than {MAX_DEPTH} levels)"


def deeper_than(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests containers more than ``limit`` levels deep (iteratively)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not _container(item):
            continue
        if level > limit:
            return True
        children = item.values() if isinstance(item, Mapping) else item
        stack.extend((child, level + 1) for child in children if _container(child))
    return False


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


_TAG_KINDS: dict[str, frozenset[str]] = {k: frozenset({k}) for k in ALL_KINDS}


def kinds_of(canonical: Any) -> frozenset[str]:
    """The instance kinds a listed (canonical) value admits: an integral number is equal to
    both of its spellings (``1`` and ``1.0``), so it admits ``integer`` and ``integral-float``;
    a non-integral one is a ``fraction``."""
    tag = canonical[0]
    if tag == "number":
        number = canonical[1]
        if isinstance(number, Decimal) and number == number.to_integral_value():
            return INTEGRAL_KINDS
        return FRACTION_KINDS
    return _TAG_KINDS.get(tag) or frozenset({str(tag)})


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
    _dangling: Any = field(default=False, repr=False)  # False: not looked at yet

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
            self._target = self.doc.resolve(ref, self.pointer) if isinstance(ref, str) else None
        target: Node | None = self._target
        return target

    @property
    def unresolved_ref(self) -> str | None:
        ref = self.kw.get("$ref")
        if isinstance(ref, str) and self.ref_target() is None:
            return ref
        return None

    @property
    def unresolved_uri(self) -> str | None:
        """The absolute target of a ``$ref`` that does not resolve here (what two versions
        must share for their external references to be the same)."""
        ref = self.unresolved_ref
        if ref is None:
            return None
        return uri.resolve(self.doc.base_at(self.pointer), ref)

    @property
    def dangling_ref(self) -> str | None:
        """A ``$ref`` into this document that names nothing (see :meth:`Document.dangling`)."""
        if self._dangling is False:
            ref = self.unresolved_ref
            self._dangling = (
                ref if ref is not None and self.doc.dangling(ref, self.pointer) else None
            )
        found: str | None = self._dangling
        return found

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
    """One schema document: normalizes nodes on demand and resolves local references.

    References resolve the way the specification says: against the base URI of the schema
    resource they sit in (the nearest enclosing ``$id``, resolved in turn against its parent's,
    RFC 3986), the fragment percent-decoded before it is read as a JSON Pointer or an anchor.
    A reference to a resource this document does not hold is *external* (never fetched); one
    to a resource it holds whose fragment names nothing is *dangling* (see :meth:`dangling`).
    """

    def __init__(self, forest: Forest, raw: Any, *, draft: int) -> None:
        self.forest = forest
        self.raw = raw
        self.draft = draft
        self._nodes: dict[str, Node] = {}
        # (resource URI, anchor name) -> pointer; resource URI -> pointer of its root
        self._anchors: dict[tuple[str, str], str] = {}
        self._ids: dict[str, str] = {}
        # pointer of every schema carrying an $id -> the resource URI it starts
        self._bases: dict[str, str] = {}
        self._base = uri.DEFAULT_BASE
        self._nested = False  # some $id below the root: bases depend on where a $ref sits
        self.refs: list[Node] = []  # every normalized node holding a $ref, in creation order
        if isinstance(raw, Mapping):
            self._index(raw, "")
        self._ids.setdefault(self._base, "")
        self._root: Node | None = None

    @property
    def root(self) -> Node:
        if self._root is None:
            self._root = self.node(self.raw, "")
        return self._root

    def _index(self, raw: Any, pointer: str) -> None:
        """Resources (``$id``) and anchors, so every reference into the document resolves."""
        id_key = "id" if self.draft == 4 else "$id"
        stack: list[tuple[Any, str, str, int]] = [(raw, pointer, uri.DEFAULT_BASE, 1)]
        while stack:
            value, at, base, level = stack.pop()
            if level > MAX_DEPTH:
                raise ContractError(too_deep_message())
            # only containers are stacked (scalars hold no anchors, and need no pointer)
            if isinstance(value, _SEQUENCES):
                for i, sub in enumerate(value):
                    if _container(sub):
                        stack.append((sub, f"{at}/{i}", base, level + 1))
                continue
            ident = value.get(id_key)
            if isinstance(ident, str) and not ident.startswith("#"):
                base = uri.without_fragment(uri.resolve(base, ident))
                self._ids.setdefault(base, at)
                self._bases[at] = base
                if at:
                    self._nested = True
                else:
                    self._base = base
            elif isinstance(ident, str):  # draft 6/7: a plain-name fragment is an anchor
                self._anchors.setdefault((base, ident[1:]), at)
            for key in ("$anchor", "$dynamicAnchor"):
                if isinstance(value.get(key), str):
                    self._anchors.setdefault((base, value[key]), at)
            for key, sub in value.items():
                if _container(sub):
                    if key in _VALUES:  # instances, not schemas: only their depth matters
                        if deeper_than(sub, MAX_DEPTH - level):
                            raise ContractError(too_deep_message())
                    else:
                        stack.append((sub, f"{at}/{_escape(str(key))}", base, level + 1))

    def base_at(self, pointer: str) -> str:
        """The base URI of the schema at ``pointer``: its nearest enclosing ``$id``."""
        if not self._nested:
            return self._base
        at = pointer
        while True:
            found = self._bases.get(at)
            if found is not None:
                return found
            if not at:
                return self._base
            at = at[: at.rfind("/")]

    def _locate(self, ref: str, at: str) -> tuple[str | None, bool]:
        """(pointer of the target, known resource) for a reference made at ``at``."""
        if ref.startswith("#"):
            base, fragment = self.base_at(at), ref[1:]
        else:
            target = uri.resolve(self.base_at(at), ref)
            base, _, fragment = target.partition("#")
        start = self._ids.get(base)
        if start is None:
            return None, False
        try:
            fragment = uri.fragment_pointer(fragment)
        except UnicodeDecodeError:
            return None, True
        if fragment and not fragment.startswith("/"):
            return self._anchors.get((base, fragment)), True
        return start + fragment, True

    def resolve(self, ref: str, at: str = "") -> Node | None:
        """The node a reference made at pointer ``at`` names, or None when it names none here."""
        pointer, _ = self._locate(ref, at)
        if pointer is None:
            return None
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

    def dangling_refs(self) -> list[Node]:
        """Every node reachable from the root whose ``$ref`` is dangling, in document order."""
        _ = self.root
        i = 0
        while i < len(self.refs):  # resolving a target normalizes it, which may add refs
            self.refs[i].ref_target()
            i += 1
        found = [n for n in self.refs if n.dangling_ref is not None]
        return sorted(found, key=lambda n: n.pointer)

    def dangling(self, ref: str, at: str = "") -> bool:
        """Whether ``ref`` names a resource of this document but nothing in it: no validator
        can follow it (jsonschema-rs refuses the schema), so nothing is known of what it allows,
        whatever the other version says."""
        if self.resolve(ref, at) is not None:
            return False
        return self._locate(ref, at)[1]

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
    type_kinds = TYPE_KINDS_D4 if doc.draft == 4 else TYPE_KINDS

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
                doc.refs.append(node)
        elif name == "type":
            names = [value] if isinstance(value, str) else value
            if isinstance(names, _SEQUENCES):
                kinds: set[str] = set()
                for t in names:
                    kinds |= type_kinds.get(t, frozenset()) if isinstance(t, str) else set()
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
