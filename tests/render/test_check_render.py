"""The check renderers: one representative gate result (a breaking change with consumers, a
waived finding, unread breaks checked transitively, one of them against an older release only
and reaching several paths through a shared $defs entry, a waived contract-level finding, added,
removed and unchanged contracts, a stale waiver; located and unlocated findings) as text, JSON,
Markdown, SARIF and JUnit, asserted
on values and kept as golden files. SARIF is validated against the OASIS schema; the Markdown
comment's size cap, docs/ci.md and .pre-commit-hooks.yaml are checked too."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from seamguard.core.compat.rules import rule_infos
from seamguard.core.gate.model import CheckResult, ContractCheck, Finding, Revision, Waiver
from seamguard.core.gate.rules import gate_rules
from seamguard.errors import Location
from seamguard.render.check import (
    MARKDOWN_LIMIT,
    SAME_COMMIT_NOTE,
    check_json,
    check_markdown,
    check_text,
    ordered_findings,
)
from seamguard.render.junit import WAIVERS_CASE, check_junit
from seamguard.render.plain import plain_text
from seamguard.render.sarif import FINGERPRINT_KEY, check_sarif, fingerprint
from tests.conftest import ROOT, Golden

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
BASE = Revision("origin/main", "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d")
HEAD = Revision("HEAD", "9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6")
AS_OF = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
ORDER_FILE = "contracts/order.yaml"
WAIVER = Waiver(
    rule="field-removed-before-sunset",
    contract="commerce.order",
    path="/gateway",
    reason="ERP stopped reading it in 2026-Q3 (OPS-123)",
    expires=date(2027, 1, 31),
    index=0,
)
REFUND_WAIVER = Waiver(
    rule="major-bump-required",
    contract="commerce.refund",
    path="",
    reason="no consumer reads /reason or the amounts yet (OPS-140)",
    expires=date(2026, 6, 30),
    index=2,
)
AMOUNTS = ("/amount", "/fee/amount", "/lines/*/amount", "/lines/*/tax/amount", "/shipping/amount")


def _at(
    file: str, line: int | None = None, column: int | None = None, pointer: str = ""
) -> Location:
    return Location(file=file, line=line, column=column, pointer=pointer)


def order() -> ContractCheck:
    """Changed with a break two consumers read, a semver error and a waived early removal."""
    return ContractCheck(
        contract="commerce.order",
        change="changed",
        file=ORDER_FILE,
        compatibility="backward",
        base_version="2.1.0",
        head_version="2.2.0",
        compared_with=("2.1.0",),
        findings=(
            Finding(
                contract="commerce.order",
                rule="major-bump-required",
                path="",
                severity="error",
                message="2.1.0 -> 2.2.0 is not a major bump, but the contract has breaking "
                "changes (enum-value-removed)",
                pointer="/version",
                against=("2.1.0",),
                location=_at(ORDER_FILE, 2, 10, "/version"),
            ),
            Finding(
                contract="commerce.order",
                rule="enum-value-removed",
                path="/status",
                severity="error",
                message="enum value 'refunded' removed | producers still send `refunded`",
                pointer="/schema/properties/status/enum",
                breaks=("backward",),
                consumers=("erp", "wms"),
                against=("2.1.0",),
                location=_at(ORDER_FILE, 14, 9, "/schema/properties/status/enum"),
            ),
            Finding(
                contract="commerce.order",
                rule="field-removed-before-sunset",
                path="/gateway",
                severity="error",
                message="/gateway was removed before its sunset 2027-03-01",
                pointer="/schema/properties/gateway",
                change_rule="property-removed",
                breaks=("backward",),
                consumers=("erp",),
                against=("2.1.0",),
                waived=WAIVER,
                # the field is gone at the head: the file is known, the line is not
                location=_at(ORDER_FILE, pointer="/schema/properties/gateway"),
            ),
        ),
    )


def refund() -> ContractCheck:
    """Breaks nobody reads (warnings under unread_breaking: warning), one found against two
    released versions with no location at all, one against the older release only and reaching
    five paths; the minor bump they call for is waived on the whole contract."""
    return ContractCheck(
        contract="commerce.refund",
        change="changed",
        file="contracts/refund.yaml",
        compatibility="full_transitive",
        base_version="2.1.0",
        head_version="2.2.0",
        compared_with=("2.1.0", "2.0.0"),
        findings=(
            Finding(
                contract="commerce.refund",
                rule="major-bump-required",
                path="",
                severity="error",
                message="2.1.0 → 2.2.0 is not a major bump, but the contract has breaking "
                "changes (maximum-increased, required-added)",
                pointer="/version",
                against=("2.1.0",),
                waived=REFUND_WAIVER,
                location=_at("contracts/refund.yaml", 2, 10, "/version"),
            ),
            Finding(
                contract="commerce.refund",
                rule="required-added",
                path="/reason",
                severity="warning",
                message="/reason became required",
                pointer="/schema/required",
                breaks=("backward",),
                unread=True,
                against=("2.1.0", "2.0.0"),
            ),
            Finding(
                contract="commerce.refund",
                rule="maximum-increased",
                path="/amount",
                severity="warning",
                message="maximum of /$defs/money/properties/amount raised from 10000 to 50000",
                pointer="/schema/$defs/money/properties/amount/maximum",
                breaks=("forward",),
                unread=True,
                against=("2.0.0",),
                paths=AMOUNTS,
                location=_at("contracts/refund.yaml", 31, 18, "/schema/$defs/money"),
            ),
        ),
    )


def inventory() -> ContractCheck:
    return ContractCheck(
        contract="commerce.inventory_update",
        change="added",
        file="contracts/inventory_update.yaml",
        compatibility="backward",
        base_version=None,
        head_version="1.0.0",
        findings=(
            Finding(
                contract="commerce.inventory_update",
                rule="contract-added",
                path="",
                severity="info",
                message="new contract commerce.inventory_update 1.0.0",
                location=_at("contracts/inventory_update.yaml", 1, 1, ""),
            ),
        ),
    )


def shipment() -> ContractCheck:
    return ContractCheck(
        contract="legacy.shipment",
        change="removed",
        file="contracts/shipment.yaml",
        compatibility="backward",
        base_version="3.0.0",
        head_version=None,
        findings=(
            Finding(
                contract="legacy.shipment",
                rule="contract-removed",
                path="",
                severity="error",
                message="contract legacy.shipment 3.0.0 was deleted without being retired first",
                location=_at("contracts/shipment.yaml", 1, 1, ""),
            ),
        ),
    )


def product() -> ContractCheck:
    return ContractCheck(
        contract="commerce.product",
        change="unchanged",
        file="contracts/product.yaml",
        compatibility="backward",
        base_version="1.0.0",
        head_version="1.0.0",
    )


def waiver_unused() -> Finding:
    return Finding(
        contract="commerce.customer",
        rule="waiver-unused",
        path="/email",
        severity="warning",
        message="waiver of property-removed on commerce.customer at /email matches no finding",
        pointer="/waivers/1",
        location=_at("seamguard.yaml", 41, 5, "/waivers/1"),
    )


def representative() -> CheckResult:
    # contracts deliberately not in id order: every renderer sorts them
    return CheckResult(
        as_of=AS_OF,
        base=BASE,
        head=HEAD,
        contracts=(refund(), order(), shipment(), product(), inventory()),
        findings=(waiver_unused(),),
    )


CONTRACT_IDS = [
    "commerce.inventory_update",
    "commerce.order",
    "commerce.product",
    "commerce.refund",
    "legacy.shipment",
]


# --- JSON -------------------------------------------------------------------------------------


def test_json_document_keys_and_values() -> None:
    text = check_json(representative())
    assert text.startswith('{\n  "format_version": 1,\n') and text.endswith("}\n")
    doc = json.loads(text)
    assert list(doc) == [
        "format_version",
        "as_of",
        "base",
        "head",
        "verdict",
        "counts",
        "contracts",
        "findings",
    ]
    assert doc["as_of"] == "2026-05-04T12:00:00Z"
    assert doc["base"] == {"ref": "origin/main", "commit": BASE.commit}
    assert doc["head"] == {"ref": "HEAD", "commit": HEAD.commit, "dirty": False}
    assert doc["verdict"] == "fail"
    assert doc["counts"] == {
        "contracts": {"checked": 5, "fail": 2, "warn": 1, "pass": 2},
        "findings": {"error": 3, "warning": 3, "info": 1, "waived": 2},
    }
    assert [c["id"] for c in doc["contracts"]] == CONTRACT_IDS
    by_id = {c["id"]: c for c in doc["contracts"]}
    o = by_id["commerce.order"]
    assert {k: o[k] for k in list(o)[:8]} == {
        "id": "commerce.order",
        "file": ORDER_FILE,
        "change": "changed",
        "compatibility": "backward",
        "base_version": "2.1.0",
        "head_version": "2.2.0",
        "compared_with": ["2.1.0"],
        "verdict": "fail",
    }
    # counted findings first (errors, then by path), the waived one last
    assert [f["rule"] for f in o["findings"]] == [
        "major-bump-required",
        "enum-value-removed",
        "field-removed-before-sunset",
    ]
    bump, enum, waived = o["findings"]
    assert set(bump) == {
        "rule",
        "contract",
        "severity",
        "path",
        "paths",
        "pointer",
        "message",
        "location",
        "change_rule",
        "breaks",
        "consumers",
        "unread",
        "against",
        "waived",
    }
    assert bump["location"] == {"file": ORDER_FILE, "line": 2, "column": 10}
    # a contract-level finding: shown as / everywhere else, "" in the JSON
    assert bump["path"] == "" and bump["paths"] == [""]
    assert enum["paths"] == ["/status"]  # always present, [path] when the change reaches one
    assert enum["consumers"] == ["erp", "wms"] and enum["breaks"] == ["backward"]
    assert enum["unread"] is False and enum["waived"] is None and enum["change_rule"] is None
    assert waived["waived"] == {"reason": WAIVER.reason, "expires": "2027-01-31", "index": 0}
    assert waived["change_rule"] == "property-removed"
    assert waived["location"] == {"file": ORDER_FILE, "line": None, "column": None}
    r = by_id["commerce.refund"]
    assert r["verdict"] == "warn" and r["compared_with"] == ["2.1.0", "2.0.0"]
    shared, unread, waived_bump = r["findings"]
    assert unread["unread"] is True and unread["consumers"] == []
    assert unread["location"] is None and unread["against"] == ["2.1.0", "2.0.0"]
    assert shared["path"] == "/amount" and shared["paths"] == list(AMOUNTS)
    assert shared["against"] == ["2.0.0"]
    assert waived_bump["path"] == "" and waived_bump["waived"]["index"] == 2
    added = by_id["commerce.inventory_update"]
    assert added["base_version"] is None and added["change"] == "added"
    assert by_id["legacy.shipment"]["head_version"] is None
    assert by_id["commerce.product"]["findings"] == []
    assert [f["rule"] for f in doc["findings"]] == ["waiver-unused"]
    assert doc["findings"][0]["pointer"] == "/waivers/1"
    assert doc["findings"][0]["location"] == {"file": "seamguard.yaml", "line": 41, "column": 5}


def test_json_is_the_same_whatever_the_input_order() -> None:
    result = representative()
    shuffled = replace(
        result,
        contracts=tuple(
            replace(c, findings=tuple(reversed(c.findings))) for c in reversed(result.contracts)
        ),
    )
    assert check_json(shuffled) == check_json(result)


# --- text -------------------------------------------------------------------------------------


def test_text_golden(golden: Golden) -> None:
    golden.check("render/check.txt", plain_text(check_text(representative())))


def test_text_values() -> None:
    text = plain_text(check_text(representative()))
    lines = text.splitlines()
    contract_lines = [
        line for line in lines if line[:1] in ("✗", "▲", "✓") and "." in line.split()[1]
    ]
    assert [line.split()[1] for line in contract_lines] == CONTRACT_IDS
    order_line = next(line for line in lines if "commerce.order" in line and "→" in line)
    assert order_line.split()[2:] == ["2.1.0", "→", "2.2.0", "changed", "fail"]
    added_line = next(line for line in lines if line.split()[1:2] == ["commerce.inventory_update"])
    assert added_line.split()[2:] == ["—", "→", "1.0.0", "added", "pass"]
    assert "  error    enum-value-removed  /status  contracts/order.yaml:14:9" in lines
    assert "    reads: erp, wms" in lines
    assert "    waived until 2027-01-31: ERP stopped reading it in 2026-Q3 (OPS-123)" in lines
    assert "contracts/order.yaml at /schema/properties/gateway" in text  # no line known
    # against: shown whenever it is not just the base version, also for one older release
    assert "    against 2.1.0, 2.0.0" in lines
    assert "    against 2.0.0" in lines
    # not for the findings against the base version alone
    assert [line for line in lines if line.startswith("    against")] == [
        "    against 2.0.0",
        "    against 2.1.0, 2.0.0",
    ]
    # a change in a shared $defs entry lists the other paths it reaches, three at most
    assert "  warning  maximum-increased  /amount  contracts/refund.yaml:31:18" in lines
    assert "    also at /fee/amount, /lines/*/amount, /lines/*/tax/amount (+1 more)" in lines
    assert text.count("also at") == 1
    # a contract-level finding is shown at /
    assert "  error    major-bump-required  /  contracts/refund.yaml:2:10" in lines
    # the unread note is shown once per finding, on its own line, not also in the message
    assert text.count("(no declared consumer reads it)") == 2
    assert "    (no declared consumer reads it)" in lines
    assert "    /reason became required" in lines
    assert "  warning  waiver-unused  commerce.customer  /email  seamguard.yaml:41:5" in lines
    # the summary wraps under itself, never under the verdict symbol
    assert lines[-3:-1] == [
        "✗ 5 contracts checked against origin/main (1a2b3c4): 2 failed, 1 warned, 2 passed; "
        "3 errors, 3 warnings, 1 info, 2",
        "  waived",
    ]
    assert lines[-1] == "head HEAD (9f8e7d6) · as of 2026-05-04T12:00:00Z"


def test_text_without_contracts() -> None:
    empty = CheckResult(as_of=AS_OF, base=BASE, head=replace(HEAD, dirty=True), contracts=())
    assert plain_text(check_text(empty)).splitlines() == [
        "✓ 0 contracts checked against origin/main (1a2b3c4): 0 failed, 0 warned, 0 passed; "
        "no findings",
        "head HEAD (9f8e7d6), with uncommitted changes · as of 2026-05-04T12:00:00Z",
    ]


SAME = "nothing is committed on top of the base: only uncommitted changes are compared"


def test_base_at_the_head_commit_is_pointed_out() -> None:
    """On main right after a merge (or on a feature branch with no commits of its own), the
    merge base of HEAD with main is HEAD: nothing committed is compared, and both the text and
    the comment say so under the summary, in words that fit either case."""
    at_head = replace(representative(), base=Revision("merge-base(HEAD, origin/main)", HEAD.commit))
    assert SAME_COMMIT_NOTE.startswith(SAME)
    assert SAME_COMMIT_NOTE.endswith("pass --base with the previous release tag or commit")
    assert "default branch" not in SAME_COMMIT_NOTE
    lines = plain_text(check_text(at_head)).splitlines()
    summary = next(i for i, line in enumerate(lines) if "contracts checked against" in line)
    note = next(i for i, line in enumerate(lines) if SAME in line)
    assert summary < note < len(lines) - 1 and lines[-1].startswith("head HEAD")
    assert " ".join(line.strip() for line in lines[note:-1]) == SAME_COMMIT_NOTE
    md = check_markdown(at_head).splitlines()
    summary = next(i for i, line in enumerate(md) if "contracts checked against" in line)
    assert md[summary + 2] == f"⚠️ {SAME_COMMIT_NOTE}"
    for result in (representative(), replace(at_head, base=Revision("v1.0.0", ""))):
        assert SAME not in plain_text(check_text(result))
        assert SAME not in check_markdown(result)


@pytest.mark.parametrize(
    ("ref", "shown"),
    [
        ("9e6b613", "9e6b613"),
        ("9E6B613", "9E6B613"),
        ("9e6b6130aa55bb66cc77dd88ee99ff0011223344", "9e6b6130aa55bb66cc77dd88ee99ff0011223344"),
        ("9e6", "9e6 (9e6b613)"),  # too short to be a sha git would take
        ("v2.1.0", "v2.1.0 (9e6b613)"),
    ],
)
def test_a_sha_ref_is_not_repeated(ref: str, shown: str) -> None:
    base = Revision(ref, "9e6b6130aa55bb66cc77dd88ee99ff0011223344")
    result = CheckResult(as_of=AS_OF, base=base, head=HEAD, contracts=())
    assert f"checked against {shown}: " in plain_text(check_text(result))
    code = " ".join(
        f"`{part}`" if part[0] != "(" else f"(`{part[1:-1]}`)" for part in shown.split()
    )
    assert f"checked against {code}: " in check_markdown(result)


def test_text_escapes_control_characters() -> None:
    result = representative()
    evil = replace(result.contracts[0].findings[0], message="\x1b[2Jgone\x07")
    text = plain_text(check_text(replace(result, contracts=(replace(refund(), findings=(evil,)),))))
    assert "\x1b" not in text and "\\x1b[2Jgone\\x07" in text


# --- Markdown ---------------------------------------------------------------------------------

_PIPE = re.compile(r"(?<!\\)\|")


def _tables(markdown: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def _assert_tables_well_formed(markdown: str) -> list[list[str]]:
    tables = _tables(markdown)
    for table in tables:
        widths = {len(_PIPE.findall(row)) for row in table}
        assert len(widths) == 1, f"rows of different widths: {table}"
        assert re.fullmatch(r"\|(---\|)+", table[1])
        assert all(row.endswith(" |") or row.endswith("---|") for row in table)
    return tables


def test_markdown_golden(golden: Golden) -> None:
    golden.check("render/check.md", check_markdown(representative()))


def test_markdown_layout() -> None:
    md = check_markdown(representative())
    lines = md.splitlines()
    assert lines[0] == "### ❌ seamguard check failed"
    summary = (
        "5 contracts checked against `origin/main` (`1a2b3c4`): 2 failed, 1 warned, 2 passed; "
        "3 errors, 3 warnings, 1 info, 2 waived"
    )
    assert summary in lines
    assert lines.index(summary) < next(i for i, line in enumerate(lines) if "<details" in line)
    tables = _assert_tables_well_formed(md)
    contracts, *details = tables
    assert contracts[0] == "| contract | change | version | compatibility | verdict | findings |"
    # failures first, the unchanged contract without findings only counted
    assert [row.split(" | ")[0] for row in contracts[2:]] == [
        "| `commerce.order`",
        "| `legacy.shipment`",
        "| `commerce.refund`",
        "| `commerce.inventory_update`",
    ]
    assert "1 unchanged contract without findings is not listed." in lines
    assert "commerce.product" not in md
    assert len(details) == 5  # four contracts with findings, then the waivers
    summaries = [line for line in lines if line.startswith("<details")]
    # failing contracts open, so the reason is in view; the others folded
    assert summaries[0].startswith("<details open><summary>❌ <code>commerce.order</code>")
    assert [s.split("<summary>")[0] for s in summaries] == [
        "<details open>",  # commerce.order
        "<details open>",  # legacy.shipment
        "<details>",  # commerce.refund, warned
        "<details>",  # commerce.inventory_update, passed
        "<details>",  # the waivers, warned
    ]
    assert summaries[-1].startswith("<details><summary>⚠️ Waivers: 1 warning")
    assert md.rindex("<details") > md.index("legacy.shipment</code>")
    order_rows = details[0][2:]
    assert order_rows[-1].startswith("| ~~error~~ waived | `field-removed-before-sunset` |")
    assert "*(waived until 2027-01-31: ERP stopped reading it in 2026-Q3 (OPS-123))*" in md
    enum_row = next(row for row in order_rows if "`enum-value-removed`" in row)
    # a pipe, and the backticks of user text, escaped in a cell
    assert "removed \\| producers still send \\`refunded\\`" in enum_row
    assert enum_row.endswith(
        " | `contracts/order.yaml:14:9` | " + enum_row.split(" | ")[4] + " | erp, wms |"
    )
    shared_row, refund_row, bump_row = details[2][2:]
    # the contract may declare consumers: none of them reads this path
    assert refund_row.endswith("| *no declared consumer reads it* |")
    assert shared_row.endswith("| *no declared consumer reads it* |")
    assert "none declared" not in md
    assert "(no declared consumer reads it)" not in refund_row
    assert "(against 2.1.0, 2.0.0)" in refund_row
    assert "| — |" in refund_row  # no location
    assert "(against 2.0.0)" in shared_row
    assert shared_row.split(" | ")[2] == (
        "`/amount`, also at `/fee/amount`, `/lines/*/amount`, `/lines/*/tax/amount` (+1 more)"
    )
    assert bump_row.split(" | ")[2] == "`/`" and "against" not in bump_row
    assert md.count("(against") == 2


def test_markdown_verdict_headings() -> None:
    clean = CheckResult(as_of=AS_OF, base=BASE, head=HEAD, contracts=(product(),))
    md = check_markdown(clean)
    assert md.splitlines()[0] == "### ✅ seamguard check passed"
    assert "<details" not in md and "| contract |" not in md
    warned = replace(clean, contracts=(refund(),))
    assert check_markdown(warned).splitlines()[0] == "### ⚠️ seamguard check passed with warnings"


#: Text from contract files and seamguard.yaml that would format the comment or ping people.
HOSTILE = (
    "ping @alice and @acme/team: *bold* _it_ `code` ~~gone~~ [x](https://e.example) "
    r"\* <b>hi</b>"
)


def _hostile_result() -> CheckResult:
    waiver = replace(WAIVER, reason=HOSTILE)
    finding = replace(
        order().findings[2],
        message=f"message: {HOSTILE}",
        consumers=("@erp_team", "w*m*s"),
        waived=waiver,
    )
    contract = replace(order(), findings=(finding,))
    # a waived error: the contract passes, its block folded
    stale = replace(waiver_unused(), message=f"stale: {HOSTILE}", severity="error")
    return replace(representative(), contracts=(contract,), findings=(stale,))


def test_markdown_neutralises_user_text() -> None:
    """Messages, waiver reasons and consumer names are shown as text: no
    emphasis, code, links, strikethrough or HTML of their own, and no @mention."""
    md = check_markdown(_hostile_result())
    _assert_tables_well_formed(md)
    assert "@alice" not in md and "@acme" not in md and "@erp_team" not in md
    assert md.count("@&#8203;") == md.count("@") > 0
    assert "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ \\[x\\](" in md
    assert "&lt;b&gt;hi&lt;/b&gt;" in md and "<b>" not in md
    # a backslash of the text cannot undo an escape: \* stays a backslash and a star
    assert "\\\\\\*" in md
    # rendered as GitHub would (CommonMark with tables and strikethrough, as markdown-it-py
    # does): the one emphasis left is the waiver note's own, the one strikethrough the waived
    # severity's, and the only code is seamguard's (rule ids, paths, locations)
    html_out = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    assert "<strong>" not in html_out and "<a " not in html_out and "<b>" not in html_out
    rows = [r.split("</tr>")[0] for r in html_out.split("<tr>") if "message:" in r or "stale:" in r]
    assert len(rows) == 2
    row, stale_row = rows
    assert row.count("<em>") == 1 and "<em>(waived until 2027-01-31: ping" in row
    assert row.count("<s>") == 1 and "<s>error</s> waived" in row
    assert re.findall(r"<code>(.*?)</code>", row) == [
        "field-removed-before-sunset",
        "/gateway",
        "contracts/order.yaml at /schema/properties/gateway",
    ]
    assert "*bold* _it_ `code` ~~gone~~ [x](https://e.example) \\* &lt;b&gt;hi&lt;/b&gt;" in row
    assert "<em>" not in stale_row and "<s>" not in stale_row
    assert "`code`" in stale_row and "@\u200balice" in stale_row
    # the consumers column too
    assert "@&#8203;erp\\_team, w\\*m\\*s" in md


def test_markdown_opens_failing_blocks_only() -> None:
    md = check_markdown(_hostile_result())
    summaries = [line.split("<summary>")[0] for line in md.splitlines() if "<summary>" in line]
    # the contract's one finding is waived (folded); the error about the waivers fails (open)
    assert summaries == ["<details>", "<details open>"]


def _many(n: int) -> CheckResult:
    """n findings over ten contracts: one in fifty an error, the rest warnings and infos."""
    checks = []
    for c in range(10):
        cid = f"bulk.contract_{c}"
        findings = tuple(
            Finding(
                contract=cid,
                rule="enum-value-added" if i % 50 == 0 else "description-changed",
                path=f"/field_{i:05d}",
                severity="error" if i % 50 == 0 else ("warning" if i % 2 else "info"),
                message=f"change number {i} with a message long enough to take some room | `x`",
                location=_at(f"contracts/bulk_{c}.yaml", i + 1, 3),
            )
            for i in range(c, n, 10)
        )
        checks.append(
            ContractCheck(
                contract=cid,
                change="changed",
                file=f"contracts/bulk_{c}.yaml",
                compatibility="forward",
                base_version="1.0.0",
                head_version="1.1.0",
                findings=findings,
            )
        )
    return CheckResult(as_of=AS_OF, base=BASE, head=HEAD, contracts=tuple(checks))


def test_markdown_fits_a_github_comment() -> None:
    result = _many(5_000)
    md = check_markdown(result)
    assert len(md.encode("utf-16-le")) // 2 <= MARKDOWN_LIMIT
    shown = [row for table in _assert_tables_well_formed(md)[1:] for row in table[2:]]
    match = re.search(r"\*\*([\d,]+) findings left out to fit a GitHub comment\*\*", md)
    assert match is not None
    assert len(shown) + int(match.group(1).replace(",", "")) == 5_000
    # the least severe go first: every error is shown, then as many warnings as fit, no info
    severities = [row.split(" | ")[0].removeprefix("| ") for row in shown]
    assert severities.count("error") == 100
    assert 0 < severities.count("warning") < 2_450
    assert "info" not in severities
    assert md.splitlines()[0] == "### ❌ seamguard check failed"
    assert "10 contracts checked against" in md.splitlines()[2]
    # a contract keeps its row in the table even when none of its findings fit
    assert all(f"`bulk.contract_{c}`" in md for c in range(10))
    notes = re.findall(r"\*([\d,]+) more findings? not shown here\.\*", md)
    assert 0 < sum(int(n.replace(",", "")) for n in notes) <= int(match.group(1).replace(",", ""))


def test_markdown_cap_with_a_small_limit() -> None:
    md = check_markdown(representative(), limit=1_800)
    assert len(md) <= 1_800
    _assert_tables_well_formed(md)
    assert "left out to fit a GitHub comment" in md
    assert md.splitlines()[0] == "### ❌ seamguard check failed"


def test_markdown_under_the_limit_is_left_whole() -> None:
    md = check_markdown(representative())
    assert "left out" not in md and "not shown here" not in md


# --- SARIF ------------------------------------------------------------------------------------


@cache
def _sarif_validator() -> Any:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def _sarif(result: CheckResult | None = None, **kwargs: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        check_sarif(result or representative(), tool_version="0.1.0", **kwargs)
    )
    return doc


def test_the_stored_schema_is_the_oasis_one() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def _assert_valid(doc: dict[str, Any]) -> None:
    errors = [f"{e.instance_path}: {e.message}" for e in _sarif_validator().iter_errors(doc)]
    assert not errors, "\n".join(errors)


def test_sarif_is_valid_sarif_2_1_0() -> None:
    doc = _sarif()
    _assert_valid(doc)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    _assert_valid(_sarif(repository_uri="https://github.com/acme/integrations"))
    _assert_valid(_sarif(CheckResult(as_of=AS_OF, base=BASE, head=HEAD, contracts=())))


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The validator really validates (a wrong level is refused)."""
    doc = _sarif()
    doc["runs"][0]["results"][0]["level"] = "fatal"
    assert not _sarif_validator().is_valid(doc)


