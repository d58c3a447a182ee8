"""``seamguard check --format junit``: one JUnit test case per contract, for CI systems that show
test reports (GitLab merge requests, Jenkins, Azure Pipelines).

A test case fails as ``seamguard check --fail-on`` would: a contract with an unwaived finding at
or above the ``fail_on`` severity (``error`` by default; ``never``: nothing fails) has one
``<failure>`` listing those findings, counted by severity in its message; its other findings
(less severe, or waived) go to ``<system-out>``. The findings about waivers are one more test
case, judged the same way. The XML is built with ElementTree, which escapes; control characters, which XML 1.0 cannot
carry at all, are shown as ``\\xNN`` first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Final

from seamguard.core.gate.model import CheckResult, Finding, finding_counts, reaches
from seamguard.core.timeutil import rfc3339
from seamguard.render.check import (
    against_note,
    also_at_note,
    consumers_note,
    counts_phrase,
    location_text,
    ordered_contracts,
    ordered_findings,
    short_commit,
    shown_path,
    waiver_note,
)
from seamguard.render.report_text import clean

__all__ = ["SUITE_NAME", "WAIVERS_CASE", "check_junit"]

SUITE_NAME: Final = "seamguard check"
#: The test case holding the findings about the waivers of seamguard.yaml.
WAIVERS_CASE: Final = "seamguard.yaml waivers"
_CLASSNAME: Final = "seamguard.contracts"


def _line(finding: Finding, base_version: str | None, *, with_contract: bool = False) -> str:
    parts = [finding.severity, finding.rule]
    if with_contract:
        parts.append(finding.contract)
    parts.append(shown_path(finding.path))
    where = location_text(finding.location)
    head = " ".join(parts) + (f" ({where})" if where else "")
    notes = (
        also_at_note(finding),
        consumers_note(finding),
        against_note(finding, base_version),
        waiver_note(finding),
    )
    return f"{head}: {finding.message}" + "".join(f"; {n}" for n in notes if n)


def _lines(
    findings: Sequence[Finding], base_version: str | None, *, with_contract: bool = False
) -> str:
    return clean(
        "\n".join(_line(f, base_version, with_contract=with_contract) for f in findings),
        keep_newlines=True,
    )


def _case(
    suite: ET.Element,
    name: str,
    file: str | None,
    findings: Sequence[Finding],
    base_version: str | None = None,
    *,
    fail_on: str,
    with_contract: bool = False,
) -> bool:
    """Add one test case; True when it failed (an unwaived finding at ``fail_on`` or above)."""
    case = ET.SubElement(suite, "testcase", {"classname": _CLASSNAME, "name": clean(name)})
    if file:
        case.set("file", clean(file))
    failing = [f for f in findings if f.counts and reaches(f.severity, fail_on)]
    failed = bool(failing)
    if failed:
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": counts_phrase(finding_counts(failing)),
                "type": clean(failing[0].rule),
            },
        )
        failure.text = _lines(failing, base_version, with_contract=with_contract)
    # by identity: findings compare equal whatever their waiver or location
    failing_ids = {id(f) for f in failing}
    rest = [f for f in findings if id(f) not in failing_ids]
    if rest:
        ET.SubElement(case, "system-out").text = _lines(
            rest, base_version, with_contract=with_contract
        )
    return failed


def check_junit(result: CheckResult, *, fail_on: str = "error") -> str:
    """The JUnit XML report: ``<testsuites>`` holding one ``<testsuite>``, one ``<testcase>``
    per contract (in id order) and one for the waivers when any finding is about them.

    ``fail_on`` is ``--fail-on``'s value (``error``, ``warning``, ``info`` or ``never``): the
    lowest severity of an unwaived finding that fails its test case, so the report and the exit
    code agree. Any other value is a ValueError."""
    reaches("error", fail_on)  # an unknown value is a ValueError before anything is built
    suites = ET.Element("testsuites", {"name": SUITE_NAME})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE_NAME})
    suite.set("timestamp", rfc3339(result.as_of))
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("base", f"{result.base.ref}@{short_commit(result.base.commit)}"),
        ("head", f"{result.head.ref}@{short_commit(result.head.commit)}"),
        ("dirty", "true" if result.head.dirty else "false"),
        ("verdict", result.verdict),
        ("fail_on", fail_on),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": clean(value)})
    tests = failures = 0
    for c in ordered_contracts(result):
        tests += 1
        failures += _case(
            suite,
            c.contract,
            c.file,
            ordered_findings(c.findings),
            c.base_version,
            fail_on=fail_on,
        )
    if result.findings:
        tests += 1
        files = sorted({f.location.file for f in result.findings if f.location and f.location.file})
        failures += _case(
            suite,
            WAIVERS_CASE,
            files[0] if files else None,
            list(result.findings),
            fail_on=fail_on,
            with_contract=True,
        )
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", "0")
    ET.indent(suites, space="  ")
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
