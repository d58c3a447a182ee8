"""Workspace settings (``seamguard.yaml``), read once at the edge into frozen values.

This module is pure: it receives an already-parsed mapping and the environment as a mapping,
and raises :class:`~seamguard.errors.ConfigError` with the JSON pointer of the offending key.
The YAML adapter turns that pointer into file:line:col. Every key is documented in
docs/config.md; unknown keys are errors.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from seamguard.core import pointer as jp
from seamguard.core.compat.model import POLICIES, Policy, Severity
from seamguard.core.contract import CONTRACT_ID
from seamguard.core.gate.model import Waiver
from seamguard.core.gate.rules import known_rule_ids
from seamguard.core.gate.subject import UNREAD_SEVERITIES, GateSettings
from seamguard.core.reconcile.spec import CARDINALITIES, COMPARE_AS, CompareField, Limit
from seamguard.core.reconcile.spec import FlowSpec as FlowSettings
from seamguard.core.slo import DEFAULT_BANDS, DOMAIN_IDS, Band
from seamguard.errors import ConfigError, Location

FORMAT_VERSION = 1
CRITICALITIES = ("critical", "high", "standard")
SOURCE_FORMATS = ("jsonl", "json", "csv", "parquet")
TABLE_FORMATS = ("csv", "parquet")  # formats whose columns `columns:` maps
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_DURATION = re.compile(r"^(\d+)\s*(s|m|h|d|w)$")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEFAULT_STORE = "sqlite:///.seamguard/state.db"


@dataclass(frozen=True)
class OwnerSettings:
    name: str
    contact: str | None = None


@dataclass(frozen=True)
class SystemSettings:
    name: str
    platform: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class SourceSettings:
    name: str
    system: str
    path: str
    contract: str
    format: str | None = None  # None: from the file extension
    sequence: Sequence | None = None
    # CSV/Parquet column -> instance pointer (None: leave the column out), in file order.
    columns: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Sequence:
    """Records of one entity (``key`` pointers) must arrive in order of ``by`` (a timestamp)."""

    key: tuple[str, ...]
    by: str


@dataclass(frozen=True)
class DomainSettings:
    owner: str | None = None


@dataclass(frozen=True)
class PrivacySettings:
    """``privacy:``: whether outputs redact personal data by default, and how long quarantined
    raw payloads are kept (``None``: until someone removes them)."""

    redact: bool = True
    retention: timedelta | None = None


@dataclass(frozen=True)
class CheckSettings:
    """``check:``: how ``seamguard check`` gates a change.

    ``base`` is the git ref compared with when ``--base`` is not given (None: the merge base of
    HEAD with the default branch); ``fetch`` whether check may ``git fetch`` what a shallow clone
    lacks."""

    base: str | None = None
    policy: Policy = "lenient"
    unread_breaking: Severity = "error"
    fetch: bool = True

    def gate(self) -> GateSettings:
        """The part of these settings the pure gate reads."""
        return GateSettings(policy=self.policy, unread_breaking=self.unread_breaking)


@dataclass(frozen=True)
class Workspace:
    version: int
    name: str | None
    store: str
    contracts: tuple[str, ...]
    owners: Mapping[str, OwnerSettings]
    systems: Mapping[str, SystemSettings]
    sources: Mapping[str, SourceSettings]
    flows: Mapping[str, FlowSettings]
    slos: Mapping[str, Mapping[str, Band]]  # criticality -> domain -> band overrides
    domains: Mapping[str, DomainSettings]
    privacy: PrivacySettings = PrivacySettings()
    check: CheckSettings = CheckSettings()
    waivers: tuple[Waiver, ...] = ()


_TOP = {
    "version",
    "name",
    "store",
    "contracts",
    "owners",
    "systems",
    "sources",
    "flows",
    "slos",
    "domains",
    "waivers",
    "privacy",
    "check",
}
_CHECK_KEYS = {"base", "policy", "unread_breaking", "fetch"}
_WAIVER_KEYS = ("rule", "contract", "path", "reason", "expires")


def _err(message: str, pointer: str) -> ConfigError:
    return ConfigError(message, location=Location(pointer=pointer))


def _ptr(*tokens: str | int) -> str:
    return jp.join(tokens)


def _map(value: Any, pointer: str, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _err(f"{what} must be a mapping", pointer)
    return value


def _keys(node: Mapping[str, Any], allowed: set[str], pointer: str, what: str) -> None:
    for key in node:
        if key not in allowed:
            raise _err(
                f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})",
                _ptr(*jp.parse(pointer), str(key)),
            )


def _str(
    node: Mapping[str, Any], key: str, pointer: str, what: str, *, required: bool = True
) -> Any:
    if key not in node or node[key] is None:
        if required:
            raise _err(f"{what} needs {key!r}", pointer)
        return None
    value = node[key]
    if not isinstance(value, str) or not value:
        raise _err(f"{key} must be a non-empty string", _ptr(*jp.parse(pointer), key))
    return value


def _instance_pointer(value: Any, pointer: str, what: str) -> str:
    if not isinstance(value, str):
        raise _err(f"{what} must be a JSON pointer like /id", pointer)
    try:
        jp.parse(value)
    except jp.PointerSyntaxError:
        raise _err(
            f"{what} must be a JSON pointer starting with '/'; got {value!r}", pointer
        ) from None
    return value


def parse_duration(value: Any, pointer: str) -> timedelta:
    """``15m``, ``24h``, ``7d``: the duration syntax of every time setting."""
    if isinstance(value, str):
        m = _DURATION.match(value.strip())
        if m:
            n, unit = int(m.group(1)), m.group(2)
            if n > 36_500 * 86_400:  # beyond a century in any unit is a typo, and overflows
                raise _err(f"duration {value!r} is too long", pointer)
            return {
                "s": timedelta(seconds=n),
                "m": timedelta(minutes=n),
                "h": timedelta(hours=n),
                "d": timedelta(days=n),
                "w": timedelta(weeks=n),
            }[unit]
    raise _err(f"a duration looks like 30s, 15m, 24h or 7d; got {value!r}", pointer)


def expand_vars(value: str, env: Mapping[str, str], pointer: str) -> str:
    """Replace ``${VAR}`` with the environment's value; a missing variable is an error."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in env:
            raise _err(f"environment variable {name} is not set", pointer)
        return env[name]

    return _VAR.sub(sub, value)


