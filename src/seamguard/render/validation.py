"""Render ``seamguard validate`` results: terminal text and JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from seamguard.core.validation.summary import ValidationRun


def validation_document(run: ValidationRun) -> dict[str, Any]:
    """The JSON document of one validate run (format_version 1)."""
    s = run.summary
    return {
        "format_version": 1,
        "contract": run.contract_id,
        "contract_version": run.contract_version,
        "files": list(run.files),
        "records": s.records,
        "valid": s.valid,
        "invalid": s.invalid,
        # Records with a warning (valid ones included, e.g. an x-extensible enum's new value).
        "warnings": s.warnings,
        "quarantined_new": run.quarantined_new,
        "violations": s.violations(),
        # The first invalid records in full (at most 20); the quarantine holds every one.
        "invalid_records": [
            {"record": number, "location": location, "reasons": [dict(r) for r in reasons]}
            for number, location, reasons in run.first_invalid
        ],
        "invalid_records_truncated": s.invalid > len(run.first_invalid),
        "notes": list(run.notes),
    }


def validation_text(run: ValidationRun) -> RenderableType:
    """Summary line, then violations grouped by rule and path with counts and first record."""
    s = run.summary
    head = Text()
    head.append(f"{run.contract_id}@{run.contract_version}: ", style="bold")
    head.append(f"{s.records} record{'' if s.records == 1 else 's'}, ")
    head.append(f"{s.valid} valid", style="green")
    head.append(", ")
    head.append(f"{s.invalid} invalid", style="red bold" if s.invalid else "green")
    if s.invalid and run.quarantined_new is not None:
        head.append(f" ({run.quarantined_new:,} newly quarantined)")
    if s.warnings:
        head.append(", ")
        head.append(f"{s.warnings} with warnings", style="yellow")
    for note in run.notes:
        head.append(f"\nnote: {note}", style="dim")
    if not s.groups:
        return head
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("rule")
    table.add_column("path")
    table.add_column("records", justify="right")
    table.add_column("first at")
    table.add_column("message", overflow="fold")
    for g in s.violations():
        table.add_row(
            g["rule"], g["path"] or "/", str(g["count"]), g["first_location"], g["message"]
        )
    return Group(head, Text(""), table)
