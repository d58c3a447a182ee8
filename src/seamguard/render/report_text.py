"""The scan report as the terminal shows it: domains, flows and invalid sources as Rich tables.

The formatting helpers here (numbers, SLI values, bands, durations, untrusted text) are also
used by the HTML renderer so that the terminal and the page never disagree on how a value reads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from seamguard.render.plain import PLAIN_WIDTH, plain_text

__all__ = [
    "COUNT_KINDS",
    "COUNT_LABELS",
    "COUNT_SEVERITY",
    "DASH",
    "RARE_COUNT_KINDS",
    "STATUS_LABELS",
    "STATUS_STYLES",
    "STATUS_SYMBOLS",
    "clean",
    "format_band",
    "format_count",
    "format_duration",
    "format_number",
    "format_quantity",
    "format_sli",
    "render_report_plain",
    "render_report_text",
    "sorted_violations",
]

DASH: Final = "—"
#: Violations listed per source in the terminal; the HTML page lists them all.
TOP_VIOLATIONS: Final = 5

STATUS_LABELS: Final[Mapping[str, str]] = {
    "healthy": "healthy",
    "warning": "warning",
    "breach": "breach",
    "no_data": "no data",
}
# A symbol beside the word, so the status reads without colour and at a glance in a long table.
STATUS_SYMBOLS: Final[Mapping[str, str]] = {
    "healthy": "✓",
    "warning": "▲",
    "breach": "✗",
    "no_data": "○",
}
STATUS_STYLES: Final[Mapping[str, str]] = {
    "healthy": "bold green",
    "warning": "bold yellow",
    "breach": "bold red",
    "no_data": "dim",
}

#: Reconciliation counts in table order, with their column headers. The rarer ``over_limit``
#: and ``unkeyed`` are listed under the table when non-zero, so the table fits 120 columns.
COUNT_KINDS: Final[tuple[tuple[str, str], ...]] = (
    ("matched", "matched"),
    ("late", "late"),
    ("in_flight", "in flight"),
    ("overdue", "overdue"),
    ("missing", "missing"),
    ("orphaned", "orphaned"),
    ("duplicated", "duplicated"),
    ("mismatched", "mismatched"),
)
RARE_COUNT_KINDS: Final[tuple[tuple[str, str], ...]] = (
    ("over_limit", "over limit"),
    ("unkeyed", "unkeyed"),
    ("latency_unknown", "latency unknown"),
)
#: Header for every count kind, also used to label example keys.
COUNT_LABELS: Final[Mapping[str, str]] = dict(COUNT_KINDS + RARE_COUNT_KINDS)
# late/overdue may still resolve on their own; the others need someone to act.
COUNT_SEVERITY: Final[Mapping[str, str]] = {
    "late": "warning",
    "overdue": "warning",
    "missing": "breach",
    "orphaned": "breach",
    "duplicated": "breach",
    "mismatched": "breach",
    "over_limit": "breach",
    "unkeyed": "breach",
}

# Unicode categories that can move the cursor, recolour a terminal, hide text or reorder it
# (bidi overrides): record data is attacker-controlled, so these are shown escaped, never raw.
_UNSAFE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


# --- formatting shared with the HTML renderer -------------------------------------------------


def clean(value: object, *, keep_newlines: bool = False) -> str:
    """Return ``value`` as text with control and format characters shown as ``\\xNN`` escapes
    (line breaks kept when ``keep_newlines``, for multi-line payloads).

    Rich strips only a few control codes and passes ESC through, so an invalid record whose
    message carries ANSI or OSC sequences could otherwise rewrite the user's terminal.
    """
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if keep_newlines and char == "\n":
            out.append(char)
        elif unicodedata.category(char) in _UNSAFE_CATEGORIES:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def format_number(value: object) -> str:
    """Format an int, float or Decimal for reading, exactly as carried and never in E notation.

    No rounding happens here: the report builder decides precision, and the terminal, page and
    JSON must show the same number (a 99.996% rounded to "100%" would hide a breach).
    """
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return format(value, ",")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        # repr is the shortest text that round-trips; going through Decimal drops the exponent.
        return format(Decimal(repr(value)), ",f")
    if isinstance(value, Decimal):
        return format(value, ",f") if value.is_finite() else str(value)
    return clean(value)


def format_count(value: object) -> str:
    """Format a record count (``—`` when absent)."""
    return format_number(value)


def format_quantity(value: object, unit: str | None) -> str:
    """Format a number with its unit: ``98.71%``, ``3.5 h``; ``—`` when the value is absent."""
    if value is None:
        return DASH
    number = format_number(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {clean(unit)}"


def format_sli(domain: Mapping[str, Any]) -> str:
    """The domain's SLI value with its unit, or ``—`` when the domain has no data.

    A ``no_data`` domain never shows a number even if the builder left one in, because a stale
    or default value would read as a measurement.
    """
    sli = domain.get("sli") or {}
    if domain.get("status") == "no_data":
        return DASH
    return format_quantity(sli.get("value"), sli.get("unit"))


def format_band(band: Mapping[str, Any] | None, unit: str | None = None) -> str:
    """Format an SLO band: ``≥ 99.5% (warn ≥ 99.0%)``, or ``≤ 4 h (warn ≤ 8 h)`` when lower is
    better. ``unit`` is the fallback when the band carries none."""
    if not band or band.get("objective") is None:
        return DASH
    band_unit = band.get("unit") or unit
    op = "≥" if band.get("higher_is_better", True) else "≤"
    text = f"{op} {format_quantity(band['objective'], band_unit)}"
    if band.get("warning") is not None:
        text += f" (warn {op} {format_quantity(band['warning'], band_unit)})"
    return text


def format_duration(seconds: object) -> str:
    """Format seconds with the two largest units: ``8.5s``, ``6m 50s``, ``24h``, ``1d 2h``."""
    if seconds is None or isinstance(seconds, bool):
        return DASH
    if not isinstance(seconds, int | float | Decimal):
        return clean(seconds)
    if seconds < 60:
        return f"{format_number(seconds)}s"
    total = round(seconds)
    parts: list[str] = []
    for size, suffix in ((86400, "d"), (3600, "h"), (60, "m"), (1, "s")):
        amount, total = divmod(total, size)
        if amount:
            parts.append(f"{amount}{suffix}")
    return " ".join(parts[:2])


def sorted_violations(violations: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Violations most frequent first, then by rule and path, so ties never reorder."""
    return sorted(
        violations,
        key=lambda v: (-(v.get("count") or 0), str(v.get("rule", "")), str(v.get("path", ""))),
    )