def workspace_from_mapping(doc: Any, env: Mapping[str, str]) -> Workspace:
    """Validate and freeze a parsed ``seamguard.yaml``."""
    if not isinstance(doc, Mapping):
        raise _err("seamguard.yaml must be a mapping of settings", "")
    _keys(doc, _TOP, "", "seamguard.yaml")
    if "version" not in doc:
        raise _err("missing 'version: 1'", "")
    if (
        not isinstance(doc["version"], int)
        or isinstance(doc["version"], bool)
        or doc["version"] != FORMAT_VERSION
    ):
        raise _err(
            f"this seamguard reads workspace format version {FORMAT_VERSION}; got {doc['version']!r}",
            "/version",
        )
    store = doc.get("store", DEFAULT_STORE)
    if not isinstance(store, str):
        raise _err("store must be a URL string (sqlite:///... or postgresql://...)", "/store")
    store = expand_vars(store, env, "/store")
    if not store.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
        raise _err("store must start with sqlite:/// or postgresql://", "/store")

    contracts_node = doc.get("contracts", ["contracts"])
    if isinstance(contracts_node, str):
        contracts_node = [contracts_node]
    if not isinstance(contracts_node, list) or not all(isinstance(c, str) for c in contracts_node):
        raise _err("contracts must be a list of folders or globs", "/contracts")

    owners = {}
    for name, node in _map(doc.get("owners"), "/owners", "owners").items():
        p = _ptr("owners", name)
        node = _map(node, p, f"owner {name}")
        _keys(node, {"contact"}, p, f"owner {name}")
        owners[name] = OwnerSettings(
            name=name, contact=_str(node, "contact", p, "owner", required=False)
        )

    systems = {}
    for name, node in _map(doc.get("systems"), "/systems", "systems").items():
        p = _ptr("systems", name)
        _check_name(name, p)
        node = _map(node, p, f"system {name}")
        _keys(node, {"platform", "description"}, p, f"system {name}")
        systems[name] = SystemSettings(
            name=name,
            platform=_str(node, "platform", p, "system", required=False),
            description=_str(node, "description", p, "system", required=False),
        )

    sources = {}
    for name, node in _map(doc.get("sources"), "/sources", "sources").items():
        p = _ptr("sources", name)
        _check_name(name, p)
        node = _map(node, p, f"source {name}")
        _keys(
            node,
            {"system", "path", "contract", "format", "sequence", "columns"},
            p,
            f"source {name}",
        )
        system = _str(node, "system", p, f"source {name}")
        if system not in systems:
            raise _err(
                f"source {name} names system {system!r}, which is not under systems:",
                _ptr("sources", name, "system"),
            )
        fmt = _str(node, "format", p, "source", required=False)
        if fmt is not None and fmt not in SOURCE_FORMATS:
            raise _err(
                f"format must be one of {', '.join(SOURCE_FORMATS)}",
                _ptr("sources", name, "format"),
            )
        sources[name] = SourceSettings(
            name=name,
            system=system,
            path=_str(node, "path", p, f"source {name}"),
            contract=_str(node, "contract", p, f"source {name}"),
            format=fmt,
            sequence=_sequence(node.get("sequence"), _ptr("sources", name, "sequence")),
            columns=_columns(node.get("columns"), fmt, _ptr("sources", name, "columns")),
        )

    flows = {}
    for name, node in _map(doc.get("flows"), "/flows", "flows").items():
        flows[name] = _flow(name, node, sources, owners)

    slos: dict[str, dict[str, Band]] = {}
    for tier, node in _map(doc.get("slos"), "/slos", "slos").items():
        p = _ptr("slos", tier)
        if tier not in CRITICALITIES:
            raise _err(
                f"slos are keyed by criticality ({', '.join(CRITICALITIES)}); got {tier!r}", p
            )
        tier_node = _map(node, p, f"slos.{tier}")
        slos[tier] = {}
        for domain, band_node in tier_node.items():
            bp = _ptr("slos", tier, domain)
            if domain not in DOMAIN_IDS:
                raise _err(f"unknown domain {domain!r} (known: {', '.join(DOMAIN_IDS)})", bp)
            band_node = _map(band_node, bp, "a band")
            _keys(band_node, {"objective", "warning"}, bp, "a band")
            vals = {}
            for key in ("objective", "warning"):
                if key not in band_node:
                    raise _err("a band needs objective and warning", bp)
                v = band_node.get(key)
                if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                    raise _err(f"{key} must be a finite number", _ptr("slos", tier, domain, key))
                vals[key] = float(v)
            default = DEFAULT_BANDS[tier][domain]
            _check_band(vals["objective"], vals["warning"], default, _ptr("slos", tier, domain))
            slos[tier][domain] = Band(
                objective=vals["objective"],
                warning=vals["warning"],
                higher_is_better=default.higher_is_better,
                unit=default.unit,
            )

    domains = {}
    for domain, node in _map(doc.get("domains"), "/domains", "domains").items():
        p = _ptr("domains", domain)
        if domain not in DOMAIN_IDS:
            raise _err(f"unknown domain {domain!r} (known: {', '.join(DOMAIN_IDS)})", p)
        node = _map(node, p, f"domain {domain}")
        _keys(node, {"owner"}, p, f"domain {domain}")
        owner = _str(node, "owner", p, "domain", required=False)
        if owner is not None and owners and owner not in owners:
            raise _err(f"owner {owner!r} is not under owners:", _ptr("domains", domain, "owner"))
        domains[domain] = DomainSettings(owner=owner)

    ws_name = doc.get("name")
    if ws_name is not None and not isinstance(ws_name, str):
        raise _err("name must be a string", "/name")
    return Workspace(
        version=FORMAT_VERSION,
        name=ws_name,
        store=store,
        contracts=tuple(contracts_node),
        owners=owners,
        systems=systems,
        sources=sources,
        flows=flows,
        slos=slos,
        domains=domains,
        privacy=_privacy(doc.get("privacy")),
        check=_check(doc.get("check")),
        waivers=_waivers(doc.get("waivers")),
    )


