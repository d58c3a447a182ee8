"""The ``seamguard`` command: parse, call app, render, map errors to exit codes.

One error boundary (:func:`run`): a :class:`~seamguard.errors.SeamguardError` prints one line and
exits with its code; anything else is an internal error (exit 3). ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from seamguard import __version__
from seamguard.cli import check as check_cli
from seamguard.cli import compat as compat_cli
from seamguard.cli import quarantine as quarantine_cli
from seamguard.cli.common import (
    FailOn,
    FailOnOpt,
    FormatOpt,
    InputFormat,
    OutputFormat,
    RichProgress,
    findings_exit,
    parse_as_of,
    stderr,
    stdout,
)
from seamguard.errors import EXIT_FINDINGS, EXIT_OK, EXIT_RUNTIME, SeamguardError
from seamguard.render.plain import plural

if TYPE_CHECKING:  # the app layer is imported by each command, keeping `--help` fast
    from seamguard.app.scan import ScanOutcome

app = typer.Typer(
    name="seamguard",
    help="Data contracts, runtime validation, reconciliation and recovery for commerce integrations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(quarantine_cli.app, name="quarantine")

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        stdout.print(f"seamguard {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """seamguard: make the data contracts between commerce systems explicit, and check them."""
    _state["debug"] = debug


def _scan_exit(outcome_breached: bool, warned: bool, invalid: int, fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return EXIT_OK
    if outcome_breached or invalid:
        return EXIT_FINDINGS
    if warned and fail_on in (FailOn.warning, FailOn.info):
        return EXIT_FINDINGS
    return EXIT_OK


@app.command()
def scan(
    workspace: Annotated[
        Path, typer.Argument(help="Workspace folder or its seamguard.yaml.")
    ] = Path(),
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Judge time-based findings as of this RFC 3339 time (default: now)."
        ),
    ] = None,
    output_format: FormatOpt = OutputFormat.text,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder for report.json and report.html (default: WORKSPACE/reports)."
        ),
    ] = None,
    fail_on: FailOnOpt = FailOn.error,
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help="Store URL overriding the workspace's (e.g. for a read-only workspace)."
        ),
    ] = None,
) -> None:
    """The main job: validate every source, reconcile every flow, report the five reliability domains."""
    outcome = _scan_and_show(workspace, parse_as_of(as_of), output_format, out=out, store=store)
    raise typer.Exit(_scan_exit(outcome.breached, outcome.warned, outcome.invalid_records, fail_on))


def _scan_and_show(
    workspace: Path,
    when: datetime,
    output_format: OutputFormat,
    *,
    out: Path | None = None,
    store: str | None = None,
) -> ScanOutcome:
    """Run the main job with a progress bar and print its report (scan and demo share this)."""
    from seamguard.app.scan import run_scan
    from seamguard.render.report_json import render_report_json
    from seamguard.render.report_text import render_report_text

    progress = RichProgress()
    try:
        outcome = run_scan(workspace, as_of=when, out_dir=out, store=store, progress=progress)
    finally:
        progress.close()
    if output_format is OutputFormat.json:
        sys.stdout.write(render_report_json(outcome.report))
    else:
        stdout.print(render_report_text(outcome.report))
    return outcome


@app.command()
def demo(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where to build the demo workspace.")
    ] = Path("seamguard-demo"),
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the simulated stack (same seed, same data).")
    ] = 7,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Override the demo's fixed as-of time.")
    ] = None,
    output_format: FormatOpt = OutputFormat.text,
) -> None:
    """Build a simulated storefront/OMS/ERP/PSP/PIM stack with injected faults and scan it."""
    from seamguard.app.demo import build_demo_workspace
    from seamguard.core.timeutil import rfc3339

    built = build_demo_workspace(directory, seed=seed, as_of=parse_as_of(as_of) if as_of else None)
    if output_format is OutputFormat.text:
        stdout.print(f"demo workspace: {built.path} (seed {seed}, as of {rfc3339(built.as_of)})\n")
    outcome = _scan_and_show(built.path, built.as_of, output_format)
    if output_format is OutputFormat.text:
        stdout.print(
            f"\ninjected faults: {built.path / 'data' / 'MANIFEST.json'}\n"
            f"next: seamguard quarantine list --workspace {built.path}\n"
            f"      seamguard scan {built.path} --as-of {outcome.report['as_of']}"
            "   # the same report again"
        )
    raise typer.Exit(EXIT_OK)


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="JSONL, JSON, CSV or Parquet files, or quoted globs ('data/*.csv', '**' "
            "allowed) that seamguard expands in sorted order."
        ),
    ],
    contract: Annotated[
        str,
        typer.Option(
            "--contract", "-c", help="Contract id (workspace or starter) or a contract YAML file."
        ),
    ],
    workspace: Annotated[
        Path, typer.Option("--workspace", "-w", help="Workspace whose contracts and store to use.")
    ] = Path(),
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help="Store URL (default: the workspace's, else .seamguard/state.db)."
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Source name recorded with quarantined records (default: the first file's name).",
        ),
    ] = None,
    input_format: Annotated[
        InputFormat | None, typer.Option("--input-format", help="Default: by extension.")
    ] = None,
    no_quarantine: Annotated[
        bool, typer.Option("--no-quarantine", help="Do not keep invalid records in the store.")
    ] = False,
    output_format: FormatOpt = OutputFormat.text,
    fail_on: FailOnOpt = FailOn.error,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-j",
            min=1,
            help="Processes sharing large JSONL files (output is the same as with 1).",
        ),
    ] = 1,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help="CSV/Parquet column to place: 'NAME=/pointer' ('customer email=/customer/email'),"
            " or 'NAME=' to leave it out; repeatable. Other columns go to top-level properties "
            "of the same name.",
        ),
    ] = None,
) -> None:
    """Validate records against a contract; invalid ones go to quarantine with their reasons."""
    from seamguard.app.validate_cli import parse_columns, run_validate
    from seamguard.render.report_json import render_report_json
    from seamguard.render.validation import validation_document, validation_text

    columns = parse_columns(column or [])
    progress = RichProgress()
    try:
        result = run_validate(
            files,
            contract,
            workspace=workspace,
            store=store,
            source=source,
            fmt=input_format.value if input_format else None,
            quarantine=not no_quarantine,
            progress=progress,
            workers=workers,
            columns=columns,
        )
    finally:
        progress.close()
    if output_format is OutputFormat.json:
        sys.stdout.write(render_report_json(validation_document(result)))
    else:
        stdout.print(validation_text(result))
    failed = result.summary.invalid > 0 or (
        fail_on in (FailOn.warning, FailOn.info) and result.summary.warnings > 0
    )
    raise typer.Exit(EXIT_FINDINGS if failed and fail_on is not FailOn.never else EXIT_OK)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")] = Path(),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Scaffold a workspace: seamguard.yaml and the starter commerce contracts."""
    from seamguard.app.init import scaffold_workspace

    written = scaffold_workspace(directory, force=force)
    stdout.print(f"wrote {plural(len(written), 'file')} in {directory}:")
    for file in written:
        stdout.print(f"  {file.how:<11} {file.path}", highlight=False)
    stdout.print(f"\nnext: edit {directory / 'seamguard.yaml'}, then `seamguard lint {directory}`")


