"""The contract model: frozen values built from an already-parsed mapping.

Parsing YAML (and knowing line numbers) is the adapter's job; this module checks the shape and
raises :class:`~seamguard.errors.ContractError` carrying the JSON pointer of the offending key so
the adapter can place it at file:line:col.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any

from seamguard.core import pointer as jp
from seamguard.errors import ContractError, Location

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)
CONTRACT_ID = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$")
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Criticality(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    STANDARD = "standard"

    @property
    def rank(self) -> int:
        """Higher is stricter."""
        return {"critical": 3, "high": 2, "standard": 1}[self.value]


class Status(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    RETIRED = "retired"


class Domain(StrEnum):
    ORDERS = "orders"
    PAYMENTS = "payments"
    REFUNDS = "refunds"
    INVENTORY = "inventory"
    PRODUCTS = "products"
    OPERATIONS = "operations"


COMPATIBILITY_MODES = (
    "backward",
    "forward",
    "full",
    "none",
    "backward_transitive",
    "forward_transitive",
    "full_transitive",
)


@dataclass(frozen=True)
class Owner:
    team: str
    contact: str | None = None


@dataclass(frozen=True)
class Consumer:
    system: str
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deprecation:
    path: str
    since: str
    sunset: date | None = None
    replacement: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    """A semantic rule as declared: id, kind and the kind's own parameters (frozen)."""

    id: str
    kind: str
    params: Mapping[str, Any]
    pointer: str  # where the rule is declared in the contract file, for error placement


@dataclass(frozen=True)
class Contract:
    id: str
    version: str
    title: str
    owner: Owner
    domain: Domain
    criticality: Criticality
    status: Status
    compatibility: str
    schema: Mapping[str, Any]
    description: str | None = None
    consumers: tuple[Consumer, ...] = ()
    rules: tuple[RuleSpec, ...] = ()
    deprecations: tuple[Deprecation, ...] = ()
    personal_data: tuple[str, ...] = ()
    platform: str | None = None
    source_file: str | None = field(default=None, compare=False)

    @property
    def major(self) -> int:
        return int(self.version.split(".", 1)[0])


_TOP_KEYS = {
    "id",
    "version",
    "title",
    "description",
    "owner",
    "domain",
    "criticality",
    "status",
    "compatibility",
    "consumers",
    "schema",
    "rules",
    "deprecations",
    "personal_data",
    "platform",
}
_REQUIRED_TOP = ("id", "version", "title", "owner", "domain", "criticality", "schema")


def _err(message: str, pointer: str) -> ContractError:
    return ContractError(message, location=Location(pointer=pointer))


def _expect_map(value: Any, pointer: str, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _err(f"{what} must be a mapping, got {_kind(value)}", pointer)
    return value


def _expect_str(value: Any, pointer: str, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise _err(f"{what} must be a non-empty string, got {_kind(value)}", pointer)
    return value


def _expect_list(value: Any, pointer: str, what: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise _err(f"{what} must be a list, got {_kind(value)}", pointer)
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "mapping", list: "list", str: "string", bool: "boolean", int: "integer"}.get(
        type(value), type(value).__name__
    )


def _check_keys(node: Mapping[str, Any], allowed: set[str], pointer: str, what: str) -> None:
    for key in node:
        if key not in allowed:
            raise _err(
                f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})",
                f"{pointer}/{jp.escape(str(key))}",
            )


def _instance_pointer(value: Any, pointer: str, what: str) -> str:
    text = _expect_str(value, pointer, what)
    try:
        jp.parse(text)
    except jp.PointerSyntaxError as exc:
        raise _err(f"{what} must be a JSON pointer like /total: {exc}", pointer) from None
    return text


def _enum(value: Any, enum: type[Enum], pointer: str, what: str) -> Any:
    allowed = [m.value for m in enum]
    if value not in allowed:
        raise _err(f"{what} must be one of {', '.join(allowed)}; got {value!r}", pointer)
    return enum(value)