def _check_band(objective: float, warning: float, default: Band, pointer: str) -> None:
    """A band must make sense for its SLI: percentages within 0-100, hours not negative, and the
    warning edge on the breach side of the objective."""
    if default.unit == "%":
        for name, v in (("objective", objective), ("warning", warning)):
            if not 0 <= v <= 100:
                raise _err(
                    f"{name} is a percentage: between 0 and 100; got {v:g}", f"{pointer}/{name}"
                )
    elif objective < 0 or warning < 0:
        raise _err(f"a band in {default.unit} cannot be negative", pointer)
    if default.higher_is_better and warning > objective:
        raise _err(
            f"warning ({warning:g}) must not be above objective ({objective:g}): higher is better here",
            f"{pointer}/warning",
        )
    if not default.higher_is_better and warning < objective:
        raise _err(
            f"warning ({warning:g}) must not be below objective ({objective:g}): lower is better here",
            f"{pointer}/warning",
        )


def _sequence(node: Any, pointer: str) -> Sequence | None:
    if node is None:
        return None
    node = _map(node, pointer, "sequence")
    _keys(node, {"key", "by"}, pointer, "sequence")
    if "key" not in node or "by" not in node:
        raise _err(
            "sequence needs key (a pointer or list of pointers) and by (a timestamp pointer)",
            pointer,
        )
    keys = node["key"] if isinstance(node["key"], list) else [node["key"]]
    return Sequence(
        key=tuple(
            _instance_pointer(k, _ptr(*jp.parse(pointer), "key", i), "sequence key")
            for i, k in enumerate(keys)
        ),
        by=_instance_pointer(node["by"], _ptr(*jp.parse(pointer), "by"), "sequence by"),
    )


