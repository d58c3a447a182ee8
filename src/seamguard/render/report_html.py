"""The scan report as one self-contained HTML page.

The page loads nothing: CSS is inline, the logo is inline SVG, and a Content-Security-Policy
forbids scripts and remote resources, so the file can be mailed, archived or served by
``seamguard serve`` as it is. Record data is attacker-controlled: every string from the report
passes through :func:`_e` (control characters made visible, then ``html.escape``), and the CSP
is the second line of defence should a future edit forget that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from seamguard.render.report_text import (
    COUNT_KINDS,
    COUNT_LABELS,
    COUNT_SEVERITY,
    DASH,
    RARE_COUNT_KINDS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    clean,
    format_band,
    format_count,
    format_duration,
    format_number,
    format_quantity,
    format_sli,
    sorted_violations,
)

__all__ = ["render_report_html"]

# A plain address gets a mailto: link; anything else (a chat channel, a pager URL) stays text,
# so the page never carries a link to a remote site taken from configuration.
_EMAIL: Final = re.compile(r"[^@\s<>\"'`]+@[^@\s<>\"'`]+\.[^@\s<>\"'`]+")

_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"

_LOGO: Final = (
    '<svg class="logo" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">'
    '<path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5z" fill="currentColor"/>'
    '<path d="m8.5 12 2.5 2.5 4.5-5" fill="none" stroke="#fff" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)

_CSS: Final = """
:root {
  --bg: #f6f8fa; --panel: #ffffff; --text: #1f2328; --muted: #59636e; --border: #d1d9e0;
  --accent: #0b5cad; --zebra: #f9fafb;
  --healthy: #1a7f37; --healthy-bg: #dafbe1;
  --warning: #9a6700; --warning-bg: #fff8c5;
  --breach: #cf222e; --breach-bg: #ffebe9;
  --no-data: #59636e; --no-data-bg: #eff2f5;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --panel: #151b23; --text: #e6edf3; --muted: #9198a1; --border: #30363d;
    --accent: #4493f8; --zebra: #19202a;
    --healthy: #3fb950; --healthy-bg: #12261e;
    --warning: #d29922; --warning-bg: #272115;
    --breach: #f85149; --breach-bg: #2d1517;
    --no-data: #9198a1; --no-data-bg: #212830;
  }
}
* { box-sizing: border-box; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono",
  monospace; font-size: 12.5px; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header.page { background: var(--panel); border-bottom: 1px solid var(--border); }
header.page .wrap { padding-top: 20px; padding-bottom: 20px; }
.brand { display: flex; align-items: center; gap: 8px; color: var(--accent);
  font-weight: 600; letter-spacing: .02em; }
.brand span { color: var(--muted); font-weight: 500; }
.headline { display: flex; align-items: flex-start; justify-content: space-between;
  gap: 24px; flex-wrap: wrap; margin-top: 10px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0; }
.meta { margin: 4px 0 0; color: var(--muted); }
.meta code { color: var(--text); }
.overall { text-align: right; }
.overall .status { font-size: 16px; padding: 6px 14px; }
.overall p { margin: 6px 0 0; color: var(--muted); font-size: 13px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
  gap: 12px; margin: 18px 0 0; }
.stat { border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; margin: 0; }
.stat dt { color: var(--muted); font-size: 12px; text-transform: uppercase;
  letter-spacing: .04em; }
.stat dd { margin: 2px 0 0; font-size: 20px; font-weight: 600;
  font-variant-numeric: tabular-nums; }
.nw { white-space: nowrap; }
.stat dd small { display: block; font-size: 12px; font-weight: 500; color: var(--muted); }
main { padding: 8px 0 24px; }
section { margin-top: 28px; }
h2 { font-size: 17px; margin: 0 0 12px; }
h2 small { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
.status { display: inline-flex; align-items: center; gap: 5px; border-radius: 999px;
  padding: 2px 10px; font-weight: 600; font-size: 12.5px; white-space: nowrap;
  border: 1px solid currentColor; }
.s-healthy { color: var(--healthy); background: var(--healthy-bg); }
.s-warning { color: var(--warning); background: var(--warning-bg); }
.s-breach { color: var(--breach); background: var(--breach-bg); }
.s-no_data { color: var(--no-data); background: var(--no-data-bg); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
  gap: 14px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 10px;
  border-top: 4px solid var(--c, var(--border)); padding: 14px 16px 12px;
  display: flex; flex-direction: column; }
.card.c-healthy { --c: var(--healthy); }
.card.c-warning { --c: var(--warning); }
.card.c-breach { --c: var(--breach); }
.card.c-no_data { --c: var(--no-data); }
.card-top { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.tag { font-size: 11.5px; color: var(--muted); border: 1px solid var(--border);
  border-radius: 4px; padding: 0 6px; text-transform: uppercase; letter-spacing: .04em; }
.card h3 { font-size: 15px; margin: 10px 0 0; line-height: 1.3; }
.card .domain-id { margin: 2px 0 0; color: var(--muted); }
.card .domain-id code { font-size: 11.5px; }
.sli { margin: 12px 0 0; }
.sli-value { font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums;
  color: var(--c); line-height: 1.1; }
.c-healthy .sli-value { color: var(--text); }
.sli-name { display: block; color: var(--muted); font-size: 12px; }
.band { margin: 8px 0 0; font-size: 13px; }
.band b { font-weight: 500; color: var(--muted); }
.band .warn-at { display: block; color: var(--muted); font-size: 12px; }
.kv { margin: 12px 0 0; font-size: 12.5px; }
.kv > div { display: flex; justify-content: space-between; align-items: baseline; gap: 10px;
  padding: 1px 0; }
.kv dt { color: var(--muted); flex: 0 1 auto; min-width: 0; }
.kv dd { margin: 0; flex: 0 1 auto; max-width: 70%; text-align: right; overflow-wrap: anywhere;
  font-variant-numeric: tabular-nums; }
.kv.left > div { justify-content: flex-start; }
.kv.left dt { min-width: 140px; }
.kv.left dd { text-align: left; max-width: none; }
.card h4 { margin: 12px 0 0; font-size: 11.5px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; font-weight: 600; }
.card h4 + .kv { margin-top: 4px; }
.owner { margin: 4px 0 0; font-size: 13px; overflow-wrap: anywhere; }
.owner .sub { display: block; color: var(--muted); font-size: 12.5px; }
.card .kv:last-child { margin-bottom: 2px; }
.table-wrap { background: var(--panel); border: 1px solid var(--border); border-radius: 10px;
  overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 7px 9px; text-align: left; vertical-align: top;
  border-bottom: 1px solid var(--border); }
thead th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .02em;
  color: var(--muted); font-weight: 600; background: var(--zebra); vertical-align: bottom; }
tbody tr:last-child > td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td .sub { display: block; color: var(--muted); font-size: 12px; }
td.zero { color: var(--muted); opacity: .7; }
td.warn, span.warn { color: var(--warning); font-weight: 600; }
td.flow b { white-space: nowrap; }
td .to { display: block; }
td .to .arrow { padding-left: 0; }
td.bad { color: var(--breach); font-weight: 600; }
tr.main-row > td { border-bottom: 0; }
tr.detail > td { padding-top: 0; }
details { margin: 0; }
summary { cursor: pointer; color: var(--accent); font-size: 12.5px; width: max-content; }
details[open] summary { margin-bottom: 6px; }
.inner { width: 100%; border: 1px solid var(--border); border-radius: 6px; }
.inner th, .inner td { padding: 5px 8px; }
.inner thead th { background: transparent; }
.inner td.msg { overflow-wrap: anywhere; max-width: 460px; }
.arrow { color: var(--muted); padding: 0 4px; }
.files { margin: 0; padding: 0; list-style: none; }
.empty { color: var(--muted); background: var(--panel); border: 1px dashed var(--border);
  border-radius: 10px; padding: 14px 16px; margin: 0; }
footer { border-top: 1px solid var(--border); color: var(--muted); font-size: 12.5px; }
footer .wrap { padding-top: 14px; padding-bottom: 24px; display: flex; flex-wrap: wrap;
  gap: 6px 18px; }
@media (max-width: 640px) {
  .overall { text-align: left; }
}
@media print {
  body { background: #fff; }
  .card, .table-wrap { break-inside: avoid; }
}
""".strip()


def render_report_html(report: Mapping[str, Any]) -> str:
    """Render a scan report as a self-contained HTML5 page (ends with a newline).

    Output is deterministic: the only times on the page are those in the report, and
    everything is laid out in the order the report carries it.
    """
    workspace = report.get("workspace") or {}
    summary = report["summary"]
    name = workspace.get("name")
    title = f"seamguard · {clean(name) if name else 'workspace'} · " + _status_label(
        summary.get("status")
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        # An empty data: icon stops browsers asking the server for /favicon.ico.
        '<link rel="icon" href="data:,">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        _header(report),
        '<main class="wrap">',
        _domains_section(report["domains"]),
        _flows_section(report["flows"], report["domains"]),
        _sources_section(report["sources"]),
        "</main>",
        _footer(report),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


# --- pieces -----------------------------------------------------------------------------------


def _e(value: object) -> str:
    """Text from the report, safe in element content and in quoted attribute values."""
    return html.escape(clean(value), quote=True)


def _status_label(status: object) -> str:
    return STATUS_LABELS.get(str(status), clean(status))


def _status_class(status: object) -> str:
    # Only the known statuses become class names; anything else is styled neutrally.
    return str(status) if status in STATUS_LABELS else "unknown"


def _status_pill(status: object) -> str:
    symbol = STATUS_SYMBOLS.get(str(status), "?")
    return (
        f'<span class="status s-{_status_class(status)}">'
        f'<span aria-hidden="true">{symbol}</span> {_e(_status_label(status))}</span>'
    )


def _header(report: Mapping[str, Any]) -> str:
    workspace = report.get("workspace") or {}
    summary = report["summary"]
    counts = summary.get("domains") or {}
    name = workspace.get("name")
    # Each part kept whole so the line breaks between statuses, never inside one.
    spread = " · ".join(
        f'<span class="nw">{_e(format_count(counts.get(key, 0)))} {STATUS_LABELS[key]}</span>'
        for key in ("breach", "warning", "healthy", "no_data")
        if counts.get(key)
    )
    invalid = summary.get("invalid")
    stats = [
        ("Domains", f"{format_count(len(report['domains']))}<small>{spread}</small>"),
        ("Records", _e(format_count(summary.get("records")))),
        ("Invalid", _e(format_count(invalid))),
        ("Quarantined", _e(format_count(summary.get("quarantined")))),
        ("Flows", _e(format_count(len(report["flows"])))),
        ("Sources", _e(format_count(len(report["sources"])))),
    ]
    stat_html = "\n".join(
        f'<dl class="stat"><dt>{label}</dt><dd>{value}</dd></dl>' for label, value in stats
    )
    return f"""<header class="page">
<div class="wrap">
<div class="brand">{_LOGO} seamguard <span>reliability report</span></div>
<div class="headline">
<div>
<h1>{_e(name) if name else "Workspace"}</h1>
<p class="meta"><code>{_e(workspace.get("path") or DASH)}</code></p>
<p class="meta">As of <time datetime="{_e(report.get("as_of") or "")}">\
{_e(report.get("as_of") or DASH)}</time></p>
</div>
<div class="overall">
{_status_pill(summary.get("status"))}
<p>overall: the worst domain status</p>
</div>
</div>
<div class="stats">
{stat_html}
</div>
</div>
</header>"""


def _domains_section(domains: Sequence[Mapping[str, Any]]) -> str:
    cards = "\n".join(_domain_card(domain) for domain in domains)
    return f"""<section aria-labelledby="h-domains">
<h2 id="h-domains">Reliability domains</h2>
<div class="cards">
{cards}
</div>
</section>"""


def _domain_card(domain: Mapping[str, Any]) -> str:
    status = domain.get("status")
    sli = domain.get("sli") or {}
    value = format_sli(domain)
    sli_name = _e(sli.get("name") or DASH)
    if status == "no_data":
        sli_name = f"no data yet · {sli_name}"
    contact = domain.get("contact")
    people = (
        f'<p class="owner"><b>{_e(domain.get("owner") or "no owner")}</b>'
        + (f'<span class="sub">{_contact(contact)}</span>' if contact else "")
        + "</p>"
    )
    evidence = domain.get("evidence") or {}
    evidence_html = ""
    if evidence:
        rows = _kv(
            [(_e(_humanize(key)), _e(_evidence_value(item))) for key, item in evidence.items()]
        )
        evidence_html = f"\n<h4>Evidence</h4>\n{rows}"
    return f"""<article class="card c-{_status_class(status)}" id="domain-{_e(domain.get("id"))}">
<div class="card-top">{_status_pill(status)}<span class="tag">\
{_e(domain.get("criticality") or DASH)}</span></div>
<h3>{_e(domain.get("title") or domain.get("id"))}</h3>
<p class="domain-id"><code>{_e(domain.get("id"))}</code></p>
<p class="sli"><span class="sli-value">{_e(value)}</span>\
<span class="sli-name">{sli_name}</span></p>
{_band(domain.get("band"), sli.get("unit"))}
<h4>Owner</h4>
{people}{evidence_html}
</article>"""


def _kv(pairs: Sequence[tuple[str, str]], css: str = "kv") -> str:
    """A definition list from pairs of already escaped HTML, one row per pair."""
    rows = "".join(f"<div><dt>{term}</dt><dd>{value}</dd></div>" for term, value in pairs)
    return f'<dl class="{css}">{rows}</dl>'


def _band(band: Mapping[str, Any] | None, unit: str | None) -> str:
    # Objective and warning threshold on two lines: one sentence wraps badly in a narrow card.
    if not band or band.get("objective") is None:
        return f'<p class="band"><b>Objective</b> {_e(format_band(band, unit))}</p>'
    band_unit = band.get("unit") or unit
    op = "≥" if band.get("higher_is_better", True) else "≤"
    text = (
        f'<p class="band"><b>Objective</b> {op} {_e(format_quantity(band["objective"], band_unit))}'
    )
    if band.get("warning") is not None:
        warning = format_quantity(band["warning"], band_unit)
        # "breach < 99.0%" cannot be misread the way a bare "warn ≥ 99.0%" can.
        worse = "&lt;" if op == "≥" else "&gt;"
        text += f'<span class="warn-at">breach {worse} {_e(warning)}</span>'
    return text + "</p>"


def _contact(contact: object) -> str:
    text = clean(contact)
    if _EMAIL.fullmatch(text):
        return f'<a href="mailto:{_e(text)}">{_e(text)}</a>'
    return _e(text)


def _humanize(key: object) -> str:
    text = clean(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def _evidence_value(value: object) -> str:
    """Evidence is free-form: lists and small dicts are flattened to one line."""
    if isinstance(value, Mapping):
        return ", ".join(f"{clean(k)}: {_evidence_value(v)}" for k, v in value.items()) or DASH
    if isinstance(value, list | tuple):
        return ", ".join(_evidence_value(v) for v in value) or DASH
    if value is None or isinstance(value, bool | int | float | Decimal):
        return format_number(value)
    return clean(value)


def _num_cell(value: object, css: str = "") -> str:
    classes = "num" + (f" {css}" if css else "")
    return f'<td class="{classes}">{_e(format_count(value))}</td>'


def _count_cell(kind: str, value: object) -> str:
    if not value:
        return _num_cell(value if value is not None else 0, "zero")
    severity = COUNT_SEVERITY.get(kind)
    return _num_cell(value, {"warning": "warn", "breach": "bad"}.get(severity or "", ""))


def _latency_cell(latency: object, sla: object, *notes: str) -> str:
    # p95 over the SLA means the flow is slow for more than one record in twenty.
    slow = (
        isinstance(latency, int | float | Decimal)
        and isinstance(sla, int | float | Decimal)
        and not isinstance(latency, bool)
        and latency > sla
    )
    value = f'<span class="{"warn" if slow else ""}">{_e(format_duration(latency))}</span>'
    subs = "".join(f'<span class="sub">{_e(note)}</span>' for note in notes)
    return f'<td class="num">{value}{subs}</td>'


def _flows_section(flows: Sequence[Mapping[str, Any]], domains: Sequence[Mapping[str, Any]]) -> str:
    heading = '<h2 id="h-flows">Flows <small>reconciliation between systems</small></h2>'
    if not flows:
        return (
            f'<section aria-labelledby="h-flows">\n{heading}\n'
            '<p class="empty">No flows configured.</p>\n</section>'
        )
    titles = {d.get("id"): d.get("title") for d in domains}
    kinds = list(COUNT_KINDS) + [
        (kind, label)
        for kind, label in RARE_COUNT_KINDS
        if any((flow.get("counts") or {}).get(kind) for flow in flows)
    ]
    head = '<th>Flow</th><th>From → To</th><th class="num">Latency p95</th>' + "".join(
        f'<th class="num">{label}</th>' for _, label in kinds
    )
    columns = 3 + len(kinds)
    rows: list[str] = []
    for flow in flows:
        counts = flow.get("counts") or {}
        details = _flow_details(flow)
        domain = flow.get("domain")
        owner = flow.get("owner")
        # The domain links to its card: the page's own anchor, nothing remote.
        sub = (
            f'<a href="#domain-{_e(domain)}">{_e(titles.get(domain) or domain)}</a>'
            if domain
            else ""
        )
        if owner:
            sub += f"<br>{_e(owner)}"
        sla = flow.get("sla_seconds")
        cells = [
            f'<td class="flow"><b>{_e(flow.get("name", DASH))}</b>'
            f'<span class="sub">{sub}</span></td>',
            f'<td><span class="mono">{_e(flow.get("from", DASH))}</span>'
            f'<span class="to"><span class="arrow">→</span>'
            f'<span class="mono">{_e(flow.get("to", DASH))}</span></span>'
            f'<span class="sub">{_e(format_count(flow.get("from_records")))} → '
            f"{_e(format_count(flow.get('to_records')))} records · missing after "
            f"{_e(format_duration(flow.get('missing_after_seconds')))}</span></td>",
            _latency_cell(
                flow.get("latency_p95_seconds"),
                sla,
                f"p50 {format_duration(flow.get('latency_p50_seconds'))}",
                f"SLA {format_duration(sla)}",
            ),
            *(_count_cell(kind, counts.get(kind)) for kind, _ in kinds),
        ]
        row_class = ' class="main-row"' if details else ""
        rows.append(f"<tr{row_class}>{''.join(cells)}</tr>")
        if details:
            rows.append(f'<tr class="detail"><td colspan="{columns}">{details}</td></tr>')
    return _table_section("h-flows", heading, head, rows)


def _table_section(section_id: str, heading: str, head: str, rows: Sequence[str]) -> str:
    """A titled, horizontally scrollable table: the shape of the flows and sources sections."""
    body = "\n".join(rows)
    return f"""<section aria-labelledby="{section_id}">
{heading}
<div class="table-wrap">
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>
</section>"""


def _flow_details(flow: Mapping[str, Any]) -> str:
    # Compared fields that never differed are not "mismatched fields".
    fields = {f: n for f, n in (flow.get("mismatched_fields") or {}).items() if n}
    examples = {kind: keys for kind, keys in (flow.get("examples") or {}).items() if keys}
    if not fields and not examples:
        return ""
    items: list[tuple[str, str]] = []
    if fields:
        listed = ", ".join(
            f"<code>{_e(field)}</code> ×{_e(format_count(n))}" for field, n in fields.items()
        )
        items.append(("Mismatched fields", listed))
    for kind, keys in examples.items():
        label = _humanize(COUNT_LABELS.get(kind, kind))
        items.append((f"{_e(label)}, e.g.", ", ".join(f"<code>{_e(key)}</code>" for key in keys)))
    parts = []
    if fields:
        parts.append(f"{len(fields)} mismatched field" + ("s" if len(fields) != 1 else ""))
    if examples:
        parts.append("example keys")
    return f"<details><summary>{' and '.join(parts)}</summary>{_kv(items, 'kv left')}</details>"


def _sources_section(sources: Sequence[Mapping[str, Any]]) -> str:
    heading = '<h2 id="h-sources">Sources <small>validation against their contracts</small></h2>'
    if not sources:
        return (
            f'<section aria-labelledby="h-sources">\n{heading}\n'
            '<p class="empty">No sources configured.</p>\n</section>'
        )
    head = (
        "<th>Source</th><th>Contract</th><th>Files</th>"
        '<th class="num">Records</th><th class="num">Valid</th><th class="num">Invalid</th>'
        '<th class="num">Out of order</th>'
    )
    rows: list[str] = []
    for source in sources:
        violations = sorted_violations(source.get("violations") or ())
        files = "".join(f'<li class="mono">{_e(path)}</li>' for path in source.get("files") or ())
        version = source.get("contract_version")
        cells = [
            f"<td><b>{_e(source.get('name', DASH))}</b>"
            f'<span class="sub">{_e(source.get("system") or DASH)}</span></td>',
            f'<td><span class="mono">{_e(source.get("contract") or DASH)}</span>'
            + (f'<span class="sub">version {_e(version)}</span>' if version else "")
            + "</td>",
            f'<td><ul class="files">{files}</ul></td>' if files else f"<td>{DASH}</td>",
            _num_cell(source.get("records")),
            _num_cell(source.get("valid")),
            _num_cell(source.get("invalid"), "bad" if source.get("invalid") else "zero"),
            _num_cell(source.get("out_of_order"), "warn" if source.get("out_of_order") else "zero"),
        ]
        row_class = ' class="main-row"' if violations else ""
        rows.append(f"<tr{row_class}>{''.join(cells)}</tr>")
        if violations:
            rows.append(f'<tr class="detail"><td colspan="7">{_violations(violations)}</td></tr>')
    return _table_section("h-sources", heading, head, rows)


def _violations(violations: Sequence[Mapping[str, Any]]) -> str:
    total = sum(v.get("count") or 0 for v in violations)
    rows = "\n".join(
        "<tr>"
        f'<td class="mono">{_e(v.get("rule", DASH))}</td>'
        f'<td class="mono">{_e(v.get("path") or "/")}</td>'
        f"{_num_cell(v.get('count'))}"
        f'<td class="mono">{_e(v.get("first_location") or v.get("first_record") or DASH)}</td>'
        f'<td class="msg">{_e(v.get("message") or "")}</td>'
        "</tr>"
        for v in violations
    )
    noun = "rule" if len(violations) == 1 else "rules"
    return f"""<details><summary>{len(violations)} {noun} violated \
· {_e(format_count(total))} violations</summary>
<table class="inner">
<thead><tr><th>Rule</th><th>Path</th><th class="num">Count</th><th>First location</th>\
<th>Message</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</details>"""


def _footer(report: Mapping[str, Any]) -> str:
    items = [
        f"seamguard {_e(report.get('seamguard_version') or DASH)}",
        f"report format {_e(report.get('format_version'))}",
        f"as of {_e(report.get('as_of') or DASH)}",
    ]
    for kind, path in (report.get("reports") or {}).items():
        items.append(f'{_e(str(kind).upper())} <span class="mono">{_e(path)}</span>')
    spans = "\n".join(f"<span>{item}</span>" for item in items)
    return f'<footer>\n<div class="wrap">\n{spans}\n</div>\n</footer>'
