"""The diff renderers: one representative verdict as text, JSON and Markdown golden files, the
JSON keys DESIGN.md section 1 fixes, and schema text that can never restyle the output."""

from __future__ import annotations

import json

import pytest

from seamguard.core.compat.model import Change, DiffResult, Mode, Policy, Severity, conclude
from seamguard.render.diff import (
    diff_document,
    diff_markdown,
    diff_plain,
    diff_text,
    plain_text,
    render_diff_json,
    sorted_changes,
    verdict,
)
from tests.conftest import Golden

SEVERITY: dict[str, Severity] = {"enum-value-added": "error", "description-changed": "info"}


def _change(path: str, pointer: str, rule: str, *breaks: str, **extra: object) -> Change:
    return Change(
        path=path,
        pointer=pointer,
        rule=rule,
        breaks=tuple(breaks),  # type: ignore[arg-type]
        severity="info",
        message=str(extra.pop("message", f"{rule} at {pointer}")),
        **extra,  # type: ignore[arg-type]
    )


def _result(mode: Mode = "backward", policy: Policy = "lenient", *changes: Change) -> DiffResult:
    return conclude(changes, mode=mode, policy=policy, default_severity=SEVERITY)


def representative() -> DiffResult:
    """A forward diff of an order schema: a break, a change the mode does not check, an
    undecidable one reached from two paths, and info."""
    return _result(
        "forward",
        "strict",
        _change(
            "/status",
            "/properties/status/enum",
            "enum-value-added",
            "forward",
            message="enum value 'refunded' added",
        ),
        _change(
            "/currency",
            "/properties/currency/maxLength",
            "max-length-decreased",
            "backward",
            message="maxLength 4 -> 3",
            old_pointer="/properties/currency/maxLength",
        ),
        _change(
            "/billing/postcode",
            "/$defs/address/properties/postcode/pattern",
            "pattern-changed",
            "backward",
            "forward",
            message="pattern '^[0-9]{5}$' -> '^[0-9]{4,5}$' | containment undecidable",
            undecidable=True,
            paths=("/billing/postcode", "/shipping/postcode"),
        ),
        _change(
            "",
            "/description",
            "description-changed",
            message="description changed: <b>Order</b> -> Order as the OMS holds it",
        ),
    )


def test_text_golden(golden: Golden) -> None:
    golden.check(
        "render/diff.txt", diff_plain(representative(), old="v1/order.yaml", new="v2/order.yaml")
    )


def test_json_golden(golden: Golden) -> None:
    golden.check(
        "render/diff.json",
        render_diff_json(representative(), old="v1/order.yaml", new="v2/order.yaml"),
    )


def test_markdown_golden(golden: Golden) -> None:
    golden.check(
        "render/diff.md", diff_markdown(representative(), old="v1/order.yaml", new="v2/order.yaml")
    )


def test_json_has_the_documented_keys_in_order() -> None:
    doc = json.loads(render_diff_json(representative()))
    assert list(doc)[:4] == ["format_version", "mode", "policy", "compatible"]
    assert doc["format_version"] == 1
    assert (doc["mode"], doc["policy"], doc["compatible"]) == ("forward", "strict", False)
    assert "old" not in doc and "new" not in doc
    for change in doc["changes"]:
        assert list(change)[:6] == ["rule", "pointer", "path", "breaks", "severity", "message"]
        assert set(change["breaks"]) <= {"backward", "forward"}
        assert change["severity"] in ("error", "warning", "info")
    by_rule = {c["rule"]: c for c in doc["changes"]}
    added = by_rule["enum-value-added"]
    assert (added["pointer"], added["path"], added["breaks"], added["severity"]) == (
        "/properties/status/enum",
        "/status",
        ["forward"],
        "error",
    )
    assert by_rule["max-length-decreased"]["severity"] == "warning"  # breaks backward only
    assert by_rule["pattern-changed"]["undecidable"] is True
    assert by_rule["pattern-changed"]["paths"] == ["/billing/postcode", "/shipping/postcode"]
    assert by_rule["enum-value-added"]["paths"] == ["/status"]


def test_changes_sorted_by_path_severity_rule_pointer() -> None:
    result = _result(
        "full",
        "strict",
        _change("/b", "/properties/b", "z-rule", "backward"),
        _change("/a", "/properties/a/x", "y-rule"),
        _change("/a", "/properties/a/y", "b-rule", "forward"),
        _change("/a", "/properties/a/z", "a-rule", "forward"),
    )
    keys = [(c.path, c.rule) for c in sorted_changes(result.changes)]
    assert keys == [("/a", "a-rule"), ("/a", "b-rule"), ("/a", "y-rule"), ("/b", "z-rule")]
    assert [c["rule"] for c in diff_document(result)["changes"]] == [k[1] for k in keys]


@pytest.mark.parametrize(
    ("mode", "breaks", "expected"),
    [
        ("backward", ("forward",), "compatible"),
        ("forward", ("forward",), "breaks forward"),
        ("full", ("forward",), "breaks forward"),
        ("full", ("backward", "forward"), "breaks backward and forward"),
    ],
)
def test_verdict_names_the_broken_directions(
    mode: Mode, breaks: tuple[str, ...], expected: str
) -> None:
    result = _result(
        mode, "lenient", _change("/s", "/properties/s/enum", "enum-value-added", *breaks)
    )
    assert verdict(result) == expected
    assert diff_plain(result).splitlines()[0].startswith(("✓ ", "✗ "))
    assert expected in diff_plain(result).splitlines()[0]


def test_no_changes() -> None:
    result = _result("full", "strict")
    assert result.compatible
    assert diff_plain(result) == "✓ compatible · mode full · policy strict · no changes\n"
    assert json.loads(render_diff_json(result))["changes"] == []
    md = diff_markdown(result)
    assert md.startswith("### ✅ seamguard diff: compatible\n")
    assert "<details>" not in md


def test_compatible_with_changes_says_so_in_markdown() -> None:
    result = _result(
        "backward", "lenient", _change("/s", "/properties/s/enum", "enum-value-added", "forward")
    )
    md = diff_markdown(result)
    assert "No change breaks backward compatibility." in md
    assert "<details><summary>Every change with its pointer (1)</summary>" in md


def test_schema_text_is_never_markup_or_terminal_control() -> None:
    result = _result(
        "backward",
        "lenient",
        _change("/a", "/properties/a", "description-changed", message="[bold red]x[/] \x1b[2Jgone"),
    )
    text = diff_plain(result)
    assert "[bold red]x[/]" in text
    assert "\x1b" not in text and "\\x1b[2Jgone" in text
    md = diff_markdown(result)
    assert "\x1b" not in md


def test_table_where_it_fits_stacked_where_it_does_not() -> None:
    result = _result(
        "forward",
        "lenient",
        _change("/status", "/properties/status/enum", "enum-value-added", "forward"),
    )
    lines = diff_plain(result).splitlines()
    assert lines[2].split() == ["path", "severity", "rule", "pointer", "breaks", "message"]
    assert lines[4].split()[:5] == [
        "/status",
        "error",
        "enum-value-added",
        "/properties/status/enum",
        "forward",
    ]
    # Too narrow for whole pointers: one change per block, nothing cut in the middle.
    narrow = plain_text(diff_text(result), 60).splitlines()
    at = narrow.index("/status  error  enum-value-added  breaks forward")
    assert narrow[at + 2] == "  at /properties/status/enum"
