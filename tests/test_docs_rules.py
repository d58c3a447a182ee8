"""docs/rules.md is the rule catalog rendered, never edited by hand; `seamguard rules` lists
the same catalog in every format."""

from __future__ import annotations

from pathlib import Path

from seamguard.core.compat.model import RuleInfo
from seamguard.core.compat.rules import rule_infos
from seamguard.render.rules_doc import rules_document, rules_markdown
from tests.conftest import Invoke

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_page_is_in_step_with_the_catalog() -> None:
    expected = rules_markdown(rule_infos())
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert current == expected, (
        "docs/rules.md differs from the rule catalog: run `make docs` "
        "(python scripts/gen_docs.py) and commit the result"
    )


def test_rules_markdown_is_the_page(cli: Invoke) -> None:
    res = cli("rules", "--format", "markdown")
    assert res.code == 0, res.err
    assert res.out == rules_markdown(rule_infos())


def test_rules_json_lists_the_whole_catalog(cli: Invoke) -> None:
    res = cli("rules", "--format", "json")
    assert res.code == 0, res.err
    doc = res.json()
    assert list(doc) == ["format_version", "rules"] and doc["format_version"] == 1
    ids = [r["id"] for r in doc["rules"]]
    assert ids == sorted(ids) == [i.id for i in rule_infos()]
    assert len(ids) == len(set(ids))
    for rule in doc["rules"]:
        assert list(rule) == [
            "id",
            "summary",
            "rationale",
            "breaks",
            "severity",
            "category",
            "replaced_by",
        ]
        assert rule["summary"] and rule["rationale"]
        assert set(rule["breaks"]) == {"strict", "lenient"}
        for directions in rule["breaks"].values():
            assert set(directions) <= {"backward", "forward"}
        assert rule["severity"] in ("error", "warning", "info")


def test_rules_text_names_every_rule(cli: Invoke) -> None:
    res = cli("rules")
    assert res.code == 0, res.err
    for info in rule_infos():
        assert info.id in res.out


def _infos() -> tuple[RuleInfo, ...]:
    return (
        RuleInfo(
            id="property-added",
            summary="A property is declared that was not.",
            rationale="Under an open model OLD accepted any value there.",
            breaks=("backward",),
            lenient_breaks=(),
        ),
        RuleInfo(
            id="enum-changed",
            summary="The enum changed | somehow.",
            rationale="Said nothing about the direction.",
            breaks=("backward", "forward"),
            severity="warning",
            replaced_by="enum-value-added",
        ),
    )


def test_markdown_gives_each_rule_its_metadata() -> None:
    page = rules_markdown(_infos())
    assert page.startswith("# Compatibility rules\n")
    assert "**backward**" in page and "**forward**" in page and "**lenient**" in page
    assert "x-extensible" in page
    # the index: sorted by id, pipes in text escaped, retired rules marked
    index = [line for line in page.splitlines() if line.startswith("| [`")]
    assert [line.split("`")[1] for line in index] == ["enum-changed", "property-added"]
    assert "The enum changed \\| somehow." in index[0] and "Retired" in index[0]
    assert "| backward | nothing | error |" in index[1]
    section = page.split("### property-added\n", 1)[1]
    assert "- breaks under strict: backward\n" in section
    assert "- breaks under lenient: nothing\n" in section
    assert "- default severity: error\n" in section
    assert "- category: schema\n" in section
    retired = page.split("### enum-changed\n", 1)[1].split("### ", 1)[0]
    assert "**Retired**: replaced by [`enum-value-added`](#enum-value-added)." in retired
    assert "- replaced by: `enum-value-added`\n" in retired


def test_json_document_shape() -> None:
    doc = rules_document(_infos())
    assert [r["id"] for r in doc["rules"]] == ["enum-changed", "property-added"]
    added = doc["rules"][1]
    assert added["breaks"] == {"strict": ["backward"], "lenient": []}
    assert doc["rules"][0]["replaced_by"] == "enum-value-added"