def test_sarif_driver_lists_every_rule() -> None:
    (run,) = _sarif()["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "seamguard" and driver["version"] == "0.1.0"
    assert driver["informationUri"] == "https://github.com/seamguard/seamguard"
    ids = [r["id"] for r in driver["rules"]]
    expected = {r.id for r in gate_rules()} | {r.id for r in rule_infos()}
    assert len(ids) == len(set(ids)) == len(expected)
    assert set(ids) == expected
    by_id = {r["id"]: r for r in driver["rules"]}
    bump = by_id["major-bump-required"]
    gate = {r.id: r for r in gate_rules()}["major-bump-required"]
    assert bump["name"] == "MajorBumpRequired"
    assert bump["shortDescription"] == {"text": gate.summary}
    assert bump["fullDescription"] == {"text": gate.rationale}
    assert bump["defaultConfiguration"] == {"level": "error"}
    assert bump["properties"]["tags"] == ["contract", "gate"]
    assert by_id["contract-added"]["defaultConfiguration"] == {"level": "note"}
    assert by_id["waiver-unused"]["defaultConfiguration"] == {"level": "warning"}
    info = {r.id: r for r in rule_infos()}["enum-value-removed"]
    assert by_id["enum-value-removed"]["properties"]["tags"] == ["contract", info.category]
    assert by_id["enum-value-removed"]["name"] == "EnumValueRemoved"
    assert by_id["enum-value-removed"]["helpUri"].endswith("/docs/rules.md#enum-value-removed")


def test_sarif_results() -> None:
    result = representative()
    (run,) = _sarif(result)["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    findings = [
        f
        for c in sorted(result.contracts, key=lambda c: c.contract)
        for f in ordered_findings(c.findings)
    ]
    findings += list(result.findings)
    assert [r["ruleId"] for r in results] == [f.rule for f in findings]
    for r, f in zip(results, findings, strict=True):
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        level = {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        # a waived finding is a note, whatever its severity: an ingested suppression cannot
        # fail the code-scanning check; the severity is in the properties
        assert r["level"] == ("note" if f.waived is not None else level)
        assert r["properties"]["severity"] == f.severity
        assert r["message"]["text"].startswith(f.message)
        (loc,) = r["locations"]
        assert loc["logicalLocations"][0]["fullyQualifiedName"] == f"{f.contract}#{f.path or '/'}"
        physical = loc.get("physicalLocation")
        if f.location is not None and f.location.line is not None:
            assert physical["region"] == {
                "startLine": f.location.line,
                "startColumn": f.location.column,
            }
        elif physical is not None:
            assert "region" not in physical
        if physical is not None:
            uri = physical["artifactLocation"]["uri"]
            assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            assert not uri.startswith("/") and ":" not in uri
        assert r["partialFingerprints"] == {FINGERPRINT_KEY: fingerprint(f)}
        assert r["properties"]["contract"] == f.contract
        assert r["properties"]["consumers"] == list(f.consumers)
        assert r["properties"]["breaks"] == list(f.breaks)
        assert r["properties"]["against"] == list(f.against)
        assert r["properties"]["path"] == f.path  # "" for the whole contract, as in the JSON
        assert r["properties"]["paths"] == (list(f.paths) or [f.path])
        assert ("suppressions" in r) == (f.waived is not None)
    by_rule = {r["ruleId"]: r for r in results}
    assert by_rule["enum-value-removed"]["message"]["text"].endswith("`refunded`; reads: erp, wms")
    assert by_rule["required-added"]["message"]["text"] == (
        "/reason became required; (no declared consumer reads it)"
    )
    waived = by_rule["field-removed-before-sunset"]
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": WAIVER.reason,
            "properties": {"expires": "2027-01-31", "waiver_index": 0},
        }
    ]
    assert waived["level"] == "note" and waived["properties"]["severity"] == "error"
    # located without a line: the file, no region
    assert waived["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ORDER_FILE, "uriBaseId": "%SRCROOT%"}
    }
    # no location at all: the contract's file stands in
    unread = by_rule["required-added"]
    assert unread["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "contracts/refund.yaml", "uriBaseId": "%SRCROOT%"}
    }
    assert by_rule["waiver-unused"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 41,
        "startColumn": 5,
    }
    # no automationDetails: a fixed id would make upload-sarif ignore its category input
    assert "automationDetails" not in run
    assert "versionControlProvenance" not in run
    assert "originalUriBaseIds" not in run
    assert run["properties"]["head"]["commit"] == HEAD.commit


