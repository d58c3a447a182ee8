"""``seamguard check`` output: the gate's verdict per contract and its findings as terminal text,
JSON, and Markdown for a pull-request comment (SARIF and JUnit are in sarif.py and junit.py).

Every renderer lists the contracts by id, each contract's findings in one order (counted ones
first, then errors before warnings before infos, then instance path, rule, pointer) and the
findings about waivers last, in the order the waivers are declared. Messages are shown as they
are, control characters escaped, and never read as markup (in Markdown, emphasis, code, link and
HTML characters are escaped and ``@mentions`` neutralised). A contract-level finding (path
``""``) is shown at ``/`` (the JSON keeps ``""``); the released versions a finding was found
against are shown whenever they are not just the contract's base version, and the other paths a
change reaches (a shared ``$defs`` entry) as ``also at``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from seamguard.core.gate.model import (
    SEVERITY_RANK,
    CheckResult,
    ContractCheck,
    Finding,
    Revision,
    Verdict,
    finding_counts,
    reaches,
    verdict_of,
)
from seamguard.core.timeutil import rfc3339
from seamguard.errors import Location
from seamguard.render.diff import md_cell, md_code
from seamguard.render.plain import plural
from seamguard.render.report_json import render_report_json
from seamguard.render.report_text import DASH, clean

__all__ = [
    "MARKDOWN_LIMIT",
    "SAME_COMMIT_NOTE",
    "against_note",
    "also_at_note",
    "check_document",
    "check_json",
    "check_markdown",
    "check_text",
    "consumers_note",
    "counts_phrase",
    "finding_paths",
    "location_text",
    "md_text",
    "ordered_contracts",
    "ordered_findings",
    "revision_text",
    "short_commit",
    "shown_path",
    "summary_line",
    "waiver_note",
]

#: GitHub refuses a comment body longer than this many characters.
MARKDOWN_LIMIT: Final = 65_536

_VERDICT_STYLES: Final = {"fail": "bold red", "warn": "yellow", "pass": "green"}
_VERDICT_SYMBOLS: Final = {"fail": "✗", "warn": "▲", "pass": "✓"}
_VERDICT_EMOJI: Final = {"fail": "❌", "warn": "⚠️", "pass": "✅"}
_VERDICT_PAST: Final = {"fail": "failed", "warn": "warned", "pass": "passed"}
_SEVERITY_STYLES: Final = {"error": "bold red", "warning": "yellow", "info": "dim"}
_UNREAD_WORDS: Final = "no declared consumer reads it"
_UNREAD: Final = f"({_UNREAD_WORDS})"
_SHORT_SHA: Final = 7
#: git abbreviates a commit id to no fewer hex digits than this.
_MIN_ABBREV: Final = 4
#: How many other instance paths a finding lists before counting the rest.
_ALSO_AT: Final = 3
#: Shown under the summary when the base resolved to the head's own commit: the default branch
#: right after a merge, or a feature branch with no commits of its own.
SAME_COMMIT_NOTE: Final = (
    "nothing is committed on top of the base: only uncommitted changes are compared; "
    "to check what a release changed, pass --base with the previous release tag or commit"
)


# --- shared by every renderer -----------------------------------------------------------------


def ordered_contracts(result: CheckResult) -> list[ContractCheck]:
    """The contracts by id (ids are unique within one check)."""
    return sorted(result.contracts, key=lambda c: c.contract)


def ordered_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Counted findings before waived ones, then errors first, instance path, rule, pointer."""
    return sorted(
        findings,
        key=lambda f: (
            f.waived is not None,
            -SEVERITY_RANK[f.severity],
            f.path,
            f.rule,
            f.pointer,
            f.message,
        ),
    )


def short_commit(commit: str) -> str:
    """The abbreviated commit id git shows by default."""
    return commit[:_SHORT_SHA]


def shown_path(path: str) -> str:
    """An instance path as reports show it: the whole contract (``""``) is ``/``."""
    return path or "/"


def finding_paths(finding: Finding) -> tuple[str, ...]:
    """Every instance path the finding's change reaches, ``path`` first (a change in a shared
    ``$defs`` entry reaches several)."""
    return tuple(dict.fromkeys((finding.path, *finding.paths)))