def contract_from_mapping(doc: Any, *, source_file: str | None = None) -> Contract:
    """Build a :class:`Contract` from a parsed document, or raise ContractError at a pointer."""
    node = _expect_map(doc, "", "a contract")
    _check_keys(node, _TOP_KEYS, "", "a contract")
    for key in _REQUIRED_TOP:
        if key not in node:
            raise _err(f"missing required key {key!r}", "")
    cid = _expect_str(node["id"], "/id", "id")
    if not CONTRACT_ID.match(cid):
        raise _err(f"id must look like producer.entity (lowercase, dotted); got {cid!r}", "/id")
    version = node["version"]
    if not isinstance(version, str) or not SEMVER.match(version):
        raise _err(
            f"version must be a semantic version like 1.2.0 (quoted); got {version!r}", "/version"
        )
    owner_node = _expect_map(node["owner"], "/owner", "owner")
    _check_keys(owner_node, {"team", "contact"}, "/owner", "owner")
    if "team" not in owner_node:
        raise _err("owner needs a team", "/owner")
    owner = Owner(
        team=_expect_str(owner_node["team"], "/owner/team", "owner.team"),
        contact=(
            _expect_str(owner_node["contact"], "/owner/contact", "owner.contact")
            if owner_node.get("contact") is not None
            else None
        ),
    )
    compatibility = node.get("compatibility", "backward")
    if compatibility not in COMPATIBILITY_MODES:
        raise _err(
            f"compatibility must be one of {', '.join(COMPATIBILITY_MODES)}; got {compatibility!r}",
            "/compatibility",
        )
    schema = node["schema"]
    if not isinstance(schema, (Mapping, bool)):
        raise _err(f"schema must be a JSON Schema object, got {_kind(schema)}", "/schema")

    consumers = tuple(
        _consumer(c, f"/consumers/{i}") for i, c in enumerate(_list(node, "consumers"))
    )
    rules = tuple(_rule(r, f"/rules/{i}") for i, r in enumerate(_list(node, "rules")))
    seen: dict[str, int] = {}
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise _err(
                f"duplicate rule id {rule.id!r} (first at /rules/{seen[rule.id]})", f"/rules/{i}/id"
            )
        seen[rule.id] = i
    deprecations = tuple(
        _deprecation(d, f"/deprecations/{i}") for i, d in enumerate(_list(node, "deprecations"))
    )
    personal = tuple(
        _instance_pointer(p, f"/personal_data/{i}", "personal_data entry")
        for i, p in enumerate(_list(node, "personal_data"))
    )
    return Contract(
        id=cid,
        version=version,
        title=_expect_str(node["title"], "/title", "title"),
        description=node.get("description"),
        owner=owner,
        domain=_enum(node["domain"], Domain, "/domain", "domain"),
        criticality=_enum(node["criticality"], Criticality, "/criticality", "criticality"),
        status=_enum(node.get("status", "active"), Status, "/status", "status"),
        compatibility=compatibility,
        schema=_freeze(schema),
        consumers=consumers,
        rules=rules,
        deprecations=deprecations,
        personal_data=personal,
        platform=node.get("platform"),
        source_file=source_file,
    )


def _list(node: Mapping[str, Any], key: str) -> Sequence[Any]:
    value = node.get(key)
    if value is None:
        return ()
    return _expect_list(value, f"/{key}", key)


def _consumer(value: Any, pointer: str) -> Consumer:
    node = _expect_map(value, pointer, "a consumer")
    _check_keys(node, {"system", "reads"}, pointer, "a consumer")
    if "system" not in node:
        raise _err("a consumer needs a system", pointer)
    reads = tuple(
        _instance_pointer(r, f"{pointer}/reads/{i}", "reads entry")
        for i, r in enumerate(_expect_list(node.get("reads", []), f"{pointer}/reads", "reads"))
    )
    return Consumer(system=_expect_str(node["system"], f"{pointer}/system", "system"), reads=reads)


@dataclass(frozen=True)
class Param:
    """One parameter of a rule kind, as contract files write it.

    ``type`` is one of ``pointer`` (an instance JSON pointer), ``pointers`` (a non-empty list of
    them), ``signed-pointers`` (pointers, each optionally prefixed with ``-``), ``pointer-sets``
    (a non-empty list of non-empty pointer lists), ``bool``, ``string``, ``strings``, ``decimal``
    (an integer or a quoted decimal: a YAML float would already have lost digits) and ``enum``
    (one of ``choices``). ``wildcard`` says whether ``*`` may appear in a pointer.
    """

    required: bool = False
    type: str = "pointer"
    choices: tuple[str, ...] = ()
    wildcard: bool = True


# Minor-unit conventions a money amount can follow (their tables live in
# seamguard.core.validation.rules.conventions; a test keeps the two in step).
CONVENTIONS = ("iso4217", "stripe", "stripe_payout")
ROUNDING_MODES = ("half_even", "half_up", "half_down", "up", "down", "ceiling", "floor")
CONSUMER_PROFILES = ("javascript", "int64")