def _privacy(node: Any) -> PrivacySettings:
    """``privacy: {redact: true, retention: 30d}``; both optional."""
    node = _map(node, "/privacy", "privacy")
    _keys(node, {"redact", "retention"}, "/privacy", "privacy")
    redact = node.get("redact", True)
    if not isinstance(redact, bool):
        raise _err("redact must be true or false", "/privacy/redact")
    retention = None
    if node.get("retention") is not None:
        retention = parse_duration(node["retention"], "/privacy/retention")
        if retention <= timedelta(0):
            # 0d would blank a payload in the very run that quarantined it: surely a typo.
            raise _err(
                "retention must be longer than 0 (leave it out to keep payloads)",
                "/privacy/retention",
            )
    return PrivacySettings(redact=redact, retention=retention)


def _check(node: Any) -> CheckSettings:
    """``check: {base: origin/main, policy: strict, unread_breaking: warning, fetch: false}``."""
    node = _map(node, "/check", "check")
    _keys(node, _CHECK_KEYS, "/check", "check")
    base = _str(node, "base", "/check", "check", required=False)
    policy = node.get("policy", "lenient")
    if policy not in POLICIES:
        raise _err(f"policy must be one of {', '.join(POLICIES)}; got {policy!r}", "/check/policy")
    unread = node.get("unread_breaking", "error")
    if unread not in UNREAD_SEVERITIES:
        raise _err(
            f"unread_breaking must be one of {', '.join(UNREAD_SEVERITIES)}; got {unread!r}",
            "/check/unread_breaking",
        )
    fetch = node.get("fetch", True)
    if not isinstance(fetch, bool):
        raise _err("fetch must be true or false", "/check/fetch")
    return CheckSettings(
        base=base,
        policy=cast(Policy, policy),
        unread_breaking=cast(Severity, unread),
        fetch=fetch,
    )


