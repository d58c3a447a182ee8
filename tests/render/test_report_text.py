"""The terminal rendering of the scan report."""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from rich.console import Console

from seamguard.render.report_text import (
    clean,
    format_band,
    format_duration,
    format_number,
    render_report_plain,
    render_report_text,
)


def _line_of(text: str, needle: str) -> str:
    lines = [line for line in text.splitlines() if needle in line]
    assert len(lines) == 1, f"expected one line with {needle!r}, got {lines}"
    return lines[0]


def test_plain_matches_golden(report: dict[str, Any], golden: Any) -> None:
    golden.check("render/report.txt", render_report_plain(report))


def test_plain_is_120_columns_without_colour_or_trailing_spaces(report: dict[str, Any]) -> None:
    text = render_report_plain(report)
    assert "\x1b" not in text
    assert text.endswith("\n")
    for line in text.splitlines():
        assert len(line) <= 120, line
        assert line == line.rstrip()


def test_every_domain_has_a_row_with_status_word_and_symbol(report: dict[str, Any]) -> None:
    text = render_report_plain(report)
    expected = {
        "Order sync continuity": "✗ breach",
        "Product inventory consistency": "▲ warning",
        "Financial event integrity": "✗ breach",
        "Schema change resilience": "✓ healthy",
        "Recovery efficiency": "○ no data",
    }
    for title, status in expected.items():
        assert status in _line_of(text, title)


def test_sli_and_band_read_as_in_the_report(report: dict[str, Any]) -> None:
    text = render_report_plain(report)
    row = _line_of(text, "Order sync continuity")
    assert "98.71%" in row
    assert "≥ 99.5% (warn ≥ 99.0%)" in row
    assert "≤ 4 h (warn ≤ 8 h)" in _line_of(text, "Recovery efficiency")


def test_no_data_domain_shows_a_dash_never_a_number(report: dict[str, Any]) -> None:
    # Even when the builder leaves a stale value in, no_data must not read as a measurement.
    report["domains"][4]["sli"]["value"] = 3.5
    row = _line_of(render_report_plain(report), "Recovery efficiency")
    assert "no data" in row
    assert "3.5" not in row
    before_band = row.split("≤")[0]
    assert "—" in before_band
    assert not re.search(r"\d", before_band)


def test_flows_table_lists_every_count(report: dict[str, Any]) -> None:
    text = render_report_plain(report)
    row = _line_of(text, "storefront.orders →")
    assert row.startswith("order-sync ")
    numbers = re.findall(r"\d[\d,]*", row.split("→")[1])
    # matched, late, in_flight, overdue, missing, orphaned, duplicated, mismatched
    assert numbers == ["2,950", "12", "5", "3", "8", "1", "6", "4"]
    for header in ("matched", "late", "in flight", "overdue", "missing", "orphaned"):
        assert header in text


def test_rare_counts_and_examples_listed_under_the_flows(report: dict[str, Any]) -> None:
    text = render_report_plain(report)
    assert "over limit 3" in text
    assert "differs on /total_price->/total ×4" in text
    # two keys to look up, and how many more the count holds (8 missing in the sample)
    assert "missing: 1007, 1033 (+6 more)" in text
    # late and in-flight records resolve themselves: no keys listed for them
    assert "late:" not in text and "in flight:" not in text


def test_only_sources_with_invalid_records_are_listed(report: dict[str, Any]) -> None:
    text = render_report_plain(report)
    section = text.split("Invalid records")[1]
    assert "storefront.orders" in section
    assert "10 of 3,000 invalid" in section
    assert "oms.orders" not in section
    # Top violations first, with rule, path, count and first location on one line.
    line = _line_of(section, "money-precision")
    assert re.search(r"money-precision\s+/total_price\s+5\s+data/storefront/orders.jsonl:42", line)
    # psp.charges has six rules: five shown, the rest summed.
    assert "… 1 more rule" in section
    assert "schema.format" not in section


def test_all_valid_sources_say_so(report: dict[str, Any]) -> None:
    for source in report["sources"]:
        source["invalid"] = 0
        source["violations"] = []
    assert "All 6 sources valid." in render_report_plain(report)