@app.command()
def lint(
    workspace: Annotated[
        Path, typer.Argument(help="Workspace folder or its seamguard.yaml.")
    ] = Path(),
    output_format: FormatOpt = OutputFormat.text,
    fail_on: FailOnOpt = FailOn.error,
) -> None:
    """Check the workspace file and contracts without reading any data."""
    from seamguard.app.lint import lint_workspace
    from seamguard.render.report_json import render_report_json

    result = lint_workspace(workspace)
    if output_format is OutputFormat.json:
        sys.stdout.write(
            render_report_json(
                {
                    "format_version": 1,
                    "workspace": result.workspace,
                    "contracts": result.contracts,
                    "findings": [f.as_dict() for f in result.findings],
                }
            )
        )
    else:
        for f in result.findings:
            style = "red" if f.severity == "error" else "yellow"
            stdout.print(
                f"{f.file}:{f.line}:{f.column}: [{style}]{f.severity}[/{style}] {f.code}: {f.message}",
                highlight=False,
            )
        errors = sum(1 for f in result.findings if f.severity == "error")
        warnings = len(result.findings) - errors
        stdout.print(
            f"{plural(result.contracts, 'contract')} checked: "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        )
    raise typer.Exit(findings_exit((f.severity for f in result.findings), fail_on))


# The compatibility commands live in their own module (their app code is imported lazily there).
app.command("diff")(compat_cli.diff)
app.command("rules")(compat_cli.rules)
app.command("check")(check_cli.check)


def run() -> None:
    """Console-script entry point: the single error boundary.

    Typer runs in standalone mode, so usage errors print the usage and exit 2 the way every
    CLI does; errors seamguard raises on purpose print one line and exit with their code.
    """
    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except SeamguardError as exc:
        if debug:
            traceback.print_exc()
        # The message is text, never markup: "pip install 'seamguard[cel]'" must print as is.
        stderr.print(
            Text.assemble(("error:", "red"), " ", str(exc)), highlight=False, soft_wrap=True
        )
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        stderr.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # the boundary: anything unexpected is a runtime error, one line
        if debug:
            traceback.print_exc()
        # An unexpected exception's text can hold anything, record values included (personal
        # data, DESIGN.md section 3): only its type is printed unless --debug asks for it.
        stderr.print(
            f"[red]internal error:[/red] {type(exc).__name__} "
            "(run with --debug for the message and traceback)",
            highlight=False,
        )
        sys.exit(EXIT_RUNTIME)
