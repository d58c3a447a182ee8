"""What every command shares: output formats, --as-of, --fail-on, consoles and progress."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from seamguard.app.progress import ScanProgress
from seamguard.core.gate.model import reaches
from seamguard.errors import EXIT_FINDINGS, EXIT_OK, UsageError

# Piped output gets a fixed, wide width so tables stay readable and reproducible in logs; lines
# of text are never hard-wrapped (soft_wrap), so one finding stays one greppable line.
stdout = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 140)
stderr = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class InputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def findings_exit(severities: Iterable[str], fail_on: FailOn) -> int:
    """1 when a finding is at or above ``--fail-on`` (never: always 0), else 0."""
    return EXIT_FINDINGS if any(reaches(s, fail_on.value) for s in severities) else EXIT_OK


# Options several commands share, declared once so their names and help stay the same.
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
FailOnOpt = Annotated[
    FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this level.")
]


def parse_as_of(value: str | None) -> datetime:
    """``--as-of``: an RFC 3339 instant (an offset or Z required); default now."""
    if value is None:
        return datetime.now(UTC).replace(microsecond=0)
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--as-of must be an RFC 3339 time like 2026-11-27T12:00:00Z; got {value!r}"
        ) from None
    if parsed.tzinfo is None:
        raise UsageError(f"--as-of needs a time zone (Z or +01:00): {value!r}")
    return parsed.astimezone(UTC)


class RecordRateColumn(ProgressColumn):
    """Records read so far and records per second (bytes/s alone hides a slow validator
    behind big records)."""

    def render(self, task: Task) -> Text:
        records = int(task.fields.get("records", 0))
        elapsed = task.finished_time if task.finished else task.elapsed
        rate = f"{records / elapsed:,.0f}" if elapsed else "?"
        return Text(f"{records:,} rec, {rate} rec/s", style="progress.data.speed")


class RichProgress(ScanProgress):
    """A progress bar with bytes/s and records/s on stderr, shown only when stderr is a
    terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._records = 0

    def start(self, total_bytes: int, label: str) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            self._progress = Progress(
                TextColumn("[bold]{task.description}", justify="left"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                RecordRateColumn(),
                TimeRemainingColumn(),
                console=stderr,
                transient=True,
            )
            self._progress.start()
        self._records = 0
        self._task = self._progress.add_task(label, total=total_bytes or None, records=0)

    def advance(self, nbytes: int, records: int = 1) -> None:
        """``nbytes`` more bytes and ``records`` more records were processed."""
        if self._progress is not None and self._task is not None:
            self._records += records
            self._progress.update(self._task, advance=nbytes, records=self._records)

    def finish(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.remove_task(self._task)
            self._task = None

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
