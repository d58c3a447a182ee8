"""``seamguard check``: the CI gate at the command line.

The use case (git, the engine, the store) and the renderers are imported when the command runs,
so ``seamguard --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from seamguard.cli.common import FailOn, FailOnOpt, findings_exit, parse_as_of, stderr
from seamguard.errors import OutputError, SeamguardError, StoreError, UsageError
from seamguard.render.plain import plural

if TYPE_CHECKING:
    from seamguard.core.gate.model import CheckResult


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"
    junit = "junit"


#: The format ``--output`` implies by its suffix when ``--format`` is not given.
_INFERRED = {
    ".sarif": CheckFormat.sarif,
    ".json": CheckFormat.json,
    ".md": CheckFormat.markdown,
    ".markdown": CheckFormat.markdown,
    ".xml": CheckFormat.junit,
}


def _format_for(output_format: CheckFormat | None, output: Path | None) -> CheckFormat:
    """``--format`` when given; else the one ``--output``'s suffix names (any case), else text."""
    if output_format is not None:
        return output_format
    if output is None or str(output) == "-":
        return CheckFormat.text
    return _INFERRED.get(output.suffix.lower(), CheckFormat.text)


def _render(result: CheckResult, output_format: CheckFormat, fail_on: FailOn) -> str:
    from seamguard import __version__
    from seamguard.render.check import check_json, check_markdown, check_text
    from seamguard.render.junit import check_junit
    from seamguard.render.plain import PLAIN_WIDTH, plain_text
    from seamguard.render.sarif import check_sarif

    if output_format is CheckFormat.text:
        return plain_text(check_text(result, fail_on=fail_on.value), PLAIN_WIDTH)
    if output_format is CheckFormat.json:
        return check_json(result)
    if output_format is CheckFormat.markdown:
        return check_markdown(result, fail_on=fail_on.value)
    if output_format is CheckFormat.sarif:
        return check_sarif(result, tool_version=__version__, repository_uri=_repository_uri())
    if output_format is CheckFormat.junit:
        return check_junit(result, fail_on=fail_on.value)
    assert_never(output_format)


def _repository_uri() -> str | None:
    """The repository's web address as the CI names it (GitHub Actions, GitLab CI), for SARIF's
    version-control provenance. The git remote is not used: its URL can carry a token."""
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if server and repository:
        return f"{server.rstrip('/')}/{repository}"
    return os.environ.get("CI_PROJECT_URL") or None


def check(
    workspace: Annotated[
        str,
        typer.Argument(
            metavar="[WS]", help="The workspace folder (or its seamguard.yaml).", show_default=False
        ),
    ] = ".",
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar="GIT_REF",
            help="Compare with the contracts at this ref (default: check.base in seamguard.yaml, "
            "else the merge base of HEAD with the default branch).",
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            help="Output format (default: the one --output's suffix names, .sarif, .json, .md, "
            ".xml for junit; else text).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report here (a summary line goes to stderr) instead of stdout "
            "('-' is stdout).",
        ),
    ] = None,
    fail_on: FailOnOpt = FailOn.error,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="RFC3339",
            help="The time sunsets and waiver expiries are judged at (default now).",
        ),
    ] = None,
    fetch: Annotated[
        bool | None,
        typer.Option(
            "--fetch/--no-fetch",
            help="May git fetch what a shallow clone lacks (default: check.fetch, true).",
            show_default=False,
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="URL",
            help="Record the run in this store (overrides the workspace's store:), e.g. "
            "sqlite:///ci-checks.db; a relative SQLite path is under the workspace.",
        ),
    ] = None,
) -> None:
    """The CI gate: compare every contract with its released versions in git and apply the policy (semver, deprecations, consumers, waivers).

    Exit 0 when nothing reaches --fail-on, 1 when a finding does, 2 on a usage, config, contract or git-ref problem, 3 when git or the store fails (the report is written first).
    """
    from seamguard.app.check import record_check, run_check

    if not workspace.strip():
        raise UsageError(
            "the workspace path is empty: name the workspace folder (the one with "
            "seamguard.yaml), or leave it out for the current folder"
        )
    chosen = _format_for(output_format, output)
    target = _output_target(output, chosen)
    outcome = run_check(
        Path(workspace),
        base=base,
        as_of=parse_as_of(as_of),
        fetch=fetch,
        record=False,
        store=store,
    )
    result = outcome.result
    # the report first: a store that cannot be written must not cost CI the report
    if target is None:
        if chosen is CheckFormat.text:
            from seamguard.cli.compat import show
            from seamguard.render.check import check_text

            show(check_text(result, fail_on=fail_on.value))
        else:
            sys.stdout.write(_render(result, chosen, fail_on))
        sys.stdout.flush()
    else:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_render(result, chosen, fail_on), encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        from seamguard.render.check import gate_verdict

        counts = result.counts()
        stderr.print(
            f"{gate_verdict(result, fail_on.value)}: {plural(len(result.contracts), 'contract')}, "
            f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, "
            f"{plural(counts['info'], 'info')}, {counts['waived']} waived; "
            f"{chosen.value} written to {target}",
            highlight=False,
        )
    try:
        record_check(outcome)
    except SeamguardError as exc:
        raise StoreError(f"the report is written but the run was not recorded: {exc}") from None
    severities = (f.severity for f in result.all_findings() if f.counts)
    raise typer.Exit(findings_exit(severities, fail_on))


_SUFFIX = {
    CheckFormat.text: "txt",
    CheckFormat.json: "json",
    CheckFormat.markdown: "md",
    CheckFormat.sarif: "sarif",
    CheckFormat.junit: "xml",
}


def _output_target(output: Path | None, output_format: CheckFormat) -> Path | None:
    """Where ``--output`` asks the report to go: None for stdout (no option, or ``-``)."""
    if output is None or str(output) == "-":
        return None
    if output.is_dir():
        example = output / f"seamguard.{_SUFFIX[output_format]}"
        raise UsageError(f"--output {output} is a folder: name the report file, e.g. {example}")
    return output
