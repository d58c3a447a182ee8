"""``seamguard quarantine``: list, show, export and purge what was held back.

Payloads carry personal data: every command here redacts the personal-data paths of the
record's contract unless ``--no-redact`` (or the workspace's ``privacy.redact: false``) says
otherwise.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer
from rich.table import Table

from seamguard.cli.common import FormatOpt, OutputFormat, parse_as_of, stderr, stdout
from seamguard.config import parse_duration
from seamguard.core.timeutil import rfc3339
from seamguard.errors import ConfigError, UsageError
from seamguard.render.plain import plural
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
RedactOpt = Annotated[
    bool | None,
    typer.Option(
        "--redact/--no-redact",
        help="Redact the contract's personal-data paths (default: the workspace's "
        "privacy.redact, on unless set to false).",
        show_default=False,
    ),
]


def _use() -> ModuleType:
    """The quarantine use cases, imported when a command runs: importing them loads the store
    (SQLAlchemy, Alembic), which `seamguard --help` and every other command need not pay for."""
    from seamguard.app import quarantine

    return quarantine


def _store() -> ModuleType:
    from seamguard.app import store

    return store


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
    output_format: FormatOpt = OutputFormat.text,
    redact: RedactOpt = None,
) -> None:
    """Quarantined records with their reasons."""
    privacy = _use().load_privacy(workspace, redact=redact)
    with _store().opened_store(workspace, store, must_exist=True) as st:
        entries = _use().list_entries(
            st,
            source=source,
            contract=contract,
            status=None if status is Status.all else status.value,
            limit=limit,
        )
    if output_format is OutputFormat.json:
        records = [_use().entry_document(e, privacy=privacy) for e in entries]
        sys.stdout.write(render_report_json({"format_version": 1, "records": records}))
        return
    if not entries:
        stdout.print("quarantine is empty")
        return
    table = Table(header_style="bold", show_edge=False)
    for col in ("id", "source", "contract", "location", "received", "reasons"):
        table.add_column(col, overflow="fold")
    for e in entries:
        # Rule and path only: no message, so nothing of the payload reaches the table.
        reasons = "; ".join(f"{r.get('rule')} {r.get('path') or '/'}" for r in e.item.reasons)
        table.add_row(
            str(e.id),
            e.item.source,
            f"{e.item.contract_id}@{e.item.contract_version}",
            e.item.location,
            rfc3339(e.item.received_at),
            reasons,
        )
    stdout.print(table)
    stdout.print(plural(len(entries), "record"))


@app.command("show")
def show_cmd(
    entry_id: Annotated[int, typer.Argument(help="Quarantine id (from `quarantine list`).")],
    workspace: WorkspaceOpt = Path(),
    store: StoreOpt = None,
    output_format: FormatOpt = OutputFormat.text,
    redact: RedactOpt = None,
) -> None:
    """One quarantined record: metadata, reasons and the raw payload (redacted by default)."""
    privacy = _use().load_privacy(workspace, redact=redact)
    with _store().opened_store(workspace, store, must_exist=True) as st:
        entry = _use().get_entry(st, entry_id)
    doc = _use().entry_document(entry, with_raw=True, privacy=privacy)
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
        line = f"  - {r['rule']} at {r['path'] or '/'}: {r['message']}"
        stdout.print(clean(line), highlight=False, markup=False)
    stdout.print("[bold]raw:[/bold]")
    if doc["raw_purged"]:
        stdout.print("  (purged by the retention setting; metadata and reasons are kept)")
        return
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
    if doc.get("redacted_values"):
        stdout.print(
            f"({plural(doc['redacted_values'], 'personal value')} redacted; "
            "--no-redact shows the original)",
            highlight=False,
        )
    elif doc["redacted"] and doc.get("redacted_values") is None:
        stdout.print("(not JSON, so withheld whole; --no-redact shows the original)")


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
            "--raw",
            help="Write only the payloads, one per line (to fix and feed back: add --no-redact "
            "for the original bytes).",
        ),
    ] = False,
    redact: RedactOpt = None,
) -> None:
    """Export quarantined records as JSONL (metadata + payload, or payloads only); personal
    data is redacted unless --no-redact."""
    privacy = _use().load_privacy(workspace, redact=redact)
    with _store().opened_store(workspace, store, must_exist=True) as st:
        entries = _use().list_entries(
            st, source=source, contract=contract, status="held", limit=None
        )
    result = _use().export_entries(entries, out, raw_only=raw, privacy=privacy)
    if result.unredacted_personal:
        stderr.print(
            f"warning: {plural(result.unredacted_personal, 'record')} in {out} carry personal "
            "data unredacted; keep the file safe and delete it when done",
            highlight=False,
        )
    note = f" ({result.purged:,} skipped: payload purged)" if result.purged else ""
    redacted = " with personal data redacted" if privacy.redact and result.written else ""
    stdout.print(f"exported {plural(result.written, 'record')} to {out}{redacted}{note}")


@app.command("purge")
def purge_cmd(
    workspace: WorkspaceOpt = Path(),
    store: StoreOpt = None,
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than",
            help="Purge payloads received longer ago than this (30d, 12h; default: the "
            "workspace's privacy.retention).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Count ages from this RFC 3339 time (default: now)."),
    ] = None,
    output_format: FormatOpt = OutputFormat.text,
) -> None:
    """Blank the raw payloads of old quarantined records (metadata and reasons stay); scan and
    validate do this on their own when privacy.retention is set."""
    now = parse_as_of(as_of)
    retention: timedelta | None
    if older_than is not None:
        try:
            retention = parse_duration(older_than, "")
        except ConfigError as exc:
            raise UsageError(f"--older-than: {exc.message}") from None
    else:
        retention = _use().load_privacy(workspace).settings.retention
    if retention is None:
        raise UsageError(
            "no retention to apply: pass --older-than (e.g. 30d) or set "
            "privacy.retention in seamguard.yaml"
        )
    with _store().opened_store(workspace, store, must_exist=True) as st:
        purged = _use().apply_retention(st, retention, now)
    before = rfc3339(now - retention)
    if output_format is OutputFormat.json:
        sys.stdout.write(
            render_report_json({"format_version": 1, "purged": purged, "received_before": before})
        )
        return
    stdout.print(f"purged the payloads of {plural(purged, 'record')} received before {before}")