def also_at_note(finding: Finding) -> str | None:
    """``also at /to/country, /lines/*/country (+2 more)`` for a change that reaches more than
    one instance path; None when it reaches one."""
    others = finding_paths(finding)[1:]
    if not others:
        return None
    listed = ", ".join(shown_path(p) for p in others[:_ALSO_AT])
    more = len(others) - _ALSO_AT
    return f"also at {listed}" + (f" (+{more:,} more)" if more > 0 else "")


def against_note(finding: Finding, base_version: str | None) -> str | None:
    """``against 1.4.0, 1.3.0``: the released versions a finding was found against, unless that
    is just the base version (what every finding of the contract is compared with)."""
    if not finding.against or finding.against == (base_version,):
        return None
    return "against " + ", ".join(finding.against)


def location_text(location: Location | None) -> str | None:
    """``file:line:col`` where the line is known, else ``file at /pointer`` (or ``at /pointer``
    with no file); None when nothing is known."""
    if location is None:
        return None
    if location.file and location.line is not None:
        where = f"{location.file}:{location.line}"
        return where if location.column is None else f"{where}:{location.column}"
    at = f"at {location.pointer or '/'}" if location.pointer is not None else None
    if location.file:
        return location.file if at is None else f"{location.file} {at}"
    return at


def consumers_note(finding: Finding) -> str | None:
    """``reads: erp, wms`` for a change some consumer reads, the unread note for one none does,
    None for a finding that is not about a change consumers could read."""
    if finding.consumers:
        return "reads: " + ", ".join(finding.consumers)
    if finding.unread:
        return _UNREAD
    return None


def waiver_note(finding: Finding) -> str | None:
    """``waived until 2027-01-31: reason`` (the expiry is the last day it applies)."""
    if finding.waived is None:
        return None
    return f"waived until {finding.waived.expires.isoformat()}: {finding.waived.reason}"


def counts_phrase(counts: dict[str, int]) -> str:
    """``2 errors, 1 warning, 1 waived``; severities nobody hit are left out."""
    parts = [
        plural(counts["error"], "error") if counts["error"] else "",
        plural(counts["warning"], "warning") if counts["warning"] else "",
        f"{counts['info']:,} info" if counts["info"] else "",
        f"{counts['waived']:,} waived" if counts["waived"] else "",
    ]
    return ", ".join(p for p in parts if p) or "no findings"


def _contract_verdicts(result: CheckResult) -> dict[Verdict, int]:
    out: dict[Verdict, int] = {"fail": 0, "warn": 0, "pass": 0}
    for c in result.contracts:
        out[c.verdict] += 1
    return out


def _names_commit(rev: Revision) -> bool:
    """Whether the ref as given is the commit id itself (or an abbreviation of it)."""
    ref = rev.ref.lower()
    return len(ref) >= _MIN_ABBREV and rev.commit.lower().startswith(ref)


def _revision_parts(rev: Revision) -> tuple[str, str | None]:
    """The ref as given and the short commit to show next to it (None when there is nothing to
    add: no commit known, or the ref is a sha already)."""
    if not rev.commit:
        return rev.ref, None
    if not rev.ref:
        return short_commit(rev.commit), None
    if _names_commit(rev):
        return rev.ref, None
    return rev.ref, short_commit(rev.commit)


def revision_text(rev: Revision) -> str:
    """``origin/main (1a2b3c4)``; a ref that is a sha is shown once, ``9e6b613``."""
    ref, commit = _revision_parts(rev)
    return ref if commit is None else f"{ref} ({commit})"


def _same_commit(result: CheckResult) -> bool:
    return bool(result.base.commit) and result.base.commit == result.head.commit


def summary_line(result: CheckResult) -> str:
    """``3 contracts checked against origin/main (1a2b3c4): 1 failed, 1 warned, 1 passed;
    2 errors, 1 warning, 1 waived``."""
    verdicts = _contract_verdicts(result)
    tally = ", ".join(f"{verdicts[v]:,} {_VERDICT_PAST[v]}" for v in ("fail", "warn", "pass"))
    return (
        f"{plural(len(result.contracts), 'contract')} checked against "
        f"{clean(revision_text(result.base))}: {tally}; {counts_phrase(result.counts())}"
    )


def _head_line(result: CheckResult) -> str:
    dirty = ", with uncommitted changes" if result.head.dirty else ""
    return f"head {clean(revision_text(result.head))}{dirty} · as of {rfc3339(result.as_of)}"


def _versions(check: ContractCheck) -> str:
    return f"{check.base_version or DASH} → {check.head_version or DASH}"