def _waivers(node: Any) -> tuple[Waiver, ...]:
    """``waivers: [{rule, contract, path, reason, expires}, ...]``: accepted findings."""
    if node is None:
        return ()
    if not isinstance(node, list):
        raise _err("waivers must be a list of {rule, contract, path, reason, expires}", "/waivers")
    out: list[Waiver] = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, item in enumerate(node):
        wp = _ptr("waivers", i)
        if not isinstance(item, Mapping):
            raise _err("a waiver must be a mapping of rule, contract, path, reason, expires", wp)
        _keys(item, set(_WAIVER_KEYS), wp, "a waiver")
        for key in _WAIVER_KEYS:
            if key not in item:
                raise _err(f"a waiver needs {key!r} ({', '.join(_WAIVER_KEYS)})", wp)
        waiver = Waiver(
            rule=_waiver_rule(item["rule"], _ptr("waivers", i, "rule")),
            contract=_waiver_contract(item["contract"], _ptr("waivers", i, "contract")),
            path=_waiver_path(item["path"], _ptr("waivers", i, "path")),
            reason=_reason(item["reason"], _ptr("waivers", i, "reason")),
            expires=_date(item["expires"], _ptr("waivers", i, "expires")),
            index=i,
        )
        identity = (waiver.rule, waiver.contract, waiver.path)
        if identity in seen:
            raise _err(
                f"waiver {i} repeats waiver {seen[identity]} (same rule, contract and path); keep one",
                wp,
            )
        seen[identity] = i
        out.append(waiver)
    return tuple(out)


_RULES_HINT = "compatibility rules: `seamguard rules`; gate rules: docs/ci.md"
# Findings about waivers themselves cannot be waived: that would silence the reminder to renew
# or delete the very waiver doing it.
_UNWAIVABLE = ("waiver-expired", "waiver-unused")


def _waiver_rule(value: Any, pointer: str) -> str:
    if not isinstance(value, str) or not value:
        raise _err(f"rule must be a rule id ({_RULES_HINT})", pointer)
    if value in _UNWAIVABLE:
        raise _err(
            f"{value} cannot be waived: renew the waiver it is about (a new expires and reason) "
            "or delete it",
            pointer,
        )
    known = known_rule_ids() - set(_UNWAIVABLE)
    if value not in known:
        close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else f" ({_RULES_HINT})"
        raise _err(f"unknown rule id {value!r}{hint}", pointer)
    return value