def test_sarif_version_control_provenance() -> None:
    (run,) = _sarif(repository_uri="https://github.com/acme/integrations")["runs"]
    assert run["versionControlProvenance"] == [
        {"repositoryUri": "https://github.com/acme/integrations", "revisionId": HEAD.commit}
    ]


def test_sarif_fingerprints_survive_moves_and_tell_findings_apart() -> None:
    f = order().findings[1]
    moved = replace(f, location=_at(ORDER_FILE, 40, 3), message="reworded")
    assert fingerprint(moved) == fingerprint(f)
    assert fingerprint(replace(f, path="/state")) != fingerprint(f)
    assert fingerprint(replace(f, contract="commerce.other")) != fingerprint(f)
    prints = [fingerprint(x) for c in representative().contracts for x in c.findings]
    assert len(set(prints)) == len(prints)


def test_sarif_uris_are_relative_and_encoded() -> None:
    odd = replace(
        inventory(),
        file="/contracts/with space/inv.yaml",
        findings=(replace(inventory().findings[0], location=None),),
    )
    (run,) = _sarif(replace(representative(), contracts=(odd,), findings=()))["runs"]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "contracts/with%20space/inv.yaml"


def test_sarif_golden(golden: Golden) -> None:
    golden.check("render/check.sarif", check_sarif(representative(), tool_version="0.1.0"))