# --- terminal rendering -----------------------------------------------------------------------


def render_report_text(report: Mapping[str, Any]) -> RenderableType:
    """Render a scan report as Rich renderables: header, domains, flows, invalid sources, summary.

    Every string taken from the report goes through :class:`rich.text.Text`, never through
    markup, so a ``[bold]`` or ``[link=...]`` inside a record cannot style the output.
    """
    flows: Sequence[Mapping[str, Any]] = report["flows"]
    flow_section: RenderableType = Text("No flows configured.", style="dim")
    if flows:
        notes = _flow_notes(flows)
        table = _Adaptive(_flows_table(flows), _flows_stacked(flows))
        flow_section = table if notes is None else Group(table, notes)
    sections: list[RenderableType] = [
        _header(report),
        _Adaptive(_domains_table(report["domains"]), _domains_stacked(report["domains"])),
        flow_section,
        _sources_section(report["sources"]),
    ]
    ordering = _ordering_section(report["sources"])
    if ordering is not None:
        sections.append(ordering)
    summary: list[RenderableType] = [_summary_line(report)]
    reports = report.get("reports")
    if reports:
        line = Text("Reports: ", style="dim")
        line.append(" · ".join(f"{clean(k)} {clean(v)}" for k, v in reports.items()))
        summary.append(line)
    sections.append(Group(*summary))
    # A blank line between sections; Rich table titles carry no spacing of their own.
    parts = [item for section in sections for item in (section, Text(""))][:-1]
    return Group(*parts)


def render_report_plain(report: Mapping[str, Any]) -> str:
    """Render the same report as plain text: 120 columns, no colour, no trailing spaces.

    For golden files and ``--format text`` when stdout is not a terminal. Every Console setting
    that could otherwise come from the environment (``FORCE_COLOR``, ``COLUMNS``, ``TERM``) is
    pinned so the output is the same byte for byte on every machine.
    """
    return plain_text(render_report_text(report), PLAIN_WIDTH)


class _Adaptive:
    """The table where it fits the console, otherwise the same facts stacked line by line.

    Rich squeezes a table that is too wide by truncating cells and dropping whole columns,
    which would hide counts; a narrow terminal gets the stacked listing instead.
    """

    def __init__(self, table: Table, stacked: RenderableType) -> None:
        self.table = table
        self.stacked = stacked

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Measured against unlimited width: the table's own minimum, not one clamped to ours.
        needed = Measurement.get(console, options.update_width(10_000), self.table).minimum
        yield self.table if needed <= options.max_width else self.stacked


def _stacked(title: str, entries: Sequence[tuple[Text, Text]]) -> Group:
    lines: list[RenderableType] = [Text(title, style="bold")]
    for head, body in entries:
        lines.append(head)
        lines.append(Padding(body, (0, 0, 0, 2)))
    return Group(*lines)


