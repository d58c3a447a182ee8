"""The compatibility rule catalog as Markdown (docs/rules.md), JSON and a terminal table.

docs/rules.md is exactly :func:`rules_markdown` of the catalog; ``scripts/gen_docs.py`` writes
it and a test fails when the two drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from seamguard.core.compat.model import Direction, Policy, RuleInfo
from seamguard.render.diff import md_cell, md_code
from seamguard.render.report_json import render_report_json
from seamguard.render.report_text import DASH, clean

__all__ = ["rules_document", "rules_json", "rules_markdown", "rules_text"]

_INTRO = """\
# Compatibility rules

<!-- Generated from the rule catalog by scripts/gen_docs.py (`make docs`); do not edit. -->

`seamguard diff OLD NEW` classifies every change between two versions of a contract or a JSON
Schema with the rules below, and `seamguard rules` lists the same catalog
(`--format markdown` prints this page, `--format json` the catalog for scripts). Each rule says
which way the change goes (`enum-value-added`, not `enum-changed`), and its id is never reused:
a retired rule keeps its id and names its successor under *replaced by*.

## What the directions mean

The words mean what Confluent Schema Registry means by them, and they are about instances —
the JSON documents a schema accepts:

- **backward**: consumers on NEW can read data written with OLD. Every instance valid under
  OLD is valid under NEW. Removing a value from an enum breaks it; adding one does not.
- **forward**: consumers still on OLD can read data written with NEW. Every instance valid
  under NEW is valid under OLD. Adding a value to an enum breaks it (an old consumer meets a
  value it has never heard of); removing one does not.
- **full**: both.

`--mode` picks the directions that must hold (backward by default). A change that breaks a
direction the mode requires is reported at its rule's default severity and makes the diff
incompatible (exit 1); one that breaks only the other direction is a warning; one that breaks
nothing is info.

## Policies

- **strict** is sound for the instance semantics: when it says *compatible*, no instance can
  contradict it. Under an open content model an undeclared property may hold anything, so
  declaring an optional property narrows what is accepted (a backward break: OLD accepted any
  value there) and dropping one widens it (a forward break). What seamguard cannot decide
  (whether one regular expression contains another, `not`, CEL expressions, exotic
  combinations) is reported as undecidable and breaks both directions.
- **lenient** (the default) reasons the way most teams do about an open content model: a
  property the schema does not declare is taken to be absent. Adding or removing an optional
  property of an object that allows additional properties is then info. The catalog gives each
  rule's directions under both policies; they differ only where this assumption matters.

An enum marked `x-extensible: true` is a promise by its consumers to tolerate values they do
not know: under lenient, adding a value there is info, not a forward break. Strict still counts
it (the new value is not valid under OLD).

## Catalog

"""


def _dirs(directions: Sequence[Direction]) -> str:
    return ", ".join(directions) if directions else "nothing"


def _under(info: RuleInfo, policy: Policy) -> tuple[Direction, ...]:
    return info.breaks_under(policy)


def rules_document(infos: Sequence[RuleInfo]) -> dict[str, Any]:
    """The catalog as JSON data (format_version 1), rules in id order."""
    return {
        "format_version": 1,
        "rules": [
            {
                "id": i.id,
                "summary": i.summary,
                "rationale": i.rationale,
                "breaks": {
                    "strict": list(_under(i, "strict")),
                    "lenient": list(_under(i, "lenient")),
                },
                "severity": i.severity,
                "category": i.category,
                "replaced_by": i.replaced_by,
            }
            for i in sorted(infos, key=lambda r: r.id)
        ],
    }


def rules_json(infos: Sequence[RuleInfo]) -> str:
    """:func:`rules_document` serialised (indent 2, final newline)."""
    return render_report_json(rules_document(infos))


def rules_markdown(infos: Sequence[RuleInfo]) -> str:
    """docs/rules.md: what the words mean, an index table, then every rule in full."""
    ordered = sorted(infos, key=lambda r: r.id)
    lines = [
        "| rule | category | breaks (strict) | breaks (lenient) | severity | summary |",
        "|---|---|---|---|---|---|",
    ]
    for i in ordered:
        name = f"[{md_code(i.id)}](#{i.id})"
        summary = md_cell(i.summary)
        if i.replaced_by:
            summary = f"*Retired: replaced by {md_code(i.replaced_by)}.* {summary}"
        lines.append(
            f"| {name} | {md_cell(i.category)} | {_dirs(_under(i, 'strict'))} | "
            f"{_dirs(_under(i, 'lenient'))} | {i.severity} | {summary} |"
        )
    lines += ["", "## Rules", ""]
    for i in ordered:
        lines += [f"### {i.id}", ""]
        if i.replaced_by:
            lines += [f"**Retired**: replaced by [{md_code(i.replaced_by)}](#{i.replaced_by}).", ""]
        lines += [
            clean(i.summary),
            "",
            clean(i.rationale),
            "",
            f"- breaks under strict: {_dirs(_under(i, 'strict'))}",
            f"- breaks under lenient: {_dirs(_under(i, 'lenient'))}",
            f"- default severity: {i.severity}",
            f"- category: {clean(i.category)}",
            f"- replaced by: {md_code(i.replaced_by) if i.replaced_by else DASH}",
            "",
        ]
    return _INTRO + "\n".join(lines).rstrip("\n") + "\n"


def rules_text(infos: Sequence[RuleInfo]) -> RenderableType:
    """The catalog as a terminal table: id, category, breaks per policy, severity, summary."""
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold",
    )
    table.add_column("rule", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("strict", no_wrap=True)
    table.add_column("lenient", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("summary", ratio=1)
    for i in sorted(infos, key=lambda r: r.id):
        summary = Text(clean(i.summary))
        if i.replaced_by:
            summary = Text(f"retired: replaced by {clean(i.replaced_by)}. ", style="dim") + summary
        table.add_row(
            Text(clean(i.id), style="dim" if i.replaced_by else ""),
            Text(clean(i.category)),
            Text(_dirs(_under(i, "strict"))),
            Text(_dirs(_under(i, "lenient"))),
            Text(i.severity),
            summary,
        )
    return table