_CURRENCY = Param(wildcard=False)
_CODE = Param(type="string")
_FLAG = Param(type="bool")

# Parameters each rule kind accepts (docs/rules-semantic.md describes every one; a test keeps
# the page and this table in step). Besides these, every rule has id, kind and description.
RULE_KINDS: dict[str, dict[str, Param]] = {
    "money": {
        "amount": Param(required=True),
        "currency": Param(),
        "currency_code": _CODE,
        "minor_units": _FLAG,
        "convention": Param(type="enum", choices=CONVENTIONS),
    },
    "sum": {
        "total": Param(required=True, wildcard=False),
        "parts": Param(required=True, type="signed-pointers"),
        "missing": Param(type="enum", choices=("skip", "zero")),
        "rounding": Param(type="enum", choices=("none", "per_line", "per_document")),
        "rounding_mode": Param(type="enum", choices=ROUNDING_MODES),
        "currency": _CURRENCY,
        "currency_code": _CODE,
        "minor_units": _FLAG,
        "tolerance": Param(type="decimal"),
    },
    "cel": {"expr": Param(required=True, type="string"), "path": Param(wildcard=False)},
    "unique": {
        "paths": Param(required=True, type="pointers", wildcard=False),
        "normalize": Param(type="enum", choices=("none", "identifier")),
    },
    "same_currency": {"currencies": Param(type="pointers"), "sets": Param(type="pointer-sets")},
    "provider_amount": {
        "amount": Param(required=True, wildcard=False),
        "currency": _CURRENCY,
        "currency_code": _CODE,
        "provider_amount": Param(required=True, wildcard=False),
        "provider_currency": _CURRENCY,
        "convention": Param(type="enum", choices=CONVENTIONS),
    },
    "consumer_profile": {
        "profile": Param(required=True, type="enum", choices=CONSUMER_PROFILES),
        "paths": Param(type="pointers"),
    },
    "identifier": {
        "paths": Param(required=True, type="pointers"),
        "scripts": Param(type="strings"),
    },
    "cumulative": {
        "key": Param(required=True, type="pointers", wildcard=False),
        "amount": Param(required=True, wildcard=False),
        "limit": Param(required=True, wildcard=False),
        "start": Param(wildcard=False),
        "currency": _CURRENCY,
        "currency_code": _CODE,
        "minor_units": _FLAG,
    },
}

_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z")


def _rule(value: Any, pointer: str) -> RuleSpec:
    node = _expect_map(value, pointer, "a rule")
    for key in ("id", "kind"):
        if key not in node:
            raise _err(f"a rule needs {key!r}", pointer)
    rid = _expect_str(node["id"], f"{pointer}/id", "rule id")
    if not RULE_ID.match(rid):
        raise _err(f"rule id must be kebab-case; got {rid!r}", f"{pointer}/id")
    kind = node["kind"]
    if kind not in RULE_KINDS:
        raise _err(
            f"unknown rule kind {kind!r} (known: {', '.join(sorted(RULE_KINDS))})",
            f"{pointer}/kind",
        )
    spec = RULE_KINDS[kind]
    _check_keys(node, {"id", "kind", "description", *spec}, pointer, f"a {kind} rule")
    for key, param in spec.items():
        if param.required and key not in node:
            raise _err(f"a {kind} rule needs {key!r}", pointer)
    if node.get("description") is not None:
        _expect_str(node["description"], f"{pointer}/description", "description")
    params: dict[str, Any] = {
        key: _param(node[key], param, f"{pointer}/{key}", key)
        for key, param in spec.items()
        if key in node
    }
    _cross_check(kind, params, pointer)
    return RuleSpec(id=rid, kind=kind, params=MappingProxyType(params), pointer=pointer)