def _reason(value: Any, pointer: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _err("reason must say why the finding is accepted (a non-empty string)", pointer)
    return value


def _waiver_contract(value: Any, pointer: str) -> str:
    if not isinstance(value, str) or not CONTRACT_ID.match(value):
        raise _err(
            f"contract must be a contract id like commerce.order (lowercase, dotted); got {value!r}",
            pointer,
        )
    return value


def _waiver_path(value: Any, pointer: str) -> str:
    # The instance path of the finding waived: "" is the whole record (a contract-level
    # finding such as a version bump), so unlike other pointers here the root is allowed.
    if not isinstance(value, str):
        raise _err(f'path must be a JSON pointer ("" or /like/this); got {value!r}', pointer)
    if value == "/":
        # check shows a contract-level finding's path as "/"; a waiver copied from its output
        # means the whole contract, not a property named "" (which contracts never have)
        return ""
    try:
        jp.parse(value)
    except jp.PointerSyntaxError:
        raise _err(
            f'path must be a JSON pointer: "" or / for the whole record, or starting with '
            f"'/'; got {value!r}",
            pointer,
        ) from None
    return value


def _date(value: Any, pointer: str) -> date:
    """A calendar date: YAML's own (an unquoted 2027-03-01) or the string YYYY-MM-DD."""
    if isinstance(value, datetime):  # a timestamp is more than a date: surely not meant
        raise _err(f"expires must be a date YYYY-MM-DD, not a timestamp; got {value}", pointer)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _err(f"expires must be a date YYYY-MM-DD; got {value!r}", pointer)


def _columns(node: Any, fmt: str | None, pointer: str) -> tuple[tuple[str, str | None], ...]:
    """``columns: {total_price: /total, "customer email": /customer/email, note: null}``."""
    if node is None:
        return ()
    node = _map(node, pointer, "columns")
    if fmt is not None and fmt not in TABLE_FORMATS:
        raise _err(
            f"columns maps the columns of {' and '.join(TABLE_FORMATS)} files; "
            f"this source is {fmt}",
            pointer,
        )
    out: list[tuple[str, str | None]] = []
    placed: dict[tuple[str, ...], str] = {}
    for column, target in node.items():
        at = _ptr(*jp.parse(pointer), str(column))
        if not isinstance(column, str) or not column:
            raise _err("a column name must be a non-empty string", at)
        if target is None:
            out.append((column, None))
            continue
        _instance_pointer(target, at, f"column {column!r}")
        tokens = jp.parse(target)
        if not tokens:
            raise _err(f"column {column!r} must go to a member (/total), not the root", at)
        if jp.WILDCARD in tokens:
            raise _err(f"column {column!r} goes to one place: {target!r} has '*'", at)
        for other, other_column in placed.items():
            shorter = min(len(other), len(tokens))
            if other[:shorter] == tokens[:shorter]:
                raise _err(
                    f"columns {other_column!r} and {column!r} write the same place "
                    f"({jp.join(other)}, {target})",
                    at,
                )
        placed[tokens] = column
        out.append((column, target))
    return tuple(out)


def _check_name(name: Any, pointer: str) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise _err(f"names use letters, digits, '.', '_' and '-'; got {name!r}", pointer)


def _flow(
    name: str, node: Any, sources: Mapping[str, SourceSettings], owners: Mapping[str, OwnerSettings]
) -> FlowSettings:
    p = _ptr("flows", name)
    _check_name(name, p)
    node = _map(node, p, f"flow {name}")
    _keys(
        node,
        {
            "domain",
            "from",
            "to",
            "key",
            "compare",
            "time",
            "sla",
            "missing_after",
            "owner",
            "description",
            "cardinality",
            "limit",
        },
        p,
        f"flow {name}",
    )
    domain = _str(node, "domain", p, f"flow {name}")
    if domain not in DOMAIN_IDS:
        raise _err(
            f"unknown domain {domain!r} (known: {', '.join(DOMAIN_IDS)})",
            _ptr("flows", name, "domain"),
        )
    ends = {}
    for end in ("from", "to"):
        src = _str(node, end, p, f"flow {name}")
        if src not in sources:
            raise _err(
                f"flow {name} reads source {src!r}, which is not under sources:",
                _ptr("flows", name, end),
            )
        ends[end] = src
    if "key" not in node:
        raise _err(f"flow {name} needs key: {{from: /id, to: /external_id}}", p)
    key = node["key"]
    kp = _ptr("flows", name, "key")
    if isinstance(key, str):
        key_from = key_to = _instance_pointer(key, kp, "key")
    else:
        key = _map(key, kp, "key")
        _keys(key, {"from", "to"}, kp, "key")
        if "from" not in key or "to" not in key:
            raise _err("key needs from and to", kp)
        key_from = _instance_pointer(key["from"], _ptr("flows", name, "key", "from"), "key.from")
        key_to = _instance_pointer(key["to"], _ptr("flows", name, "key", "to"), "key.to")
    compare = []
    raw_compare = node.get("compare") or []
    if not isinstance(raw_compare, list):
        raise _err("compare must be a list", _ptr("flows", name, "compare"))
    for i, item in enumerate(raw_compare):
        cp = _ptr("flows", name, "compare", i)
        if isinstance(item, str):
            path = _instance_pointer(item, cp, "compare entry")
            compare.append(CompareField(from_path=path, to_path=path))
            continue
        item = _map(item, cp, "compare entry")
        _keys(
            item,
            {"from", "to", "as", "from_minor_units", "to_minor_units", "currency"},
            cp,
            "compare entry",
        )
        if "from" not in item or "to" not in item:
            raise _err("compare entry needs from and to", cp)
        as_ = item.get("as", "value")
        if as_ not in COMPARE_AS:
            raise _err(
                f"as must be one of {', '.join(COMPARE_AS)}",
                _ptr("flows", name, "compare", i, "as"),
            )
        currency = item.get("currency")
        if currency is not None:
            currency = _instance_pointer(
                currency, _ptr("flows", name, "compare", i, "currency"), "currency"
            )
        for flag in ("from_minor_units", "to_minor_units"):
            if flag in item and not isinstance(item[flag], bool):
                raise _err(f"{flag} must be true or false", _ptr("flows", name, "compare", i, flag))
        if (
            as_ == "money"
            and (item.get("from_minor_units") or item.get("to_minor_units"))
            and currency is None
        ):
            raise _err("comparing minor units needs currency: a pointer on the from side", cp)
        compare.append(
            CompareField(
                from_path=_instance_pointer(
                    item["from"], _ptr("flows", name, "compare", i, "from"), "from"
                ),
                to_path=_instance_pointer(
                    item["to"], _ptr("flows", name, "compare", i, "to"), "to"
                ),
                as_=as_,
                from_minor_units=bool(item.get("from_minor_units", False)),
                to_minor_units=bool(item.get("to_minor_units", False)),
                currency=currency,
            )
        )
    time_from = time_to = None
    if node.get("time") is not None:
        tp = _ptr("flows", name, "time")
        t = _map(node["time"], tp, "time")
        _keys(t, {"from", "to"}, tp, "time")
        if "from" in t:
            time_from = _instance_pointer(
                t["from"], _ptr("flows", name, "time", "from"), "time.from"
            )
        if "to" in t:
            time_to = _instance_pointer(t["to"], _ptr("flows", name, "time", "to"), "time.to")
    sla = parse_duration(node.get("sla", "15m"), _ptr("flows", name, "sla"))
    missing_after = parse_duration(
        node.get("missing_after", "24h"), _ptr("flows", name, "missing_after")
    )
    if missing_after < sla:
        raise _err(
            "missing_after must not be shorter than sla", _ptr("flows", name, "missing_after")
        )
    owner = _str(node, "owner", p, "flow", required=False)
    if owner is not None and owners and owner not in owners:
        raise _err(f"owner {owner!r} is not under owners:", _ptr("flows", name, "owner"))
    cardinality = node.get("cardinality", "one_to_one")
    if cardinality not in CARDINALITIES:
        raise _err(
            f"cardinality must be one of {', '.join(CARDINALITIES)}",
            _ptr("flows", name, "cardinality"),
        )
    limit = None
    if node.get("limit") is not None:
        lp = _ptr("flows", name, "limit")
        ln = _map(node["limit"], lp, "limit")
        _keys(ln, {"from", "to", "from_minor_units", "to_minor_units", "currency"}, lp, "limit")
        if "from" not in ln or "to" not in ln:
            raise _err("limit needs from (the amount summed per key) and to (the ceiling)", lp)
        limit = Limit(
            from_path=_instance_pointer(
                ln["from"], _ptr("flows", name, "limit", "from"), "limit.from"
            ),
            to_path=_instance_pointer(ln["to"], _ptr("flows", name, "limit", "to"), "limit.to"),
            from_minor_units=bool(ln.get("from_minor_units", False)),
            to_minor_units=bool(ln.get("to_minor_units", False)),
            currency=(
                _instance_pointer(
                    ln["currency"], _ptr("flows", name, "limit", "currency"), "limit.currency"
                )
                if ln.get("currency") is not None
                else None
            ),
        )
    return FlowSettings(
        name=name,
        domain=domain,
        from_source=ends["from"],
        to_source=ends["to"],
        key_from=key_from,
        key_to=key_to,
        compare=tuple(compare),
        time_from=time_from,
        time_to=time_to,
        sla=sla,
        missing_after=missing_after,
        owner=owner,
        cardinality=cardinality,
        limit=limit,
    )