# --- JUnit ------------------------------------------------------------------------------------


def test_junit_values() -> None:
    text = check_junit(representative())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ET.fromstring(text)
    assert root.tag == "testsuites" and root.get("name") == "seamguard check"
    (suite,) = root.findall("testsuite")
    for element in (root, suite):
        assert element.get("tests") == "6"
        assert element.get("failures") == "2"
        assert element.get("errors") == "0"
        assert element.get("skipped") == "0"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [*CONTRACT_IDS, WAIVERS_CASE]
    assert {c.get("classname") for c in cases} == {"seamguard.contracts"}
    assert cases[1].get("file") == ORDER_FILE
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert set(failed) == {"commerce.order", "legacy.shipment"}
    order_failure = failed["commerce.order"]
    assert order_failure is not None
    assert order_failure.get("message") == "2 errors"
    assert order_failure.get("type") == "major-bump-required"
    assert (order_failure.text or "").splitlines() == [
        "error major-bump-required / (contracts/order.yaml:2:10): 2.1.0 -> 2.2.0 is not a major "
        "bump, but the contract has breaking changes (enum-value-removed)",
        "error enum-value-removed /status (contracts/order.yaml:14:9): enum value 'refunded' "
        "removed | producers still send `refunded`; reads: erp, wms",
    ]
    out = cases[1].findtext("system-out") or ""
    assert "field-removed-before-sunset" in out and "waived until 2027-01-31" in out
    shipment_failure = failed["legacy.shipment"]
    assert shipment_failure is not None and shipment_failure.get("message") == "1 error"
    refund_case = cases[3]
    assert refund_case.find("failure") is None
    shared, unread, bump = (refund_case.findtext("system-out") or "").splitlines()
    assert shared == (
        "warning maximum-increased /amount (contracts/refund.yaml:31:18): maximum of "
        "/$defs/money/properties/amount raised from 10000 to 50000; also at /fee/amount, "
        "/lines/*/amount, /lines/*/tax/amount (+1 more); (no declared consumer reads it); "
        "against 2.0.0"
    )
    assert unread == (
        "warning required-added /reason: /reason became required; (no declared consumer reads "
        "it); against 2.1.0, 2.0.0"
    )
    # the waived bump, against the base version only: no against note, shown at /
    assert bump.startswith("error major-bump-required / (contracts/refund.yaml:2:10): ")
    assert "against" not in bump and bump.endswith("(OPS-140)")
    assert cases[2].find("system-out") is None  # unchanged, nothing found
    waivers = cases[-1]
    assert waivers.get("file") == "seamguard.yaml" and waivers.find("failure") is None
    assert "commerce.customer" in (waivers.findtext("system-out") or "")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {
        "base": "origin/main@1a2b3c4",
        "head": "HEAD@9f8e7d6",
        "dirty": "false",
        "verdict": "fail",
        "fail_on": "error",
    }