# --- JSON -------------------------------------------------------------------------------------


def _location_document(location: Location | None) -> dict[str, Any] | None:
    if location is None or not location.file:
        return None
    return {"file": location.file, "line": location.line, "column": location.column}


def _finding_document(finding: Finding) -> dict[str, Any]:
    waived = finding.waived
    return {
        "rule": finding.rule,
        "contract": finding.contract,
        "severity": finding.severity,
        "path": finding.path,
        "paths": list(finding_paths(finding)),
        "pointer": finding.pointer,
        "message": finding.message,
        "location": _location_document(finding.location),
        "change_rule": finding.change_rule,
        "breaks": list(finding.breaks),
        "consumers": list(finding.consumers),
        "unread": finding.unread,
        "against": list(finding.against),
        "waived": None
        if waived is None
        else {
            "reason": waived.reason,
            "expires": waived.expires.isoformat(),
            "index": waived.index,
        },
    }


def check_document(result: CheckResult) -> dict[str, Any]:
    """The JSON document of one check (format_version 1)."""
    verdicts = _contract_verdicts(result)
    return {
        "format_version": 1,
        "as_of": rfc3339(result.as_of),
        "base": {"ref": result.base.ref, "commit": result.base.commit},
        "head": {"ref": result.head.ref, "commit": result.head.commit, "dirty": result.head.dirty},
        "verdict": result.verdict,
        "counts": {
            "contracts": {"checked": len(result.contracts), **verdicts},
            "findings": result.counts(),
        },
        "contracts": [
            {
                "id": c.contract,
                "file": c.file,
                "change": c.change,
                "compatibility": c.compatibility,
                "base_version": c.base_version,
                "head_version": c.head_version,
                "compared_with": list(c.compared_with),
                "verdict": c.verdict,
                "findings": [_finding_document(f) for f in ordered_findings(c.findings)],
            }
            for c in ordered_contracts(result)
        ],
        "findings": [_finding_document(f) for f in result.findings],
    }


def check_json(result: CheckResult) -> str:
    """:func:`check_document` serialised: indent 2, key order as built, final newline."""
    return render_report_json(check_document(result))


# --- terminal ---------------------------------------------------------------------------------


def _verdict_text(verdict: Verdict) -> Text:
    return Text(verdict, style=_VERDICT_STYLES[verdict])


def _finding_lines(
    finding: Finding, base_version: str | None, *, with_contract: bool
) -> list[RenderableType]:
    waived = finding.waived is not None
    head = Text("  ")
    severity_style = "dim strike" if waived else _SEVERITY_STYLES[finding.severity]
    head.append(f"{finding.severity:<7}", style=severity_style)
    head.append(f"  {clean(finding.rule)}")
    if with_contract:
        head.append(f"  {clean(finding.contract)}")
    head.append(f"  {clean(shown_path(finding.path))}")
    where = location_text(finding.location)
    if where is not None:
        head.append(f"  {clean(where)}", style="dim")
    lines: list[RenderableType] = [head]
    also = also_at_note(finding)
    if also is not None:
        lines.append(Padding(Text(clean(also), style="dim"), (0, 0, 0, 4)))
    lines.append(Padding(Text(clean(finding.message)), (0, 0, 0, 4)))
    readers = consumers_note(finding)
    if readers is not None:
        lines.append(Padding(Text(clean(readers)), (0, 0, 0, 4)))
    against = against_note(finding, base_version)
    if against is not None:
        lines.append(Padding(Text(clean(against), style="dim"), (0, 0, 0, 4)))
    note = waiver_note(finding)
    if note is not None:
        lines.append(Padding(Text(clean(note), style="italic"), (0, 0, 0, 4)))
    return lines


def gate_verdict(result: CheckResult, fail_on: str = "error") -> Verdict:
    """The verdict the exit code follows: ``fail`` also when a finding below error reaches
    ``--fail-on`` (``never``: the findings' own verdict, the exit code being 0 anyway)."""
    if any(reaches(f.severity, fail_on) for f in result.all_findings() if f.counts):
        return "fail"
    return result.verdict


def _raised(result: CheckResult, fail_on: str) -> str:
    """`` (--fail-on warning)`` when that, not an error, makes the check fail."""
    return f" (--fail-on {fail_on})" if gate_verdict(result, fail_on) != result.verdict else ""


