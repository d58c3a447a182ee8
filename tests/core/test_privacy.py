"""Personal data: the redaction and withholding case tables, raw payloads, and real findings.

Case files (``tests/cases/privacy/*.yaml``) are lists of ``{title, input, expected}``; see the
comment at the top of each for its fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seamguard.core.contract import contract_from_mapping
from seamguard.core.privacy import (
    BUILTIN_PERSONAL_KEYS,
    MARKER,
    UNKNOWN,
    PersonalData,
    personal_locations,
    quotes_personal,
    redact,
    redact_raw,
    withhold,
    withhold_reasons,
)
from seamguard.core.validation.engine import compile_contract
from seamguard.core.validation.verdict import Verdict, Violation

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases" / "privacy"


def _cases(name: str) -> list[dict[str, Any]]:
    cases = YAML(typ="safe").load((CASES / name).read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases
    return cases


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["title"] for c in cases]


REDACT = _cases("redact.yaml")
WITHHOLD = _cases("withhold.yaml")


@pytest.mark.parametrize("case", REDACT, ids=_ids(REDACT))
def test_redact_cases(case: dict[str, Any]) -> None:
    personal = PersonalData.of(case["input"]["pointers"])
    doc = case["input"]["doc"]
    before = json.dumps(doc, sort_keys=True)
    assert redact(doc, personal) == case["expected"]
    assert json.dumps(doc, sort_keys=True) == before, "the input must not be mutated"
    if "locations" in case:
        assert list(personal_locations(doc, personal)) == case["locations"]


@pytest.mark.parametrize("case", WITHHOLD, ids=_ids(WITHHOLD))
def test_withhold_cases(case: dict[str, Any]) -> None:
    given = case["input"]
    personal = PersonalData.of(given["pointers"])
    doc = given.get("doc", UNKNOWN)
    findings = [
        Violation(path=f["path"], rule=f["rule"], keyword=f["keyword"], message=f"msg {i}")
        for i, f in enumerate(given["findings"])
    ]
    out = withhold(Verdict(record=1, line=1, violations=tuple(findings)), doc, personal)
    withheld = sorted(v.path for v in out.violations if not v.message.startswith("msg "))
    assert withheld == sorted(case["expected"]["withheld"])
    # The stored-reason form decides the same way.
    reasons = [
        {"rule": v.rule, "path": v.path, "keyword": v.keyword, "message": v.message}
        for v in findings
    ]
    again = withhold_reasons(reasons, personal, doc)
    assert sorted(r["path"] for r in again if not r["message"].startswith("msg ")) == withheld
    for f in findings:
        assert quotes_personal(f.rule, f.keyword, f.path, personal, doc) == (f.path in withheld)


def test_withheld_message_names_keyword_and_path() -> None:
    personal = PersonalData.of(["/customer/email"])
    v = Violation("/customer/email", "schema.format", "format", '"jane@@x" is not a "email"')
    (out,) = withhold(Verdict(1, 1, (v,)), {"customer": {"email": "jane@@x"}}, personal).violations
    assert "jane" not in out.message
    assert "format" in out.message and "/customer/email" in out.message
    assert (out.rule, out.path, out.keyword, out.schema_pointer) == (
        v.rule,
        v.path,
        v.keyword,
        v.schema_pointer,
    )


def test_findings_differing_only_in_the_quoted_value_become_one() -> None:
    personal = PersonalData.of(["/email"])
    a = Violation("/email", "schema.format", "format", '"a" is not a "email"')
    b = Violation("/email", "schema.format", "format", '"b" is not a "email"')
    out = withhold(Verdict(1, 1, (a, b)), {"email": "a"}, personal)
    assert len(out.violations) == 1


def test_withholding_is_idempotent() -> None:
    personal = PersonalData.of([])
    reasons = [{"rule": "schema.format", "path": "/email", "keyword": "format", "message": "x"}]
    once = withhold_reasons(reasons, personal)
    assert withhold_reasons(once, personal) == once


def test_real_schema_messages_never_show_the_personal_value() -> None:
    """jsonschema-rs quotes instances in its messages; none reaches the verdict."""
    contract = contract_from_mapping(
        {
            "id": "shop.order",
            "version": "1.0.0",
            "title": "t",
            "owner": {"team": "t"},
            "domain": "orders",
            "criticality": "high",
            "personal_data": ["/customer/email", "/customer/name"],
            "schema": {
                "type": "object",
                "properties": {
                    "status": {"enum": ["paid"]},
                    "customer": {
                        "type": "object",
                        "properties": {
                            "email": {"type": "string", "format": "email"},
                            "name": {"type": "string", "maxLength": 3},
                        },
                    },
                },
            },
        }
    )
    compiled = compile_contract(contract)
    raw = b'{"status": "voided", "customer": {"email": "jane.doe(at)example", "name": "Jane Doe"}}'
    doc, verdict = compiled.check_raw(raw, 1)
    assert "jane.doe(at)example" in " ".join(v.message for v in verdict.violations)  # the premise
    out = withhold(verdict, doc, PersonalData.of(contract.personal_data))
    text = " ".join(v.message for v in out.violations)
    assert "jane" not in text.lower() and "Jane Doe" not in text
    assert "voided" in text  # /status is not personal: its message stays useful
    assert {(v.rule, v.path) for v in out.violations} == {
        (v.rule, v.path) for v in verdict.violations
    }


# --- raw payloads -----------------------------------------------------------------------------


def test_raw_keeps_numbers_exactly_and_only_changes_personal_values() -> None:
    personal = PersonalData.of(["/customer/email"])
    raw = b'{"id": 7300000000000000123, "total": 18.600, "customer": {"email": "j@x.io"}, "n": "caf\xc3\xa9"}'
    out = redact_raw(raw, personal)
    assert out.replaced == 1 and out.parsed and out.changed
    assert out.data == (
        b'{"id":7300000000000000123,"total":18.600,"customer":{"email":"[redacted]"},"n":"caf\xc3\xa9"}'
    )


def test_raw_without_personal_data_is_returned_byte_for_byte() -> None:
    raw = b'{ "id" : 1,\n  "total": 1E+2 }'
    out = redact_raw(raw, PersonalData.of(["/email"]))
    assert out.data == raw and not out.changed


@pytest.mark.parametrize(
    "raw",
    [b'{"id": 5,', b"\xff\xfe not utf-8", b"", b"NaN"],
    ids=["truncated", "binary", "empty", "nan"],
)
def test_unparseable_raw_is_withheld_whole_with_its_length(raw: bytes) -> None:
    out = redact_raw(raw, PersonalData.of(["/email"]))
    assert not out.parsed and out.changed
    assert json.loads(out.data) == f"[redacted: {len(raw)} bytes, not JSON]"


def test_raw_with_a_duplicate_key_is_redacted_on_the_value_parsers_keep() -> None:
    raw = b'{"email": "first@x.io", "email": "last@x.io"}'
    out = redact_raw(raw, PersonalData.of(["/email"]))
    assert json.loads(out.data) == {"email": MARKER}
    assert b"@x.io" not in out.data


def test_raw_with_a_lone_surrogate_stays_valid_utf8() -> None:
    raw = b'{"email": "x", "note": "\\ud800"}'
    out = redact_raw(raw, PersonalData.of(["/email"]))
    out.data.decode("utf-8")
    assert json.loads(out.data) == {"email": MARKER, "note": "\ud800"}


def test_raw_nested_too_deep_to_walk_is_withheld_whole() -> None:
    depth = 5000
    raw = b'{"a":' * depth + b"1" + b"}" * depth
    out = redact_raw(raw, PersonalData.of([]))
    assert not out.parsed


def test_literal_null_payload_is_json() -> None:
    assert redact_raw(b"null", PersonalData.of([])).data == b"null"


# --- the built-in table -----------------------------------------------------------------------


def test_every_built_in_key_is_documented() -> None:
    """docs/contracts.md lists the built-in table; the two stay in step."""
    doc = (ROOT / "docs" / "contracts.md").read_text(encoding="utf-8")
    section = doc.split("## Personal data", 1)[1]
    listed = set(re.findall(r"`([a-z0-9_]+)`", section))
    missing = sorted(
        k for row in BUILTIN_PERSONAL_KEYS for k in (*row.keys, *row.under) if k not in listed
    )
    assert not missing, f"document these built-in keys in docs/contracts.md: {missing}"


def test_a_contract_without_personal_data_gets_the_built_in_table() -> None:
    assert PersonalData.of([]).builtin
    declared = PersonalData.of(["/note"])
    assert not declared.builtin and declared.covers("/note/0")
    assert not declared.covers("/email")
