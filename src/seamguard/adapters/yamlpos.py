"""YAML with positions: plain Python data plus a JSON-pointer -> (line, column) index.

ruamel.yaml's composer knows where every key and value starts; we flatten that into an index
keyed by JSON pointer so the pure core can report a pointer and the edge can turn it into
file:line:col. Lines and columns are 1-based, as editors show them.

Positions are only needed when something must be placed (an error, a lint finding, a check
finding), so the data comes from the C-accelerated safe loader and the index is built on first
use by composing the same text again (the C parser's node tree, not the round-trip loader,
which is ten times slower).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from seamguard.core import pointer as jp
from seamguard.errors import Location, SeamguardError

try:  # the C extension; without it the pure-Python safe loader is still faster than round-trip
    import _ruamel_yaml  # noqa: F401

    _HAVE_CLIB = True
except ImportError:  # pragma: no cover - depends on the platform's wheels
    _HAVE_CLIB = False


@dataclass(frozen=True)
class LocatedDocument:
    """A parsed YAML document and where each of its nodes was written."""

    file: str
    data: Any
    text: str = field(repr=False, default="")

    @cached_property
    def _index(self) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        keys: dict[str, tuple[int, int]] = {}
        values: dict[str, tuple[int, int]] = {}
        composer = YAML(typ="safe", pure=not _HAVE_CLIB)
        try:
            root = composer.compose(self.text)
        except MarkedYAMLError as exc:
            raise _placed(exc, self.file, SeamguardError) from None
        if root is not None:
            _positions(root, "", keys, values, set())
        return keys, values

    @property
    def keys(self) -> Mapping[str, tuple[int, int]]:
        """pointer -> position of the key naming the node."""
        return self._index[0]

    @property
    def values(self) -> Mapping[str, tuple[int, int]]:
        """pointer -> position of the node's value."""
        return self._index[1]

    def locate(self, pointer: str | None) -> Location:
        """The closest known position of ``pointer`` (walking up to the nearest ancestor)."""
        if pointer is None:
            return Location(file=self.file)
        probe = pointer
        while True:
            pos = self.keys.get(probe) or self.values.get(probe)
            if pos is not None:
                return Location(file=self.file, line=pos[0], column=pos[1], pointer=pointer)
            if probe == "":
                return Location(file=self.file, line=1, column=1, pointer=pointer)
            probe = probe.rsplit("/", 1)[0]

    def value_location(self, pointer: str) -> Location:
        """Position of the value (not the key) at ``pointer``, falling back to :meth:`locate`."""
        pos = self.values.get(pointer)
        if pos is not None:
            return Location(file=self.file, line=pos[0], column=pos[1], pointer=pointer)
        return self.locate(pointer)


def load_located(
    path: Path, *, error: type[SeamguardError], display: str | None = None
) -> LocatedDocument:
    """Read and parse ``path``; YAML syntax errors become ``error`` at file:line:col."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("file not found", location=Location(file=shown)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read {shown}: {exc}", location=Location(file=shown)) from None
    return parse_located(text, file=shown, error=error)


def parse_located(text: str, *, file: str, error: type[SeamguardError]) -> LocatedDocument:
    """Parse YAML text into a :class:`LocatedDocument`."""
    fast = YAML(typ="safe", pure=not _HAVE_CLIB)
    fast.allow_duplicate_keys = False
    try:
        data = fast.load(text)
    except MarkedYAMLError as exc:
        raise _placed(exc, file, error) from None
    except Exception:  # an unmarked error: find the node that caused it, else ask round-trip
        bad = _bad_timestamp(text, file, error)
        if bad is not None:
            raise bad from None
        _rt_load(text, file, error)
        raise error(f"YAML error in {file}", location=Location(file=file)) from None
    return LocatedDocument(file=file, data=data, text=text)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _bad_timestamp(text: str, file: str, error: type[SeamguardError]) -> SeamguardError | None:
    """The first plain scalar that YAML resolves to a timestamp but that names no real day or
    time (``2026-13-45``, ``2027-02-30``), placed at its line:col and pointer.

    ruamel's constructor raises a bare ValueError for those, with no position; composing the
    text again gives every node its start, and constructing the timestamps one by one finds
    the culprit. None when no timestamp fails (the caller falls back to the slower loader)."""
    try:
        root = YAML(typ="safe", pure=not _HAVE_CLIB).compose(text)
    except Exception:  # composing succeeded once already; anything else is not ours to place
        return None
    if root is None:
        return None
    constructor = SafeConstructor()
    for at, node in _scalars(root, "", set()):
        if node.tag != _TIMESTAMP or node.style:
            continue
        try:
            constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            where = Location(
                file=file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                pointer=at,
            )
            return error(f"YAML error: invalid date {node.value!r}: {exc}", location=where)
    return None


def _scalars(node: Node, at: str, seen: set[int]) -> Iterator[tuple[str, ScalarNode]]:
    """Every scalar value below ``node`` with its JSON pointer, in document order (an aliased
    collection is walked once)."""
    if isinstance(node, ScalarNode):
        yield at, node
        return
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, ScalarNode) else "?"
            if isinstance(key, ScalarNode):
                yield f"{at}/{jp.escape(name)}", key
            yield from _scalars(value, f"{at}/{jp.escape(name)}", seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, f"{at}/{i}", seen)


def _rt_load(text: str, file: str, error: type[SeamguardError]) -> Any:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        raise _placed(exc, file, error) from None
    except Exception as exc:  # ruamel raises a few unmarked errors
        raise error(f"YAML error: {exc}", location=Location(file=file)) from None


def _placed(exc: MarkedYAMLError, file: str, error: type[SeamguardError]) -> SeamguardError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    problem = (exc.problem or exc.context or "invalid YAML").splitlines()[0]
    return error(f"YAML error: {problem}", location=Location(file=file, line=line, column=col))


def _positions(
    node: Node,
    at: str,
    keys: dict[str, tuple[int, int]],
    values: dict[str, tuple[int, int]],
    seen: set[int],
) -> None:
    """Index where each node of a composed document starts (composing is the C parser's job
    and an order of magnitude faster than the round-trip loader). A node reached again through
    an alias is placed but not walked again, so nested aliases cannot make the index explode;
    what lies below the alias is placed at the alias."""
    values.setdefault(at, (node.start_mark.line + 1, node.start_mark.column + 1))
    if id(node) in seen:
        return
    if isinstance(node, MappingNode):
        seen.add(id(node))
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                continue
            child = f"{at}/{jp.escape(str(key.value))}"
            keys.setdefault(child, (key.start_mark.line + 1, key.start_mark.column + 1))
            _positions(value, child, keys, values, seen)
    elif isinstance(node, SequenceNode):
        seen.add(id(node))
        for i, item in enumerate(node.value):
            child = f"{at}/{i}"
            keys.setdefault(child, (item.start_mark.line + 1, item.start_mark.column + 1))
            _positions(item, child, keys, values, seen)
