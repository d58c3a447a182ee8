"""Use case: check a workspace and its contracts without reading any data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from seamguard.adapters.contract_yaml import locate_in_file
from seamguard.adapters.workspace_yaml import LoadedWorkspace, load_workspace
from seamguard.app.scan import compile_workspace_contract
from seamguard.core import pointer as jp
from seamguard.core.contract import RULE_KINDS, Contract, RuleSpec, thaw
from seamguard.core.gate.check import check_contract
from seamguard.core.gate.subject import GateSettings
from seamguard.core.schema_paths import declares, subschemas_at
from seamguard.errors import Location


@dataclass(frozen=True, order=True)
class LintFinding:
    """One problem lint found; ``code`` is a stable id."""

    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    pointer: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class LintResult:
    workspace: str
    contracts: int
    findings: tuple[LintFinding, ...]


def _at(loc: Location, severity: str, code: str, message: str) -> LintFinding:
    return LintFinding(
        file=loc.file or "?",
        line=loc.line or 1,
        column=loc.column or 1,
        severity=severity,
        code=code,
        message=message,
        pointer=loc.pointer or "",
    )


def _contract_loc(contract: Contract, pointer: str) -> Location:
    file = contract.source_file or contract.id
    if file.startswith("<starter>"):
        return Location(file=file, pointer=pointer)
    path = Path(file) if Path(file).is_absolute() else Path.cwd() / file
    return locate_in_file(path, pointer, display=file)


def lint_workspace(path: Path) -> LintResult:
    """Load (errors raise, exit 2), compile every contract, then check every pointer."""
    ws = load_workspace(path)
    findings: list[LintFinding] = []
    for cid in sorted(ws.contracts):
        compile_workspace_contract(ws, cid)
        findings.extend(_lint_contract(ws.contracts[cid]))
    findings.extend(_lint_flows(ws))
    findings.extend(_lint_columns(ws))
    return LintResult(
        workspace=str(ws.root), contracts=len(ws.contracts), findings=tuple(sorted(findings))
    )


def _lint_contract(c: Contract) -> list[LintFinding]:
    schema = thaw(c.schema)
    out: list[LintFinding] = []
    for rule in c.rules:
        for param, where, ptr in _rule_pointers(rule):
            if not declares(schema, ptr):
                out.append(
                    _at(
                        _contract_loc(c, f"{rule.pointer}/{where}"),
                        "error",
                        "rule-path-undeclared",
                        f"rule {rule.id}: {param} {ptr} is not declared in the schema",
                    )
                )
        if rule.kind == "money" and isinstance(rule.params.get("amount"), str):
            for sub in subschemas_at(schema, rule.params["amount"]):
                step = sub.get("multipleOf")
                if isinstance(step, int | float) and not isinstance(step, bool) and step < 1:
                    out.append(
                        _at(
                            _contract_loc(c, f"{rule.pointer}/amount"),
                            "warning",
                            "money-multipleof",
                            f"rule {rule.id}: multipleOf {step} on a money field is checked with binary "
                            "floats by validators (143.48 fails multipleOf 0.01); the money rule already "
                            "checks decimal places exactly — drop multipleOf",
                        )
                    )
    for i, consumer in enumerate(c.consumers):
        for j, read in enumerate(consumer.reads):
            if not declares(schema, read):
                out.append(
                    _at(
                        _contract_loc(c, f"/consumers/{i}/reads/{j}"),
                        "warning",
                        "consumer-path-undeclared",
                        f"consumer {consumer.system} reads {read}, which the schema does not declare",
                    )
                )
    for i, dep in enumerate(c.deprecations):
        if not declares(schema, dep.path):
            out.append(
                _at(
                    _contract_loc(c, f"/deprecations/{i}/path"),
                    "warning",
                    "deprecation-path-undeclared",
                    f"deprecated path {dep.path} is not declared in the schema",
                )
            )
        replacement = dep.replacement or ""
        if replacement.startswith("/") and not declares(schema, replacement):
            out.append(
                _at(
                    _contract_loc(c, f"/deprecations/{i}/replacement"),
                    "warning",
                    "deprecation-replacement-undeclared",
                    f"the replacement {replacement} of {dep.path} is not declared in the schema: "
                    "consumers told to move there would find nothing",
                )
            )
    out.extend(_lint_deprecations(c))
    for i, ptr in enumerate(c.personal_data):
        if not declares(schema, ptr):
            out.append(
                _at(
                    _contract_loc(c, f"/personal_data/{i}"),
                    "warning",
                    "personal-data-path-undeclared",
                    f"personal data path {ptr} is not declared in the schema",
                )
            )
    return out


#: Gate rules that judge a contract on its own, without its history: lint reports them early
#: (``seamguard check`` reports a deprecation without a reason only when it is new, as an error).
_GATE_ON_ITS_OWN = {"deprecation-invalid": "error", "deprecation-unexplained": "warning"}


def _lint_deprecations(c: Contract) -> list[LintFinding]:
    check = check_contract(
        c.id,
        head=c,
        head_file=c.source_file,
        released=(),
        as_of=date.today(),  # neither rule reads the date
        settings=GateSettings(),
    )
    return [
        _at(_contract_loc(c, f.pointer), _GATE_ON_ITS_OWN[f.rule], f.rule, f.message)
        for f in check.findings
        if f.rule in _GATE_ON_ITS_OWN
    ]


def _rule_pointers(rule: RuleSpec) -> list[tuple[str, str, str]]:
    """Every instance pointer a rule names: (parameter, where in the rule, pointer), from the
    parameter types its kind declares."""
    out: list[tuple[str, str, str]] = []
    for name, param in RULE_KINDS.get(rule.kind, {}).items():
        value = rule.params.get(name)
        if value is None:
            continue
        if param.type == "pointer" and isinstance(value, str):
            out.append((name, name, value))
        elif param.type in ("pointers", "signed-pointers") and isinstance(value, list | tuple):
            for i, ptr in enumerate(value):
                if isinstance(ptr, str):
                    out.append((name, f"{name}/{i}", ptr.removeprefix("-")))
        elif param.type == "pointer-sets" and isinstance(value, list | tuple):
            for i, group in enumerate(value):
                for j, ptr in enumerate(group if isinstance(group, list | tuple) else ()):
                    if isinstance(ptr, str):
                        out.append((name, f"{name}/{i}/{j}", ptr))
    return out


def _lint_columns(ws: LoadedWorkspace) -> list[LintFinding]:
    """A source's ``columns`` must place cells where its contract's schema declares a field."""
    out: list[LintFinding] = []
    for name, source in ws.settings.sources.items():
        contract = ws.contracts[source.contract]
        schema = thaw(contract.schema)
        for column, ptr in source.columns:
            if ptr is None or declares(schema, ptr):
                continue
            out.append(
                _at(
                    ws.document.locate(jp.join(["sources", name, "columns", column])),
                    "error",
                    "column-path-undeclared",
                    f"source {name}: column {column!r} goes to {ptr}, which contract "
                    f"{contract.id} does not declare",
                )
            )
    return out


def _lint_flows(ws: LoadedWorkspace) -> list[LintFinding]:
    out: list[LintFinding] = []
    for name, flow in ws.settings.flows.items():
        sides = {
            "from": ws.contracts[ws.settings.sources[flow.from_source].contract],
            "to": ws.contracts[ws.settings.sources[flow.to_source].contract],
        }
        checks: list[tuple[str, str, str]] = [
            ("from", flow.key_from, "key/from"),
            ("to", flow.key_to, "key/to"),
        ]
        if flow.time_from:
            checks.append(("from", flow.time_from, "time/from"))
        if flow.time_to:
            checks.append(("to", flow.time_to, "time/to"))
        for i, field in enumerate(flow.compare):
            checks.append(("from", field.from_path, f"compare/{i}"))
            checks.append(("to", field.to_path, f"compare/{i}"))
        for side, ptr, where in checks:
            contract = sides[side]
            if not declares(thaw(contract.schema), ptr):
                doc_ptr = jp.join(["flows", name, *jp.parse("/" + where)])
                out.append(
                    _at(
                        ws.document.locate(doc_ptr),
                        "error",
                        "flow-path-undeclared",
                        f"flow {name}: {ptr} is not declared in contract {contract.id} ({side} side)",
                    )
                )
    return out
