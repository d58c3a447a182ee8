"""The two sides of ``seamguard diff``: a contract YAML or a bare JSON Schema file, loaded with
positions so a change found later can be placed at file:line:col.

A file is a contract when it is a mapping with both ``id`` and ``schema`` (a bare schema never
has a ``schema`` keyword; draft 4's ``id`` alone does not make one); it then goes through the
contract loader and keeps its errors. Anything else is a bare schema: ``.json`` files are read
by the JSON parser (errors at line:col, duplicate keys refused), every other file as YAML, so a
schema piped in through ``<(git show REF:path)`` works too.

The draft comes from ``$schema`` (2020-12 when absent); an unknown ``$schema`` is refused rather
than guessed, because the draft changes what keywords such as ``items`` or ``exclusiveMinimum``
mean. The schema is checked against its draft's meta-schema, so a typo like ``type: strin`` is a
contract error at its line, not a silent difference.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema_rs

from seamguard.adapters.contract_yaml import contract_from_document
from seamguard.adapters.yamlpos import LocatedDocument, parse_located
from seamguard.core import pointer as jp
from seamguard.core.compat.normalize import MAX_DEPTH, deeper_than, too_deep_message
from seamguard.core.contract import Contract, thaw
from seamguard.errors import ContractError, Location, NotFoundError, SeamguardError

__all__ = ["DRAFTS", "SchemaFile", "draft_of", "load_schema_file"]

#: ``$schema`` URI (without its trailing ``#``) -> draft name.
DRAFTS: Mapping[str, str] = {
    "http://json-schema.org/draft-04/schema": "4",
    "http://json-schema.org/draft-06/schema": "6",
    "http://json-schema.org/draft-07/schema": "7",
    "https://json-schema.org/draft/2019-09/schema": "2019-09",
    "https://json-schema.org/draft/2020-12/schema": "2020-12",
}
DEFAULT_DRAFT = "2020-12"
DRAFTS_BY_NAME: Mapping[str, str] = {name: uri for uri, name in DRAFTS.items()}


@dataclass(frozen=True)
class SchemaFile:
    """One side of a diff: the schema, the contract when the file is one, and positions.

    ``schema`` is plain JSON data (dicts, lists, scalars, or a boolean schema). ``root`` is where
    the schema sits in the file: ``/schema`` in a contract, ``""`` in a bare schema file.
    """

    file: str
    schema: Any
    draft: str
    contract: Contract | None = None
    root: str = ""
    document: LocatedDocument | None = field(default=None, repr=False, compare=False)

    @property
    def is_contract(self) -> bool:
        return self.contract is not None

    def has(self, pointer: str) -> bool:
        """Whether the schema pointer ``pointer`` exists in this schema."""
        try:
            tokens = jp.parse(pointer)
        except jp.PointerSyntaxError:
            return False
        node = self.schema
        for token in tokens:
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return False
        return True

    def locate(self, pointer: str) -> Location:
        """file:line:col of the schema pointer ``pointer`` (its nearest written ancestor).

        The returned location's pointer is the one inside the file (``/schema/...`` for a
        contract). Positions come from a second, round-trip parse done on first use only.
        """
        return self.locate_in_document(self.root + pointer)

    def locate_in_document(self, pointer: str) -> Location:
        """file:line:col of a pointer into the whole file (a contract's ``/rules/0``, say)."""
        if self.document is None:
            return Location(file=self.file, pointer=pointer)
        try:
            return self.document.locate(pointer)
        except SeamguardError:  # positions are a courtesy: never fail a diff over them
            return Location(file=self.file, pointer=pointer)


def draft_of(schema: Any, *, file: str, locate: Callable[[str], Location] | None = None) -> str:
    """The draft a schema declares by ``$schema``; :data:`DEFAULT_DRAFT` when it has none.

    ``locate`` places the ``$schema`` keyword in the file for the error an unknown one raises.
    """
    if not isinstance(schema, dict) or "$schema" not in schema:
        return DEFAULT_DRAFT
    uri = schema["$schema"]
    draft = DRAFTS.get(uri.rstrip("#")) if isinstance(uri, str) else None
    if draft is None:
        where = locate("/$schema") if locate is not None else Location(file=file)
        raise ContractError(
            f"unknown $schema {uri!r}: seamguard reads drafts 4, 6, 7, 2019-09 and 2020-12 "
            f"(such as {DRAFTS_BY_NAME[DEFAULT_DRAFT]})",
            location=where,
        )
    return draft


def load_schema_file(path: Path, *, display: str | None = None) -> SchemaFile:
    """Load one side of a diff. Every problem is a :class:`ContractError` at file:line:col
    (exit 2); a file that does not exist is a :class:`NotFoundError` (exit 2)."""
    shown = display or str(path)
    text = _read(path, shown)
    if path.suffix.lower() == ".json":
        doc = _parse_json(text, shown)
    else:
        try:
            doc = parse_located(text, file=shown, error=ContractError)
        except RecursionError:
            raise _too_deep(shown) from None
    data = doc.data
    is_contract = isinstance(data, dict) and "id" in data and "schema" in data
    # before anything else walks it: the engine, the contract loader and the meta-schema check
    # all recurse once per level (a contract's schema sits one level down)
    if deeper_than(data, MAX_DEPTH + (1 if is_contract else 0)):
        raise _too_deep(shown)
    if is_contract:
        contract = contract_from_document(doc)
        schema = thaw(contract.schema)
        side = SchemaFile(
            file=shown, schema=schema, draft="", contract=contract, root="/schema", document=doc
        )
    elif isinstance(data, dict | bool):
        side = SchemaFile(file=shown, schema=data, draft="", document=doc)
    else:
        raise ContractError(
            "expected a contract (with id and schema) or a JSON Schema (an object or a "
            f"boolean), got {_kind(data)}",
            location=Location(file=shown, line=1, column=1),
        )
    side = replace(side, draft=draft_of(side.schema, file=shown, locate=side.locate))
    _check_meta(side)
    return side


def _read(path: Path, shown: str) -> str:
    if path.is_dir():
        raise NotFoundError(f"{shown} is a folder; give a contract or schema file")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError("no such file", location=Location(file=shown)) from None
    except UnicodeDecodeError as exc:
        raise ContractError(
            f"{shown} is not UTF-8 text (byte {exc.start})", location=Location(file=shown)
        ) from None
    except OSError as exc:
        raise ContractError(
            f"cannot read {shown}: {exc.strerror or exc}", location=Location(file=shown)
        ) from None


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_json(text: str, shown: str) -> LocatedDocument:
    """Parse JSON text; positions are indexed later from the same text on first use."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ContractError(
            f"invalid JSON: {exc.msg}",
            location=Location(file=shown, line=exc.lineno, column=exc.colno),
        ) from None
    except _DuplicateKeyError as exc:
        # json cannot say where; the YAML parser refuses duplicates too and knows the position.
        where = Location(file=shown)
        try:
            parse_located(text, file=shown, error=ContractError)
        except ContractError as placed:
            where = placed.location
        raise ContractError(
            f"invalid JSON: duplicate key {exc.args[0]!r}", location=where
        ) from None
    except RecursionError:  # valid JSON, nested beyond what the parser's stack holds
        raise _too_deep(shown) from None
    except ValueError as exc:
        raise ContractError(f"invalid JSON: {exc}", location=Location(file=shown)) from None
    return LocatedDocument(file=shown, data=data, text=text)


def _too_deep(shown: str) -> ContractError:
    return ContractError(too_deep_message(), location=Location(file=shown))


def _check_meta(side: SchemaFile) -> None:
    """Refuse a schema its own meta-schema rejects, at the offending keyword."""
    if not isinstance(side.schema, dict):
        return
    try:
        jsonschema_rs.meta.validate(side.schema)
    except jsonschema_rs.ValidationError as exc:
        where = jp.join(list(exc.instance_path))
        raise ContractError(
            f"schema is not valid JSON Schema: {exc.message}", location=side.locate(where)
        ) from None
    except jsonschema_rs.ReferencingError:  # a meta-schema it cannot resolve offline: not ours
        return


def _kind(value: Any) -> str:
    if value is None:
        return "an empty document"
    names = {list: "a list", str: "a string", int: "an integer", float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")