def _param(value: Any, param: Param, pointer: str, name: str) -> Any:
    """One parameter value checked against its declaration; lists come back as tuples."""
    if param.type == "pointer":
        return _rule_pointer(value, param, pointer, name)
    if param.type in ("pointers", "signed-pointers"):
        items = _expect_list(value, pointer, name)
        if not items:
            raise _err(f"{name} must list at least one pointer", pointer)
        signed = param.type == "signed-pointers"
        return tuple(
            _rule_pointer(v, param, f"{pointer}/{i}", f"{name} entry", signed=signed)
            for i, v in enumerate(items)
        )
    if param.type == "pointer-sets":
        sets = _expect_list(value, pointer, name)
        if not sets:
            raise _err(f"{name} must list at least one set of pointers", pointer)
        out = []
        for i, members in enumerate(sets):
            at = f"{pointer}/{i}"
            members = _expect_list(members, at, f"{name} entry")
            if len(members) < 2:
                raise _err(f"each of {name} must list at least two pointers to compare", at)
            out.append(
                tuple(
                    _rule_pointer(m, param, f"{at}/{j}", f"{name} entry")
                    for j, m in enumerate(members)
                )
            )
        return tuple(out)
    if param.type == "bool":
        if not isinstance(value, bool):
            raise _err(f"{name} must be true or false, got {_kind(value)}", pointer)
        return value
    if param.type == "string":
        return _expect_str(value, pointer, name)
    if param.type == "strings":
        items = _expect_list(value, pointer, name)
        if not items:
            raise _err(f"{name} must list at least one entry", pointer)
        return tuple(_expect_str(v, f"{pointer}/{i}", f"{name} entry") for i, v in enumerate(items))
    if param.type == "decimal":
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and _DECIMAL.match(value):
            return value
        hint = (
            " (quote it: a YAML float has already lost digits)" if isinstance(value, float) else ""
        )
        raise _err(f'{name} must be a decimal like "0.01"{hint}; got {value!r}', pointer)
    if param.type == "enum":
        if value not in param.choices:
            raise _err(f"{name} must be one of {', '.join(param.choices)}; got {value!r}", pointer)
        return value
    raise AssertionError(f"unknown parameter type {param.type!r}")  # pragma: no cover


def _rule_pointer(
    value: Any, param: Param, pointer: str, name: str, *, signed: bool = False
) -> str:
    text = _expect_str(value, pointer, name)
    bare = text[1:] if signed and text.startswith("-") else text
    _instance_pointer(bare, pointer, name)
    if not param.wildcard and jp.WILDCARD in jp.parse(bare):
        raise _err(f"{name} must name one location: '*' is not allowed here; got {text!r}", pointer)
    return text


def _cross_check(kind: str, params: Mapping[str, Any], pointer: str) -> None:
    """Constraints between the parameters of one rule."""
    has_pointer, has_code = "currency" in params, "currency_code" in params
    if has_pointer and has_code:
        raise _err(
            f"a {kind} rule takes one of 'currency' (a pointer) or 'currency_code', not both",
            pointer,
        )
    if kind in ("money", "provider_amount") and not (has_pointer or has_code):
        raise _err(
            f"a {kind} rule needs exactly one of 'currency' (a pointer) or 'currency_code'",
            pointer,
        )
    if kind == "sum" and params.get("rounding", "none") != "none" and not (has_pointer or has_code):
        raise _err(
            f"rounding {params['rounding']} needs the currency: add 'currency' (a pointer) or "
            "'currency_code'",
            f"{pointer}/rounding",
        )
    if kind == "sum" and str(params.get("tolerance", "0")).startswith("-"):
        raise _err("tolerance must not be negative", f"{pointer}/tolerance")
    if kind == "same_currency" and "currencies" in params and "sets" in params:
        raise _err("a same_currency rule takes 'currencies' (one set) or 'sets', not both", pointer)


def _deprecation(value: Any, pointer: str) -> Deprecation:
    node = _expect_map(value, pointer, "a deprecation")
    _check_keys(
        node, {"path", "since", "sunset", "replacement", "reason"}, pointer, "a deprecation"
    )
    for key in ("path", "since"):
        if key not in node:
            raise _err(f"a deprecation needs {key!r}", pointer)
    since = node["since"]
    if not isinstance(since, str) or not SEMVER.match(since):
        raise _err(f"since must be a semantic version; got {since!r}", f"{pointer}/since")
    sunset = node.get("sunset")
    if sunset is not None and not isinstance(sunset, date):
        try:
            sunset = date.fromisoformat(str(sunset))
        except ValueError:
            raise _err(
                f"sunset must be a date YYYY-MM-DD; got {sunset!r}", f"{pointer}/sunset"
            ) from None
    return Deprecation(
        path=_instance_pointer(node["path"], f"{pointer}/path", "path"),
        since=since,
        sunset=sunset,
        replacement=node.get("replacement"),
        reason=node.get("reason"),
    )


def _freeze(value: Any) -> Any:
    """Read-only view of a nested schema so a compiled contract cannot be mutated by accident."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain dicts and lists again (for handing a schema to a validator or serializer)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value