def test_summary_line(report: dict[str, Any]) -> None:
    line = _line_of(render_report_plain(report), "15,234 records")
    assert line.startswith("✗ breach")
    assert "2 breach, 1 warning, 1 healthy, 1 no data" in line
    assert "15,234 records" in line
    assert "37 invalid (37 quarantined)" in line


def test_report_strings_are_not_rich_markup(report: dict[str, Any]) -> None:
    report["sources"][0]["violations"][0]["rule"] = "[bold red]x[/bold red]"
    report["domains"][0]["owner"] = "[link=https://e.x]o[/link]"
    text = render_report_plain(report)
    assert "[bold red]x[/bold red]" in text
    assert "[link=https://e.x]o[/link]" in text


def test_terminal_escapes_in_record_data_are_shown_not_executed(report: dict[str, Any]) -> None:
    report["sources"][0]["violations"][0]["path"] = "/a\x1b]8;;https://evil\x07b\u202e"
    text = render_report_plain(report)
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\\x1b" in text


def test_coloured_output_styles_the_status(report: dict[str, Any]) -> None:
    buffer = StringIO()
    console = Console(file=buffer, width=140, force_terminal=True, color_system="standard")
    console.print(render_report_text(report))
    assert "\x1b[" in buffer.getvalue()


def test_plain_output_ignores_the_environment(
    report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = render_report_plain(report)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert render_report_plain(report) == expected


def test_empty_flows_and_sources(report: dict[str, Any]) -> None:
    report["flows"] = []
    report["sources"] = []
    del report["reports"]
    text = render_report_plain(report)
    assert "No flows configured." in text
    assert "All 0 sources valid." in text
    assert "Reports:" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        (98.71, "98.71"),
        (99.0, "99.0"),
        (4, "4"),
        (15234, "15,234"),
        (1e-05, "0.00001"),
        (Decimal("184.10"), "184.10"),
        (Decimal("1E+3"), "1,000"),
        (True, "yes"),
    ],
)
def test_format_number(value: object, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        (
            {"objective": 99.5, "warning": 99.0, "higher_is_better": True, "unit": "%"},
            "≥ 99.5% (warn ≥ 99.0%)",
        ),
        ({"objective": 4, "warning": None, "higher_is_better": False, "unit": "h"}, "≤ 4 h"),
        (
            {"objective": 4, "warning": 8, "higher_is_better": False, "unit": "h"},
            "≤ 4 h (warn ≤ 8 h)",
        ),
        ({"objective": None, "warning": None, "higher_is_better": True, "unit": "%"}, "—"),
        (None, "—"),
    ],
)
def test_format_band(band: dict[str, Any] | None, expected: str) -> None:
    assert format_band(band) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, "—"),
        (8.5, "8.5s"),
        (62.0, "1m 2s"),
        (410.0, "6m 50s"),
        (900, "15m"),
        (86400, "1d"),
        (93600, "1d 2h"),
    ],
)
def test_format_duration(seconds: object, expected: str) -> None:
    assert format_duration(seconds) == expected


def test_clean_leaves_printable_text_alone() -> None:
    assert clean("Ünïcode · ✓ ok") == "Ünïcode · ✓ ok"
    assert clean("a\tb\nc\x00") == "a\\x09b\\x0ac\\x00"


@pytest.mark.parametrize("width", [60, 80, 100])
def test_narrow_terminal_keeps_every_value(report: dict[str, Any], width: int) -> None:
    # Rich would truncate or drop columns of a too-wide table; nothing may go missing.
    buffer = StringIO()
    Console(file=buffer, width=width, no_color=True).print(render_report_text(report))
    text = buffer.getvalue()
    assert "…" not in text.replace("… 1 more rule", "")
    for value in ("98.71%", "99.62%", "99.2%", "99.76%", "✗ breach", "○ no data"):
        assert value in text
    for kind in ("in flight", "overdue", "orphaned", "duplicated", "mismatched 4", "mismatched 18"):
        assert kind in text
