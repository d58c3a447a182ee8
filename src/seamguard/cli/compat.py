"""``seamguard diff`` and ``seamguard rules``: the compatibility engine at the command line.

The use case, the engine and the renderers are imported when a command runs, so ``seamguard
--help`` does not pay for the YAML loader, the JSON Schema validator or the rule catalog.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from seamguard.cli.common import FailOn, FailOnOpt, stdout
from seamguard.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from rich.console import RenderableType

    from seamguard.core.compat.model import DiffResult, Mode, Policy


class ModeChoice(StrEnum):
    backward = "backward"
    forward = "forward"
    full = "full"


class PolicyChoice(StrEnum):
    lenient = "lenient"
    strict = "strict"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def show(renderable: RenderableType) -> None:
    """Print to the terminal with colour; into a pipe or file as plain text with no trailing
    spaces (Rich pads table cells), at the width the console would use."""
    if stdout.is_terminal:
        stdout.print(renderable)
        return
    from seamguard.render.diff import plain_text

    sys.stdout.write(plain_text(renderable, stdout.width))


def _mode(choice: ModeChoice) -> Mode:
    if choice is ModeChoice.backward:
        return "backward"
    if choice is ModeChoice.forward:
        return "forward"
    if choice is ModeChoice.full:
        return "full"
    assert_never(choice)


def _policy(choice: PolicyChoice) -> Policy:
    if choice is PolicyChoice.lenient:
        return "lenient"
    if choice is PolicyChoice.strict:
        return "strict"
    assert_never(choice)


def diff_exit(result: DiffResult, fail_on: FailOn) -> int:
    """1 when the diff breaks the mode (fail-on error), or has changes at or above the level."""
    if fail_on is FailOn.never:
        return EXIT_OK
    if not result.compatible:
        return EXIT_FINDINGS
    levels = {FailOn.error: ("error",), FailOn.warning: ("error", "warning")}
    counted = levels.get(fail_on, ("error", "warning", "info"))
    hit = any(c.severity in counted for c in result.changes)
    return EXIT_FINDINGS if hit else EXIT_OK


def diff(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="OLD", help="The earlier version: a contract YAML or a JSON Schema file."
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW", help="The later version: a contract YAML or a JSON Schema file."
        ),
    ],
    mode: Annotated[
        ModeChoice,
        typer.Option(
            "--mode",
            help="Directions that must hold: backward (NEW reads OLD's data), forward (OLD reads "
            "NEW's data) or full (both).",
        ),
    ] = ModeChoice.backward,
    policy: Annotated[
        PolicyChoice,
        typer.Option(
            "--policy",
            help="lenient: undeclared properties count as absent; strict: sound for every "
            "instance, undecidable changes break both directions.",
        ),
    ] = PolicyChoice.lenient,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", help="Output format.")
    ] = DiffFormat.text,
    fail_on: FailOnOpt = FailOn.error,
) -> None:
    """Classify every change between two versions of a contract or JSON Schema.

    Exit 0 when NEW is compatible with OLD in the mode, 1 when a change breaks it (or reaches --fail-on), 2 when a file cannot be read as a contract or a schema.
    """
    from seamguard.app.diff import run_diff
    from seamguard.render.diff import diff_markdown, diff_text, render_diff_json

    outcome = run_diff(
        old,
        new,
        mode=_mode(mode),
        policy=_policy(policy),
        old_display=str(old),
        new_display=str(new),
    )
    names = {"old": outcome.old.file, "new": outcome.new.file}
    if output_format is DiffFormat.json:
        sys.stdout.write(render_diff_json(outcome.result, **names))
    elif output_format is DiffFormat.markdown:
        sys.stdout.write(diff_markdown(outcome.result, **names))
    elif output_format is DiffFormat.text:
        show(diff_text(outcome.result, **names))
    else:
        assert_never(output_format)
    raise typer.Exit(diff_exit(outcome.result, fail_on))


def rules(
    output_format: Annotated[
        RulesFormat,
        typer.Option(
            "--format", help="Output format (markdown is docs/rules.md, json is for scripts)."
        ),
    ] = RulesFormat.text,
) -> None:
    """The compatibility rule catalog: id, summary, rationale, what each change breaks."""
    from seamguard.core.compat.rules import rule_infos
    from seamguard.render.rules_doc import rules_json, rules_markdown, rules_text

    infos = rule_infos()
    if output_format is RulesFormat.json:
        sys.stdout.write(rules_json(infos))
    elif output_format is RulesFormat.markdown:
        sys.stdout.write(rules_markdown(infos))
    elif output_format is RulesFormat.text:
        show(rules_text(infos))
    else:
        assert_never(output_format)
    raise typer.Exit(EXIT_OK)
