"""``seamguard diff`` output: the verdict and its changes as terminal text, JSON and Markdown.

Every renderer lists the changes in the same order (instance path, severity, rule, schema
pointer) and never reads markup out of a message: schema text (descriptions, enum values) comes
from whoever wrote the schema and is shown as is, control characters escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from seamguard.core.compat.model import DIRECTIONS, Change, DiffResult, directions_of
from seamguard.render.plain import PLAIN_WIDTH, plain_text
from seamguard.render.report_json import render_report_json
from seamguard.render.report_text import DASH, clean

__all__ = [
    "PLAIN_WIDTH",
    "diff_document",
    "diff_markdown",
    "diff_plain",
    "diff_text",
    "plain_text",
    "render_diff_json",
    "sorted_changes",
    "verdict",
]

_RANK: Final = {"error": 0, "warning": 1, "info": 2}
_STYLES: Final = {"error": "bold red", "warning": "yellow", "info": "dim"}
#: Below this many columns for the message, the changes are stacked instead of tabled.
_MESSAGE_MIN: Final = 30
_GAP: Final = 2  # spaces between two columns (collapsed padding)


def sorted_changes(changes: Sequence[Change]) -> list[Change]:
    """Changes in reading order: instance path, then severity (errors first), rule, pointer."""
    return sorted(changes, key=lambda c: (c.path, _RANK.get(c.severity, 9), c.rule, c.pointer))


def broken_directions(result: DiffResult) -> tuple[str, ...]:
    """The directions the mode requires that some change breaks, in canonical order."""
    wanted = directions_of(result.mode)
    hit = {d for c in result.changes for d in c.breaks if d in wanted}
    return tuple(d for d in DIRECTIONS if d in hit)


def verdict(result: DiffResult) -> str:
    """``compatible``, ``breaks backward``, ``breaks backward and forward``."""
    broken = broken_directions(result)
    return "compatible" if result.compatible else "breaks " + " and ".join(broken)


def _counts(result: DiffResult) -> str:
    n = len(result.changes)
    if not n:
        return "no changes"
    by = {s: sum(1 for c in result.changes if c.severity == s) for s in _RANK}
    parts = [f"{by[s]} {s}{'s' if by[s] != 1 and s != 'info' else ''}" for s in _RANK if by[s]]
    return f"{n} change{'s' if n != 1 else ''}: {', '.join(parts)}"


def _breaks(change: Change) -> str:
    return ", ".join(change.breaks) if change.breaks else DASH


def _paths(change: Change) -> tuple[str, ...]:
    return change.paths or (change.path,)


def _shown_path(path: str) -> str:
    return path or "/"


# --- JSON -------------------------------------------------------------------------------------


def _change_document(change: Change) -> dict[str, Any]:
    return {
        "rule": change.rule,
        "pointer": change.pointer,
        "path": change.path,
        "breaks": list(change.breaks),
        "severity": change.severity,
        "message": change.message,
        "undecidable": change.undecidable,
        "paths": list(_paths(change)),
        "paths_truncated": change.paths_truncated,
        "old_pointer": change.old_pointer,
    }


def diff_document(
    result: DiffResult, *, old: str | None = None, new: str | None = None
) -> dict[str, Any]:
    """The JSON document of one diff (format_version 1; DESIGN.md section 1 fixes its keys)."""
    doc: dict[str, Any] = {
        "format_version": 1,
        "mode": result.mode,
        "policy": result.policy,
        "compatible": result.compatible,
    }
    if old is not None:
        doc["old"] = old
    if new is not None:
        doc["new"] = new
    doc["changes"] = [_change_document(c) for c in sorted_changes(result.changes)]
    return doc


def render_diff_json(result: DiffResult, *, old: str | None = None, new: str | None = None) -> str:
    """:func:`diff_document` serialised: indent 2, key order as built, final newline."""
    return render_report_json(diff_document(result, old=old, new=new))


# --- terminal ---------------------------------------------------------------------------------


def _headline(result: DiffResult, old: str | None, new: str | None) -> Text:
    text = Text()
    if result.compatible:
        text.append(f"✓ {verdict(result)}", style="bold green")
    else:
        text.append(f"✗ {verdict(result)}", style="bold red")
    text.append(f" · mode {result.mode} · policy {result.policy} · {_counts(result)}")
    if old is not None and new is not None:
        text.append("\n")
        text.append(f"{clean(old)} → {clean(new)}", style="dim")
    return text


def _path_text(change: Change) -> Text:
    path = Text(clean(_shown_path(change.path)))
    more = len(_paths(change)) - 1
    if more > 0:
        plus = "+" if change.paths_truncated else ""
        path.append(f"\n(+{more}{plus} more path{'s' if more != 1 else ''})", style="dim")
    return path


def _breaks_text(change: Change) -> Text:
    breaks = Text(_breaks(change))
    if change.undecidable:
        breaks.append("\nundecidable", style="italic")
    return breaks


def _cells(change: Change) -> tuple[Text, ...]:
    return (
        _path_text(change),
        Text(change.severity, style=_STYLES.get(change.severity, "")),
        Text(clean(change.rule)),
        Text(clean(change.pointer or "/")),
        _breaks_text(change),
    )


def _table_width(changes: Sequence[Change]) -> int:
    """Columns the table needs with nothing but the message wrapped (Rich's own measurement
    counts a no-wrap cell by its longest word, so it would let pointers be cut)."""
    heads = ("path", "severity", "rule", "pointer", "breaks")
    widths = [len(h) for h in heads]
    for change in changes:
        for i, cell in enumerate(_cells(change)):
            widths[i] = max(widths[i], *(cell_len(line) for line in cell.plain.split("\n")))
    return sum(widths) + _MESSAGE_MIN + _GAP * len(heads)


def _changes_table(changes: Sequence[Change]) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold",
    )
    # Only the message wraps: a pointer or rule cut in the middle can no longer be searched for.
    # When the rest does not fit, the stacked layout is used instead (see _Fitted).
    for name in ("path", "severity", "rule", "pointer", "breaks"):
        table.add_column(name, no_wrap=True)
    table.add_column("message", min_width=_MESSAGE_MIN)
    for change in changes:
        table.add_row(*_cells(change), Text(clean(change.message)))
    return table


def _changes_stacked(changes: Sequence[Change]) -> Group:
    lines: list[RenderableType] = []
    for change in changes:
        head = Text(clean(_shown_path(change.path)))
        head.append("  ")
        head.append(change.severity, style=_STYLES.get(change.severity, ""))
        head.append(f"  {clean(change.rule)}  breaks {_breaks(change)}")
        if change.undecidable:
            head.append(" (undecidable)", style="italic")
        lines.append(head)
        more = _paths(change)[1:]
        if more:
            also = Text(f"also at {', '.join(clean(p or '/') for p in more)}", style="dim")
            lines.append(Padding(also, (0, 0, 0, 2)))
        lines.append(Padding(Text(clean(change.message)), (0, 0, 0, 2)))
        lines.append(Padding(Text(f"at {clean(change.pointer or '/')}", style="dim"), (0, 0, 0, 2)))
    return Group(*lines)


class _Fitted:
    """The table where it fits the console, otherwise the same changes stacked line by line."""

    def __init__(self, changes: Sequence[Change]) -> None:
        self.changes = changes

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if _table_width(self.changes) <= options.max_width:
            yield _changes_table(self.changes)
        else:
            yield _changes_stacked(self.changes)


def diff_text(
    result: DiffResult, *, old: str | None = None, new: str | None = None
) -> RenderableType:
    """The verdict line, then every change as a table (Rich renderables, no markup read)."""
    head = _headline(result, old, new)
    if not result.changes:
        return head
    return Group(head, Text(""), _Fitted(sorted_changes(result.changes)))


def diff_plain(result: DiffResult, *, old: str | None = None, new: str | None = None) -> str:
    """:func:`diff_text` as plain text, :data:`PLAIN_WIDTH` columns."""
    return plain_text(diff_text(result, old=old, new=new))


# --- Markdown ---------------------------------------------------------------------------------


def md_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: no pipes, newlines or raw HTML."""
    text = clean(value).replace("\r\n", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def md_code(value: str) -> str:
    """An inline code span that survives backticks and pipes in ``value``."""
    text = clean(value).replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_table(changes: Sequence[Change], *, with_pointer: bool) -> list[str]:
    head = ["path", "severity", "rule", "breaks", "message"]
    if with_pointer:
        head.insert(3, "pointer")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in changes:
        path = md_code(_shown_path(c.path))
        more = len(_paths(c)) - 1
        if more > 0:
            path += f" (+{more}{'+' if c.paths_truncated else ''} more)"
        breaks = md_cell(_breaks(c)) + (" (undecidable)" if c.undecidable else "")
        cells = [path, c.severity, md_code(c.rule), breaks, md_cell(c.message)]
        if with_pointer:
            cells.insert(3, md_code(c.pointer or "/"))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def diff_markdown(result: DiffResult, *, old: str | None = None, new: str | None = None) -> str:
    """A pull-request comment: the verdict and the breaking changes, every change folded."""
    mark = "✅" if result.compatible else "❌"
    lines = [f"### {mark} seamguard diff: {verdict(result)}", ""]
    facts = f"mode **{result.mode}** · policy **{result.policy}** · {_counts(result)}"
    if old is not None and new is not None:
        facts = f"{md_code(old)} → {md_code(new)} · {facts}"
    lines += [facts, ""]
    ordered = sorted_changes(result.changes)
    wanted = directions_of(result.mode)
    breaking = [c for c in ordered if wanted.intersection(c.breaks)]
    if breaking:
        lines += _md_table(breaking, with_pointer=False)
        lines.append("")
    elif ordered:
        lines += [f"No change breaks {result.mode} compatibility.", ""]
    if ordered:
        lines += [
            f"<details><summary>Every change with its pointer ({len(ordered)})</summary>",
            "",
            *_md_table(ordered, with_pointer=True),
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