def check_text(result: CheckResult, *, fail_on: str = "error") -> RenderableType:
    """One line per contract (id, versions, change, verdict) with its findings indented below,
    then the findings about waivers and a summary line (Rich renderables, no markup read)."""
    contracts = ordered_contracts(result)
    id_width = max((cell_len(clean(c.contract)) for c in contracts), default=0)
    version_width = max((cell_len(_versions(c)) for c in contracts), default=0)
    lines: list[RenderableType] = []
    for c in contracts:
        verdict = c.verdict
        line = Text(f"{_VERDICT_SYMBOLS[verdict]} ", style=_VERDICT_STYLES[verdict])
        name = clean(c.contract)
        line.append(name + " " * (id_width - cell_len(name)), style="bold")
        versions = _versions(c)
        line.append(f"  {versions}{' ' * (version_width - cell_len(versions))}  ")
        line.append(f"{c.change:<9}  ")
        line.append_text(_verdict_text(verdict))
        lines.append(line)
        for f in ordered_findings(c.findings):
            lines.extend(_finding_lines(f, c.base_version, with_contract=False))
    if result.findings:
        verdict = verdict_of(result.findings)
        line = Text(f"{_VERDICT_SYMBOLS[verdict]} ", style=_VERDICT_STYLES[verdict])
        line.append("waivers", style="bold")
        line.append(f"  {counts_phrase(finding_counts(result.findings))}")
        lines.append(line)
        for f in result.findings:
            lines.extend(_finding_lines(f, None, with_contract=True))
    verdict = gate_verdict(result, fail_on)
    # a grid, so a summary longer than the console wraps under itself, not under the symbol
    summary = Table.grid(padding=(0, 1))
    summary.add_column(no_wrap=True)
    summary.add_column(ratio=1)
    style = _VERDICT_STYLES[verdict]
    summary.add_row(
        Text(_VERDICT_SYMBOLS[verdict], style=style),
        Text(summary_line(result) + _raised(result, fail_on), style=style),
    )
    if _same_commit(result):
        summary.add_row(Text(""), Text(SAME_COMMIT_NOTE, style="yellow"))
    if lines:
        lines.append(Text(""))
    lines.append(summary)
    lines.append(Text(_head_line(result), style="dim"))
    return Group(*lines)


# --- Markdown ---------------------------------------------------------------------------------

_HEADLINES: Final = {
    "fail": "seamguard check failed",
    "warn": "seamguard check passed with warnings",
    "pass": "seamguard check passed",
}
_FINDINGS_HEAD: Final = ("severity", "rule", "path", "location", "message", "consumers")
_WAIVERS_HEAD: Final = ("severity", "rule", "contract", "path", "location", "message")


#: Markdown punctuation user text must not use: emphasis, strikethrough, code spans, links
#: (the backslash first, so an escape in the text cannot undo one of ours).
_MD_ESCAPED: Final = ("\\", "*", "_", "`", "~", "[", "]")


def md_text(value: object) -> str:
    """Text from contract files or ``seamguard.yaml`` (messages, waiver reasons, consumer names)
    safe in a Markdown table cell: :func:`~seamguard.render.diff.md_cell` (no pipes, newlines or
    raw HTML), emphasis, code and link characters escaped, and ``@name`` no mention (a
    zero-width space after the ``@``, as an entity since control and format characters are
    escaped as text), so a comment cannot ping people or format itself."""
    text = clean(value)
    for char in _MD_ESCAPED:
        text = text.replace(char, "\\" + char)
    return md_cell(text).replace("@", "@&#8203;")


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_head(columns: Sequence[str]) -> list[str]:
    return [_md_row(columns), "|" + "---|" * len(columns)]


def _md_severity(finding: Finding) -> str:
    return f"~~{finding.severity}~~ waived" if finding.waived is not None else finding.severity


def _md_where(finding: Finding) -> str:
    where = location_text(finding.location)
    return DASH if where is None else md_code(where)


def _md_path(finding: Finding) -> str:
    cell = md_code(shown_path(finding.path))
    others = finding_paths(finding)[1:]
    if not others:
        return cell
    listed = ", ".join(md_code(shown_path(p)) for p in others[:_ALSO_AT])
    more = len(others) - _ALSO_AT
    return f"{cell}, also at {listed}" + (f" (+{more:,} more)" if more > 0 else "")