def _domains_stacked(domains: Sequence[Mapping[str, Any]]) -> Group:
    entries = []
    for domain in domains:
        status = str(domain.get("status"))
        head = _status_text(status)
        head.append("  ")
        head.append(clean(domain.get("title") or domain.get("id")), style="bold")
        sli = domain.get("sli") or {}
        body = Text(
            f"{format_sli(domain)} · objective {format_band(domain.get('band'), sli.get('unit'))}"
            f" · {clean(domain.get('criticality') or DASH)} · {clean(domain.get('owner') or DASH)}"
        )
        entries.append((head, body))
    return _stacked("Reliability domains", entries)


def _flows_stacked(flows: Sequence[Mapping[str, Any]]) -> Group:
    entries = []
    for flow in flows:
        head = Text(clean(flow.get("name", DASH)), style="bold")
        head.append(f"  {clean(flow.get('from', DASH))} → {clean(flow.get('to', DASH))}")
        counts = flow.get("counts") or {}
        body = Text()
        for index, (kind, header) in enumerate(COUNT_KINDS):
            if index:
                body.append(" · ")
            body.append(f"{header} ")
            body.append_text(_count_cell(kind, counts.get(kind)))
        entries.append((head, body))
    return _stacked("Flows", entries)


def _status_text(status: str) -> Text:
    label = STATUS_LABELS.get(status, clean(status))
    symbol = STATUS_SYMBOLS.get(status, "?")
    return Text(f"{symbol} {label}", style=STATUS_STYLES.get(status, ""))


def _header(report: Mapping[str, Any]) -> Text:
    workspace = report.get("workspace") or {}
    text = Text()
    text.append("seamguard reliability report", style="bold")
    name = workspace.get("name")
    text.append(" · ")
    text.append(clean(name) if name else clean(workspace.get("path") or DASH), style="bold")
    text.append(f" · as of {clean(report.get('as_of') or DASH)}")
    return text


def _domains_table(domains: Sequence[Mapping[str, Any]]) -> Table:
    table = _table("Reliability domains")
    # Status and value never wrap or truncate; the descriptive columns give way first.
    table.add_column("Domain")
    table.add_column("Status", no_wrap=True)
    table.add_column("SLI", justify="right", no_wrap=True)
    table.add_column("Objective")
    table.add_column("Criticality")
    table.add_column("Owner", overflow="fold")
    for domain in domains:
        status = str(domain.get("status"))
        sli_style = STATUS_STYLES.get(status, "") if status in ("warning", "breach") else ""
        sli = domain.get("sli") or {}
        table.add_row(
            Text(clean(domain.get("title") or domain.get("id"))),
            _status_text(status),
            Text(format_sli(domain), style=sli_style),
            Text(format_band(domain.get("band"), sli.get("unit"))),
            Text(clean(domain.get("criticality") or DASH)),
            Text(clean(domain.get("owner") or DASH)),
        )
    return table


def _count_cell(kind: str, value: object) -> Text:
    if not value:
        return Text(format_count(value if value is not None else 0), style="dim")
    severity = COUNT_SEVERITY.get(kind)
    return Text(format_count(value), style=STATUS_STYLES[severity] if severity else "")


def _flows_table(flows: Sequence[Mapping[str, Any]]) -> Table:
    table = _table("Flows")
    table.add_column("Flow", no_wrap=True)
    # The route wraps at the arrow when space is short; counts never wrap, headers may.
    table.add_column("From → To", min_width=12)
    columns = COUNT_KINDS
    for _, header in columns:
        table.add_column(header, justify="right")
    for flow in flows:
        counts = flow.get("counts") or {}
        table.add_row(
            Text(clean(flow.get("name", DASH)), style="bold"),
            Text(f"{clean(flow.get('from', DASH))} → {clean(flow.get('to', DASH))}"),
            *(_count_cell(kind, counts.get(kind)) for kind, _ in columns),
        )
    return table


NOTE_EXAMPLE_KINDS = ("missing", "overdue", "orphaned", "duplicated", "mismatched", "over_limit")
NOTE_EXAMPLES = 2


def _keys_note(keys: Sequence[str] | None, total: object) -> str:
    """``: k1, k2 (+3 more)``: a couple of keys to look up, and how many others there are."""
    if not keys:
        return ""
    shown = list(keys[:NOTE_EXAMPLES])
    more = total - len(shown) if isinstance(total, int) else 0
    return f": {', '.join(clean(k) for k in shown)}{f' (+{more} more)' if more > 0 else ''}"


