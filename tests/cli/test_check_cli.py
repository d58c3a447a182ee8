"""`seamguard check` at the command line on a real git repository: exit codes, every format,
--output, --fail-on, and bad input as one line with exit 2."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.gitrepo import Repo, order

AS_OF = "2026-12-01T12:00:00Z"


@pytest.fixture
def breaking(tmp_path: Path) -> Repo:
    """A feature branch that makes total an integer under a minor bump."""
    r = Repo(tmp_path / "repo")
    r.contract(order())
    r.contract(order(id="acme.refund", title="Refund"), "refund.yaml")
    r.commit("1.0.0")
    r.git("checkout", "-q", "-b", "feature")
    r.contract(order(version="1.1.0", schema_properties={"total": {"type": "integer"}}))
    r.commit("total becomes an integer")
    return r


def test_text_output_and_exit_1_on_errors(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--as-of", AS_OF)
    assert res.code == 1, res.err
    assert "acme.order" in res.out and "major-bump-required" in res.out
    assert "type-changed" in res.out and "contracts/order.yaml:" in res.out


def test_fail_on_never_exits_0(cli: Invoke, breaking: Repo) -> None:
    assert cli("check", str(breaking.ws), "--as-of", AS_OF, "--fail-on", "never").code == 0


def test_a_clean_branch_exits_0(cli: Invoke, breaking: Repo) -> None:
    breaking.git("checkout", "-q", "main")
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--base", "main", "--format", "json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["verdict"] == "pass"
    assert {c["id"]: c["change"] for c in doc["contracts"]} == {
        "acme.order": "unchanged",
        "acme.refund": "unchanged",
    }


def test_json_output(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "json")
    assert res.code == 1
    doc = res.json()
    assert doc["format_version"] == 1
    assert doc["verdict"] == "fail"
    assert doc["base"]["commit"] == breaking.git("rev-parse", "main")
    assert doc["head"]["commit"] == breaking.git("rev-parse", "HEAD")
    (order_check,) = [c for c in doc["contracts"] if c["id"] == "acme.order"]
    rules = sorted(f["rule"] for f in order_check["findings"])
    assert rules == ["major-bump-required", "type-changed"]
    (change,) = [f for f in order_check["findings"] if f["rule"] == "type-changed"]
    assert change["path"] == "/total" and change["consumers"] == ["erp"]
    assert change["location"]["file"] == "contracts/order.yaml"
    assert isinstance(change["location"]["line"], int)


def test_sarif_and_junit_written_with_output(cli: Invoke, breaking: Repo, tmp_path: Path) -> None:
    sarif = tmp_path / "out" / "seamguard.sarif"
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "sarif", "-o", str(sarif))
    assert res.code == 1
    assert res.out == ""
    assert "fail" in res.err and str(sarif) in res.err
    doc = json.loads(sarif.read_text(encoding="utf-8"))
    results = doc["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == ["major-bump-required", "type-changed"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"contracts/order.yaml"}

    junit = tmp_path / "junit.xml"
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "junit", "-o", str(junit))
    assert res.code == 1
    root = ET.fromstring(junit.read_bytes())
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"acme.order", "acme.refund"}
    assert cases["acme.order"].find("failure") is not None
    assert cases["acme.refund"].find("failure") is None


def test_markdown_output(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "markdown")
    assert res.code == 1
    assert res.out.index("acme.order") < res.out.index("<details")
    assert "type-changed" in res.out


def test_an_unknown_base_ref_is_one_line_and_exit_2(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--base", "no-such-branch", "--no-fetch")
    assert res.code == 2
    assert res.err.startswith("error:") and "no-such-branch" in res.err
    assert len(res.err.strip().splitlines()) == 1


def test_outside_a_git_repository_exit_2(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "seamguard.yaml").write_text("version: 1\n", encoding="utf-8")
    res = cli("check", str(tmp_path))
    assert res.code == 2
    assert "git" in res.err


def test_a_broken_head_contract_is_exit_2_at_file_line_col(cli: Invoke, breaking: Repo) -> None:
    breaking.write("contracts/order.yaml", "id: acme.order\nversion: 1.0.0\ntitle: [unclosed\n")
    res = cli("check", str(breaking.ws))
    assert res.code == 2
    assert "contracts/order.yaml:" in res.err


def test_a_bad_waiver_is_exit_2_at_its_key(cli: Invoke, breaking: Repo) -> None:
    breaking.workspace(
        "version: 1\nwaivers:\n  - rule: no-such-rule\n    contract: acme.order\n"
        "    path: /total\n    reason: r\n    expires: 2027-01-01\n"
    )
    res = cli("check", str(breaking.ws))
    assert res.code == 2
    assert "seamguard.yaml:3:" in res.err and "no-such-rule" in res.err


def test_a_bad_as_of_is_exit_2(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--as-of", "yesterday")
    assert res.code == 2
    assert "--as-of" in res.err


def test_a_store_that_fails_still_writes_the_report_then_exits_3(
    cli: Invoke, breaking: Repo
) -> None:
    (breaking.ws / ".seamguard").write_text("a file where the store's folder should be\n")
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "json")
    assert res.code == 3
    assert res.json()["verdict"] == "fail"  # the whole report is on stdout
    (line,) = res.err.strip().splitlines()
    assert line.startswith("error: the report is written but the run was not recorded: ")
    assert "cannot open store" in line


def test_store_option_records_elsewhere(cli: Invoke, breaking: Repo, tmp_path: Path) -> None:
    (breaking.ws / ".seamguard").write_text("the workspace's store is unusable\n")
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--store", "sqlite:///ci/checks.db")
    assert res.code == 1, res.err
    from seamguard.adapters.stores.sql import open_store

    with open_store("sqlite:///ci/checks.db", base_dir=breaking.ws) as store:
        (run,) = store.list_checks()
    assert (run.verdict, run.head_commit) == ("fail", breaking.git("rev-parse", "HEAD"))


def test_output_dash_is_stdout(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "json", "-o", "-")
    assert res.code == 1, res.err
    assert res.json()["verdict"] == "fail"
    assert not Path("-").exists()


def test_output_to_a_folder_is_a_usage_error(cli: Invoke, breaking: Repo, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    res = cli("check", str(breaking.ws), "--format", "sarif", "-o", str(folder))
    assert res.code == 2
    (line,) = res.err.strip().splitlines()
    assert line == (
        f"error: --output {folder} is a folder: name the report file, e.g. "
        f"{folder / 'seamguard.sarif'}"
    )
    assert list(folder.iterdir()) == []


def test_an_empty_base_is_a_usage_error(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--base", "")
    assert res.code == 2
    assert res.err.startswith("error: --base is empty")


def test_the_head_branch_is_in_the_report(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "json")
    assert res.json()["head"]["ref"] == "feature"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("r.sarif", "sarif"),
        ("R.SARIF", "sarif"),
        ("r.json", "json"),
        ("r.md", "markdown"),
        ("r.Markdown", "markdown"),
        ("r.xml", "junit"),
        ("r.txt", "text"),
        ("report", "text"),
    ],
)
def test_output_suffix_names_the_format_when_format_is_not_given(
    cli: Invoke, breaking: Repo, tmp_path: Path, name: str, kind: str
) -> None:
    target = tmp_path / name
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "-o", str(target))
    assert res.code == 1, res.err
    assert res.err.strip().endswith(f"; {kind} written to {target}")
    text = target.read_text(encoding="utf-8")
    if kind == "sarif":
        assert json.loads(text)["version"] == "2.1.0"
    elif kind == "json":
        assert json.loads(text)["format_version"] == 1
    elif kind == "junit":
        assert ET.fromstring(text).tag == "testsuites"
    elif kind == "markdown":
        assert text.startswith("### ") and "<details" in text
    else:
        assert "acme.order" in text and not text.lstrip().startswith(("{", "<"))


def test_an_explicit_format_wins_over_the_suffix(
    cli: Invoke, breaking: Repo, tmp_path: Path
) -> None:
    target = tmp_path / "r.sarif"
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--format", "json", "-o", str(target))
    assert res.code == 1, res.err
    assert json.loads(target.read_text(encoding="utf-8"))["format_version"] == 1


def test_junit_fails_test_cases_as_fail_on_does(
    cli: Invoke, breaking: Repo, tmp_path: Path
) -> None:
    junit = tmp_path / "junit.xml"
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--fail-on", "never", "-o", str(junit))
    assert res.code == 0, res.err
    root = ET.fromstring(junit.read_bytes())
    assert root.get("failures") == "0"
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["fail_on"] == "never"


def test_an_empty_workspace_path_is_a_usage_error(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", "")
    assert res.code == 2
    (line,) = res.err.strip().splitlines()
    assert line == (
        "error: the workspace path is empty: name the workspace folder (the one with "
        "seamguard.yaml), or leave it out for the current folder"
    )


def test_a_contract_given_as_the_workspace_is_exit_2(
    cli: Invoke, breaking: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(breaking.root)
    res = cli("check", "contracts/order.yaml")
    assert res.code == 2
    (line,) = res.err.strip().splitlines()
    assert line.startswith("error: contracts/order.yaml: this is a contract; pass the workspace")
    assert "unknown key" not in line


def test_an_unsupported_store_is_exit_2_before_the_check(cli: Invoke, breaking: Repo) -> None:
    res = cli("check", str(breaking.ws), "--as-of", AS_OF, "--store", "mysql://ci:pw@db/checks")
    assert res.code == 2
    assert res.out == ""  # refused before any report
    (line,) = res.err.strip().splitlines()
    assert line == (
        "error: --store: unsupported store mysql://ci:***@db/checks: use sqlite:///path or "
        "postgresql://..."
    )


def test_store_variables_are_expanded_from_the_environment(
    cli: Invoke, breaking: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMGUARD_TEST_CHECKS", str(tmp_path / "ci"))
    monkeypatch.delenv("SEAMGUARD_TEST_UNSET", raising=False)
    res = cli(
        "check",
        str(breaking.ws),
        "--as-of",
        AS_OF,
        "--store",
        "sqlite:///${SEAMGUARD_TEST_UNSET}/c.db",
    )
    assert res.code == 2
    assert res.err.strip() == "error: --store: environment variable SEAMGUARD_TEST_UNSET is not set"
    res = cli(
        "check",
        str(breaking.ws),
        "--as-of",
        AS_OF,
        "--store",
        "sqlite:///${SEAMGUARD_TEST_CHECKS}/c.db",
    )
    assert res.code == 1, res.err
    from seamguard.adapters.stores.sql import open_store

    with open_store(f"sqlite:///{tmp_path / 'ci' / 'c.db'}") as store:
        (run,) = store.list_checks()
    assert run.verdict == "fail"


def test_the_headline_follows_fail_on(cli: Invoke, tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.contract(order())
    r.commit()
    r.git("checkout", "-q", "-b", "feature")
    r.contract(order(id="acme.refund", title="Refund"), "refund.yaml")  # contract-added: info
    r.commit()
    md = cli("check", str(r.ws), "--as-of", AS_OF, "--format", "markdown", "--fail-on", "info")
    assert md.code == 1
    assert md.out.splitlines()[0] == "### ❌ seamguard check failed (--fail-on info)"
    default = cli("check", str(r.ws), "--as-of", AS_OF, "--format", "markdown")
    assert default.code == 0
    assert default.out.splitlines()[0] == "### ✅ seamguard check passed"
    out = tmp_path / "r.json"
    res = cli("check", str(r.ws), "--as-of", AS_OF, "--fail-on", "info", "-o", str(out))
    assert res.code == 1
    assert res.err.startswith("fail: 2 contracts, 0 errors, 0 warnings, 1 info, 0 waived")