def _md_message(finding: Finding, base_version: str | None) -> str:
    text = md_text(finding.message)
    against = against_note(finding, base_version)
    if against is not None:
        text += f" ({md_text(against)})"
    note = waiver_note(finding)
    return text if note is None else f"{text} *({md_text(note)})*"


def _md_consumers(finding: Finding) -> str:
    if finding.consumers:
        return md_text(", ".join(finding.consumers))
    # the contract may well declare consumers: none of them reads what the change touches
    return f"*{_UNREAD_WORDS}*" if finding.unread else DASH


def _md_finding_row(finding: Finding, base_version: str | None) -> str:
    return _md_row(
        [
            _md_severity(finding),
            md_code(finding.rule),
            _md_path(finding),
            _md_where(finding),
            _md_message(finding, base_version),
            _md_consumers(finding),
        ]
    )


def _md_waiver_row(finding: Finding) -> str:
    return _md_row(
        [
            _md_severity(finding),
            md_code(finding.rule),
            md_code(finding.contract),
            _md_path(finding),
            _md_where(finding),
            _md_message(finding, None),
        ]
    )


@dataclass
class _Block:
    """One ``<details>`` block: a contract's findings (or the waivers'), as table rows; open
    when they fail, so the reason is in view, folded otherwise."""

    opener: list[str]
    rows: list[str]
    findings: list[Finding]
    kept: list[bool] = field(default_factory=list)

    def lines(self) -> list[str]:
        shown = [row for row, keep in zip(self.rows, self.kept, strict=True) if keep]
        dropped = len(self.rows) - len(shown)
        out = [*self.opener, *shown]
        if dropped:
            out += ["", _dropped_note(dropped)]
        return [*out, "", "</details>", ""]


def _dropped_note(n: int) -> str:
    return f"*{plural(n, 'more finding')} not shown here.*"


def _details(verdict: Verdict) -> str:
    return "<details open>" if verdict == "fail" else "<details>"


def _summary_html(symbol: str, name: str, counts: dict[str, int]) -> str:
    # <summary> is HTML: markdown code spans are not rendered there everywhere.
    return f"{symbol} <code>{html.escape(clean(name))}</code>: {counts_phrase(counts)}"


def _blocks(result: CheckResult) -> list[_Block]:
    blocks: list[_Block] = []
    for c in _listed(result):
        if not c.findings:
            continue
        findings = ordered_findings(c.findings)
        verdict = c.verdict
        summary = _summary_html(_VERDICT_EMOJI[verdict], c.contract, finding_counts(findings))
        opener = [
            f"{_details(verdict)}<summary>{summary}</summary>",
            "",
            *_md_head(_FINDINGS_HEAD),
        ]
        rows = [_md_finding_row(f, c.base_version) for f in findings]
        blocks.append(_Block(opener, rows, findings))
    if result.findings:
        findings = list(result.findings)
        counts = finding_counts(findings)
        verdict = verdict_of(findings)
        symbol = _VERDICT_EMOJI[verdict]
        opener = [
            f"{_details(verdict)}<summary>{symbol} Waivers: {counts_phrase(counts)}</summary>",
            "",
            *_md_head(_WAIVERS_HEAD),
        ]
        blocks.append(_Block(opener, [_md_waiver_row(f) for f in findings], findings))
    return blocks


_VERDICT_ORDER: Final = {"fail": 0, "warn": 1, "pass": 2}


def _listed(result: CheckResult) -> list[ContractCheck]:
    """Contracts with a change or a finding, failures first, then by id."""
    listed = [c for c in ordered_contracts(result) if c.findings or c.change != "unchanged"]
    return sorted(listed, key=lambda c: _VERDICT_ORDER[c.verdict])


def _contract_row(c: ContractCheck) -> str:
    verdict = c.verdict
    return _md_row(
        [
            md_code(c.contract),
            c.change,
            # both validated when the contract is read (semver, a mode name): no markup in them
            md_cell(_versions(c)),
            md_cell(c.compatibility),
            f"{_VERDICT_EMOJI[verdict]} {verdict}",
            counts_phrase(finding_counts(c.findings)),
        ]
    )


def _size(text: str) -> int:
    """Length as GitHub may count it: UTF-16 code units, never fewer than code points."""
    return len(text.encode("utf-16-le")) // 2


def _joined(lines: Sequence[str]) -> str:
    return "\n".join(lines) + "\n"