def _junit_failures(fail_on: str) -> tuple[ET.Element, dict[str, tuple[str, str, list[str]]]]:
    """The suite and, per failed test case, its failure's message, type and lines' rules."""
    root = ET.fromstring(check_junit(representative(), fail_on=fail_on))
    failed = {}
    for case in root.iter("testcase"):
        failure = case.find("failure")
        if failure is not None:
            rules = [line.split()[1] for line in (failure.text or "").splitlines()]
            failed[case.get("name") or ""] = (
                failure.get("message") or "",
                failure.get("type") or "",
                rules,
            )
    return root, failed


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [
        (
            "error",
            {
                "commerce.order": ("2 errors", "major-bump-required"),
                "legacy.shipment": ("1 error", "contract-removed"),
            },
        ),
        (
            "warning",
            {
                "commerce.order": ("2 errors", "major-bump-required"),
                "commerce.refund": ("2 warnings", "maximum-increased"),
                "legacy.shipment": ("1 error", "contract-removed"),
                WAIVERS_CASE: ("1 warning", "waiver-unused"),
            },
        ),
        (
            "info",
            {
                "commerce.inventory_update": ("1 info", "contract-added"),
                "commerce.order": ("2 errors", "major-bump-required"),
                "commerce.refund": ("2 warnings", "maximum-increased"),
                "legacy.shipment": ("1 error", "contract-removed"),
                WAIVERS_CASE: ("1 warning", "waiver-unused"),
            },
        ),
        ("never", {}),
    ],
)
def test_junit_follows_fail_on(fail_on: str, expected: dict[str, tuple[str, str]]) -> None:
    """A test case fails as the exit code would: on an unwaived finding at or above --fail-on,
    its failure counting those findings by severity; waived findings never fail one."""
    root, failed = _junit_failures(fail_on)
    assert {name: (message, kind) for name, (message, kind, _) in failed.items()} == expected
    assert root.get("failures") == str(len(expected)) and root.get("tests") == "6"
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["fail_on"] == fail_on and props["verdict"] == "fail"
    # a failure lists just the findings that fail; the waived ones stay in system-out
    cases = {c.get("name"): c for c in root.iter("testcase")}
    for name, (_, _, rules) in failed.items():
        out = cases[name].findtext("system-out") or ""
        assert "waived until" not in "".join(rules)
        if name == "commerce.order":
            assert rules == ["major-bump-required", "enum-value-removed"]
            assert "field-removed-before-sunset" in out and "waived until" in out
        if name == "commerce.refund":
            assert rules == ["maximum-increased", "required-added"]
            assert out.startswith("error major-bump-required /") and "(OPS-140)" in out
    if fail_on == "never":
        # nothing fails, nothing is lost: every finding is in a system-out
        outs = "\n".join(c.findtext("system-out") or "" for c in root.iter("testcase"))
        assert not list(root.iter("failure"))
        total = sum(len(c.findings) for c in representative().contracts) + 1
        assert len([line for line in outs.splitlines() if line]) == total
        assert "error enum-value-removed /status" in outs