def _flow_notes(flows: Sequence[Mapping[str, Any]]) -> Table | None:
    """Per flow, the fields that differ and a few keys per problem: what an owner looks up next.

    Late and in-flight records resolve themselves, so they get no keys here; the HTML report
    and report.json carry more.
    """
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for flow in flows:
        counts = flow.get("counts") or {}
        examples = flow.get("examples") or {}
        rare = {kind for kind, _ in RARE_COUNT_KINDS}
        pieces = [
            f"{header} {format_count(counts[kind])}{_keys_note(examples.get(kind), counts[kind])}"
            for kind, header in RARE_COUNT_KINDS
            if counts.get(kind)
        ]
        fields = {f: n for f, n in (flow.get("mismatched_fields") or {}).items() if n}
        if fields:
            listed = ", ".join(f"{clean(f)} ×{format_count(n)}" for f, n in fields.items())
            pieces.append(f"differs on {listed}")
        for kind, keys in examples.items():
            if keys and kind in NOTE_EXAMPLE_KINDS and kind not in rare:
                label = COUNT_LABELS.get(kind, clean(kind))
                pieces.append(f"{label}{_keys_note(keys, counts.get(kind))}")
        if pieces:
            grid.add_row(
                Text(clean(flow.get("name", DASH)), style="bold"), Text(" · ".join(pieces))
            )
    return grid if grid.row_count else None


def _sources_section(sources: Sequence[Mapping[str, Any]]) -> RenderableType:
    invalid = [s for s in sources if s.get("invalid")]
    if not invalid:
        return Text(f"All {len(sources)} sources valid.", style="green")
    table = _table("Invalid records")
    table.add_column("Source", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Path", overflow="fold")
    table.add_column("Count", justify="right", no_wrap=True)
    table.add_column("First location", overflow="fold")
    for source in invalid:
        violations = sorted_violations(source.get("violations") or ())
        rows: list[list[Text]] = [
            [
                Text(clean(v.get("rule", DASH))),
                Text(clean(v.get("path") or "/")),
                Text(format_count(v.get("count"))),
                Text(clean(v.get("first_location") or DASH)),
            ]
            for v in violations[:TOP_VIOLATIONS]
        ]
        hidden = violations[TOP_VIOLATIONS:]
        if hidden:
            rest = sum(v.get("count") or 0 for v in hidden)
            more = f"… {len(hidden)} more rule" + ("s" if len(hidden) > 1 else "")
            rows.append([Text(more, style="dim"), Text(""), Text(format_count(rest)), Text("")])
        if not rows:
            rows.append([Text(DASH), Text(""), Text(""), Text("")])
        # Name on the first line, the invalid share under it: the source column stays narrow.
        label = [
            Text(clean(source.get("name", DASH)), style="bold"),
            Text(
                f"{format_count(source.get('invalid'))} of {format_count(source.get('records'))}"
                " invalid",
                style="red",
            ),
        ]
        if len(rows) == 1:
            label = [Text("\n").join(label)]
        for index, row in enumerate(rows):
            table.add_row(
                label[index] if index < len(label) else Text(""),
                *row,
                end_section=index == len(rows) - 1,
            )
    return table


def _ordering_section(sources: Sequence[Mapping[str, Any]]) -> RenderableType | None:
    """Sources whose updates arrived out of order: stale snapshots that would overwrite newer
    state if applied in arrival order."""
    lines = []
    for source in sources:
        stale, conflicting = source.get("out_of_order") or 0, source.get("conflicting") or 0
        if not (stale or conflicting):
            continue
        text = Text()
        text.append(clean(source.get("name", DASH)), style="bold")
        parts = []
        if stale:
            parts.append(
                f"{format_count(stale)} update{'s' if stale != 1 else ''} arrived out of order"
            )
        if conflicting:
            parts.append(f"{format_count(conflicting)} conflicting (same time, different content)")
        text.append("  " + ", ".join(parts), style="yellow")
        lines.append(text)
    if not lines:
        return None
    return Group(Text("Arrival order", style="bold"), *lines)


def _table(title: str) -> Table:
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        # Two spaces between columns instead of three: the flows table must fit 120 columns.
        collapse_padding=True,
    )


def _summary_line(report: Mapping[str, Any]) -> Text:
    summary = report["summary"]
    status = str(summary.get("status"))
    counts = summary.get("domains") or {}
    line = _status_text(status)
    # Worst first: the reader scans for what needs attention.
    spread = ", ".join(
        f"{format_count(counts.get(key, 0))} {STATUS_LABELS[key]}"
        for key in ("breach", "warning", "healthy", "no_data")
    )
    line.append(f" · domains: {spread}")
    line.append(f" · {format_count(summary.get('records'))} records")
    line.append(" · ")
    line.append(
        f"{format_count(summary.get('invalid'))} invalid",
        style="red" if summary.get("invalid") else "",
    )
    line.append(f" ({format_count(summary.get('quarantined'))} quarantined)")
    return line
