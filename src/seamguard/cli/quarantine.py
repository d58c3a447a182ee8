"""``seamguard quarantine``: list, show and export what was held back."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from seamguard.app.quarantine import (
    entry_document,
    export_entries,
    get_entry,
    list_entries,
)
from seamguard.app.store import opened_store
from seamguard.cli.common import OutputFormat, plural, stdout
from seamguard.render.report_json import render_report_json
from seamguard.render.report_text import clean

app = typer.Typer(
    help="What was held back, and getting it back out.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Status(StrEnum):
    held = "held"
    replayed = "replayed"
    released = "released"
    all = "all"


WorkspaceOpt = Annotated[
    Path, typer.Option("--workspace", "-w", help="Workspace whose store to read.")
]
StoreOpt = Annotated[
    str | None, typer.Option("--store", help="Store URL (overrides the workspace's).")
]


@app.command("list")
def list_cmd(
    workspace: WorkspaceOpt = Path(),
    store: StoreOpt = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    contract: Annotated[
        str | None, typer.Option("--contract", help="Only this contract id.")
    ] = None,
    status: Annotated[
        Status, typer.Option("--status", help="Which records to list.")
    ] = Status.held,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.text,
) -> None:
    """Quarantined records with their reasons."""
    with opened_store(workspace, store, must_exist=True) as st:
        entries = list_entries(
            st,
            source=source,
            contract=contract,
            status=None if status is Status.all else status.value,
            limit=limit,
        )
    if output_format is OutputFormat.json:
        sys.stdout.write(
            render_report_json(
                {"format_version": 1, "records": [entry_document(e) for e in entries]}
            )
        )
        return
    if not entries:
        stdout.print("quarantine is empty")
        return
    table = Table(header_style="bold", show_edge=False)
    for col in ("id", "source", "contract", "location", "received", "reasons"):
        table.add_column(col, overflow="fold")
    for e in entries:
        reasons = "; ".join(f"{r.get('rule')} {r.get('path') or '/'}" for r in e.item.reasons)
        table.add_row(
            str(e.id),
            e.item.source,
            f"{e.item.contract_id}@{e.item.contract_version}",
            e.item.location,
            entry_document(e)["received_at"],
            reasons,
        )
    stdout.print(table)
    stdout.print(plural(len(entries), "record"))


@app.command("show")
def show_cmd(
    entry_id: Annotated[int, typer.Argument(help="Quarantine id (from `quarantine list`).")],
    workspace: WorkspaceOpt = Path(),
    store: StoreOpt = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.text,
) -> None:
    """One quarantined record: metadata, reasons and the raw payload."""
    with opened_store(workspace, store, must_exist=True) as st:
        entry = get_entry(st, entry_id)
    doc = entry_document(entry, with_raw=True)
    if output_format is OutputFormat.json:
        sys.stdout.write(render_report_json({"format_version": 1, "record": doc}))
        return
    for key in (
        "id",
        "status",
        "source",
        "contract",
        "contract_version",
        "record_number",
        "location",
        "received_at",
    ):
        stdout.print(f"[bold]{key}:[/bold] {doc[key]}", highlight=False)
    stdout.print("[bold]reasons:[/bold]")
    for r in doc["reasons"]:
        stdout.print(f"  - {r['rule']} at {r['path'] or '/'}: {r['message']}", highlight=False)
    stdout.print("[bold]raw:[/bold]")
    raw = doc.get("raw")
    if raw is None:
        stdout.print(f"  (binary, base64) {doc['raw_base64']}")
        return
    # Payloads come from outside: control characters are shown escaped, never sent to the
    # terminal, where an ESC sequence could restyle or retitle it.
    try:
        pretty = json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
    except ValueError:
        pretty = raw
    stdout.print(clean(pretty, keep_newlines=True), highlight=False, markup=False)


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="JSONL file to write.")],
    workspace: WorkspaceOpt = Path(),
    store: StoreOpt = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    contract: Annotated[
        str | None, typer.Option("--contract", help="Only this contract id.")
    ] = None,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw", help="Write only the original payloads, one per line (to fix and feed back)."
        ),
    ] = False,
) -> None:
    """Export quarantined records as JSONL (metadata + raw payload, or raw payloads only)."""
    with opened_store(workspace, store, must_exist=True) as st:
        entries = list_entries(st, source=source, contract=contract, status="held", limit=None)
    count = export_entries(entries, out, raw_only=raw)
    stdout.print(f"exported {count} records to {out}")