def test_junit_refuses_an_unknown_fail_on() -> None:
    with pytest.raises(ValueError, match="fail_on"):
        check_junit(representative(), fail_on="errors")


def test_junit_survives_markup_and_control_characters() -> None:
    nasty = replace(
        shipment().findings[0], message='<b>&"quoted"</b> ]]> \x1b[31m\x00', rule="contract-removed"
    )
    result = replace(
        representative(),
        contracts=(replace(shipment(), contract="a<b>&c", findings=(nasty,)),),
        findings=(),
    )
    root = ET.fromstring(check_junit(result))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "a<b>&c"
    text = case.findtext("failure") or ""
    assert '<b>&"quoted"</b> ]]>' in text and "\\x1b[31m\\x00" in text


def test_junit_without_waiver_findings_has_no_waiver_case() -> None:
    root = ET.fromstring(check_junit(replace(representative(), findings=())))
    assert [c.get("name") for c in root.iter("testcase")] == CONTRACT_IDS
    assert root.get("tests") == "5"


def test_junit_golden(golden: Golden) -> None:
    golden.check("render/check.junit.xml", check_junit(representative()))


# --- docs/ci.md and the pre-commit hook -------------------------------------------------------


def test_docs_ci_names_every_gate_rule() -> None:
    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    missing = [r.id for r in gate_rules() if f"`{r.id}`" not in doc]
    assert not missing, f"docs/ci.md does not describe: {missing}"
    for fmt in ("text", "json", "markdown", "sarif", "junit"):
        assert f"`{fmt}`" in doc


def test_pre_commit_hook() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    (hook,) = hooks
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["id"] == "seamguard-check"
    assert hook["entry"] == "seamguard check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is False
    assert hook["stages"] == ["pre-push"]
    files = re.compile(hook["files"])
    for path in ("seamguard.yaml", "contracts/order.yaml", "acme/contracts/sub/refund.yml"):
        assert files.search(path), path
    for path in ("src/app.py", "contracts/README.md", "other.yaml"):
        assert not files.search(path), path


@pytest.mark.parametrize("result", [representative(), _many(300)], ids=["representative", "bulk"])
def test_every_format_renders_the_same_findings(result: CheckResult) -> None:
    total = sum(len(c.findings) for c in result.contracts) + len(result.findings)
    assert len(json.loads(check_json(result))["contracts"]) == len(result.contracts)
    sarif = json.loads(check_sarif(result, tool_version="0"))
    _assert_valid(sarif)
    assert len(sarif["runs"][0]["results"]) == total
    junit = ET.fromstring(check_junit(result))
    assert junit.get("tests") == str(len(result.contracts) + (1 if result.findings else 0))