def _md_revision(rev: Revision) -> str:
    ref, commit = _revision_parts(rev)
    return md_code(ref) + ("" if commit is None else f" ({md_code(commit)})")


def _head(result: CheckResult, budget: int, fail_on: str = "error") -> list[str]:
    verdict = gate_verdict(result, fail_on)
    against = _md_revision(result.base)
    verdicts = _contract_verdicts(result)
    tally = ", ".join(f"{verdicts[v]:,} {_VERDICT_PAST[v]}" for v in ("fail", "warn", "pass"))
    summary = (
        f"{plural(len(result.contracts), 'contract')} checked against {against}: {tally}; "
        f"{counts_phrase(result.counts())}"
    )
    headline = _HEADLINES[verdict] + _raised(result, fail_on)
    lines = [f"### {_VERDICT_EMOJI[verdict]} {headline}", "", summary, ""]
    if _same_commit(result):
        # word for word as in the text output, so one search finds both
        lines += [f"⚠️ {SAME_COMMIT_NOTE}", ""]
    listed = _listed(result)
    if listed:
        table = _md_head(("contract", "change", "version", "compatibility", "verdict", "findings"))
        used = _size(_joined([*lines, *table]))
        rows: list[str] = []
        for c in listed:
            row = _contract_row(c)
            used += _size(row) + 1
            if used > budget:
                break
            rows.append(row)
        lines += [*table, *rows, ""]
        if len(rows) < len(listed):
            lines += [f"*{plural(len(listed) - len(rows), 'more contract')} not listed.*", ""]
    unlisted = len(result.contracts) - len(listed)
    if unlisted:
        are = "is" if unlisted == 1 else "are"
        lines += [
            f"{plural(unlisted, 'unchanged contract')} without findings {are} not listed.",
            "",
        ]
    dirty = ", with uncommitted changes" if result.head.dirty else ""
    head = _md_revision(result.head)
    lines += [f"<sub>head {head}{dirty} · as of {rfc3339(result.as_of)}</sub>", ""]
    return lines


def _footer(dropped: int) -> list[str]:
    return [
        f"**{plural(dropped, 'finding')} left out to fit a GitHub comment** (the least severe "
        "first); `seamguard check --format text` or the SARIF and JSON reports list them all.",
        "",
    ]


def _fit(blocks: list[_Block], budget: int) -> int:
    """Keep the most severe rows that fit ``budget`` (earlier contracts first among equals);
    returns how many rows were left out. What is shown is always a prefix by severity."""
    total = sum(len(b.rows) for b in blocks)
    for b in blocks:
        b.kept = [False] * len(b.rows)
    budget -= _size(_joined(_footer(total)))
    candidates = sorted(
        ((bi, ri) for bi, b in enumerate(blocks) for ri in range(len(b.rows))),
        key=lambda k: (
            blocks[k[0]].findings[k[1]].waived is not None,
            -SEVERITY_RANK[blocks[k[0]].findings[k[1]].severity],
            k,
        ),
    )
    opened: set[int] = set()
    kept = 0
    for bi, ri in candidates:
        block = blocks[bi]
        cost = _size(block.rows[ri]) + 1
        if bi not in opened:
            # the block's own lines, with room for its "N more" note
            cost += _size(_joined([*block.opener, "", _dropped_note(total), "", "</details>", ""]))
        if cost > budget:
            break
        budget -= cost
        opened.add(bi)
        block.kept[ri] = True
        kept += 1
    return total - kept


def check_markdown(
    result: CheckResult, *, limit: int = MARKDOWN_LIMIT, fail_on: str = "error"
) -> str:
    """A pull-request comment: the verdict, one summary line, the contracts that changed or have
    findings, then each one's findings folded. Longer than ``limit`` characters, the least severe
    findings are left out (and counted) so GitHub accepts the comment."""
    lines = _head(result, budget=limit // 2, fail_on=fail_on)
    blocks = _blocks(result)
    for b in blocks:
        b.kept = [True] * len(b.rows)
    body = [line for b in blocks for line in b.lines()]
    text = _joined([*lines, *body]).rstrip("\n") + "\n"
    if _size(text) <= limit:
        return text
    dropped = _fit(blocks, limit - _size(_joined(lines)))
    body = [line for b in blocks if any(b.kept) for line in b.lines()]
    return _joined([*lines, *body, *_footer(dropped)]).rstrip("\n") + "\n"
