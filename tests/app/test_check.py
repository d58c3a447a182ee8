"""``seamguard check`` end to end on real git repositories built in a temp dir: commits,
branches, tags, a shallow clone; the findings asserted by rule, path, severity and location."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from seamguard.adapters.stores.sql import open_store
from seamguard.app.check import CheckOutcome, record_check, run_check
from seamguard.core.gate.model import Finding
from seamguard.errors import ConfigError, UsageError
from tests.gitrepo import Repo, dump_yaml, git, order

AS_OF = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _check(ws: Path, **kwargs: object) -> CheckOutcome:
    kwargs.setdefault("as_of", AS_OF)
    return run_check(ws, env={}, **kwargs)  # type: ignore[arg-type]


def _findings(outcome: CheckOutcome, contract: str = "acme.order") -> set[tuple[str, str, str]]:
    (check,) = [c for c in outcome.result.contracts if c.contract == contract]
    return {(f.rule, f.path, f.severity) for f in check.findings}


def _one(outcome: CheckOutcome, rule: str) -> Finding:
    (found,) = [f for f in outcome.result.all_findings() if f.rule == rule]
    return found


def _line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` containing ``needle``."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """main with acme.order 1.0.0 committed, and a feature branch checked out."""
    r = Repo(tmp_path / "repo")
    r.contract(order())
    r.commit("order 1.0.0")
    r.git("checkout", "-q", "-b", "feature")
    return r


def test_breaking_change_without_a_major_bump(repo: Repo) -> None:
    path = repo.contract(order(version="1.1.0", schema_properties={"total": {"type": "integer"}}))
    repo.commit("total becomes an integer")
    outcome = _check(repo.ws)
    assert _findings(outcome) == {
        ("major-bump-required", "", "error"),
        ("type-changed", "/total", "error"),
    }
    assert outcome.result.verdict == "fail"
    assert outcome.result.base.ref == "merge-base(HEAD, main)"
    assert outcome.result.base.commit == repo.git("rev-parse", "main")
    bump = _one(outcome, "major-bump-required")
    assert bump.location is not None
    assert (bump.location.file, bump.location.line) == (
        "contracts/order.yaml",
        _line_of(path, "version:"),
    )
    change = _one(outcome, "type-changed")
    assert change.consumers == ("erp",)
    assert change.location is not None and change.location.line is not None
    # the changed key: `type: integer` under total
    assert path.read_text().splitlines()[change.location.line - 1].strip() == "type: integer"


def test_breaking_change_with_a_major_bump_is_still_an_error(repo: Repo) -> None:
    repo.contract(order(version="2.0.0", schema_properties={"total": {"type": "integer"}}))
    repo.commit()
    outcome = _check(repo.ws)
    assert _findings(outcome) == {("type-changed", "/total", "error")}
    (check,) = outcome.result.contracts
    assert (check.base_version, check.head_version, check.change) == ("1.0.0", "2.0.0", "changed")


def test_additive_change_without_a_minor_bump(repo: Repo) -> None:
    repo.contract(order(version="1.0.1", schema_properties={"note": {"type": "string"}}))
    repo.commit()
    assert _findings(_check(repo.ws)) == {("minor-bump-required", "", "error")}
    repo.contract(order(version="1.1.0", schema_properties={"note": {"type": "string"}}))
    repo.commit()
    outcome = _check(repo.ws)
    assert _findings(outcome) == set() and outcome.result.verdict == "pass"


def test_a_changed_contract_with_an_unchanged_version(repo: Repo) -> None:
    repo.contract(order(title="Order as the OMS holds it"))
    repo.commit()
    assert _findings(_check(repo.ws)) == {("version-unchanged", "", "error")}


@pytest.fixture
def deprecated(tmp_path: Path) -> Repo:
    """main released 1.1.0 deprecating /gateway (sunset 2027-03-01); feature removes it."""
    r = Repo(tmp_path / "repo")
    r.contract(order())
    r.commit("1.0.0")
    deprecation = {
        "path": "/gateway",
        "since": "1.1.0",
        "sunset": "2027-03-01",
        "replacement": "/payment_gateways",
    }
    r.contract(order(version="1.1.0", deprecations=[deprecation]))
    r.commit("1.1.0 deprecates gateway")
    r.git("checkout", "-q", "-b", "feature")
    r.contract(order(version="2.0.0", schema_properties={"gateway": None}))
    r.commit("2.0.0 drops gateway")
    return r


def test_removing_a_deprecated_field_before_its_sunset(deprecated: Repo) -> None:
    outcome = _check(deprecated.ws, as_of=datetime(2027, 2, 28, tzinfo=UTC))
    assert _findings(outcome) == {("field-removed-before-sunset", "/gateway", "error")}
    found = _one(outcome, "field-removed-before-sunset")
    assert found.change_rule == "property-removed"
    # the key is gone from the head: placed at its nearest written ancestor, `properties:`
    assert found.location is not None and found.location.line is not None
    path = deprecated.ws / "contracts/order.yaml"
    assert path.read_text().splitlines()[found.location.line - 1].strip() == "properties:"


def test_removing_a_deprecated_field_after_its_sunset(deprecated: Repo) -> None:
    outcome = _check(deprecated.ws, as_of=datetime(2027, 3, 2, tzinfo=UTC))
    assert _findings(outcome) == {("deprecated-field-removed", "/gateway", "info")}
    assert outcome.result.verdict == "pass"


def test_removing_a_field_never_deprecated(repo: Repo) -> None:
    repo.contract(order(version="2.0.0", schema_properties={"gateway": None}))
    repo.commit()
    assert _findings(_check(repo.ws)) == {
        ("field-removed-without-deprecation", "/gateway", "error")
    }


WAIVED = """\
version: 1
waivers:
  - rule: type-changed
    contract: acme.order
    path: /total
    reason: ERP 7.2 reads integers since the November release
    expires: 2027-01-31
"""


def test_a_waiver_before_and_after_its_expiry(repo: Repo) -> None:
    repo.contract(order(version="2.0.0", schema_properties={"total": {"type": "integer"}}))
    repo.workspace(WAIVED)
    repo.commit()
    before = _check(repo.ws, as_of=datetime(2027, 1, 31, 23, 0, tzinfo=UTC))
    assert before.result.verdict == "pass"
    change = _one(before, "type-changed")
    assert change.waived is not None and change.waived.expires.isoformat() == "2027-01-31"
    assert list(before.result.findings) == []

    after = _check(repo.ws, as_of=datetime(2027, 2, 1, tzinfo=UTC))
    assert after.result.verdict == "fail"
    assert _one(after, "type-changed").waived is None
    expired = _one(after, "waiver-expired")
    assert expired.severity == "warning"
    assert expired.location is not None
    assert (expired.location.file, expired.location.line) == ("seamguard.yaml", 3)


def test_an_unused_waiver(repo: Repo) -> None:
    repo.workspace(WAIVED)
    repo.commit()
    outcome = _check(repo.ws)
    assert [(f.rule, f.contract, f.path) for f in outcome.result.findings] == [
        ("waiver-unused", "acme.order", "/total")
    ]
    assert outcome.result.verdict == "warn"


def test_a_transitive_break_two_versions_back(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.contract(
        order(compatibility="backward_transitive", schema_properties={"code": {"type": "string"}})
    )
    r.commit("1.0.0: code is a string")
    r.git("tag", "v1.0.0")
    r.contract(order(version="1.1.0", compatibility="backward_transitive"))
    r.commit("1.1.0: code no longer declared")
    r.git("tag", "v1.1.0")
    r.git("checkout", "-q", "-b", "feature")
    r.contract(
        order(
            version="1.2.0",
            compatibility="backward_transitive",
            schema_properties={"code": {"type": "integer"}},
        )
    )
    r.commit("1.2.0: code is an integer")
    outcome = _check(r.ws, base="v1.1.0")
    assert outcome.result.base.ref == "v1.1.0"
    assert _findings(outcome) == {
        ("major-bump-required", "", "error"),
        ("type-changed", "/code", "error"),
    }
    assert _one(outcome, "type-changed").against == ("1.0.0",)
    (check,) = outcome.result.contracts
    assert check.compared_with == ("1.1.0", "1.0.0")

    # the same history under plain backward: compared with the base version only, and passes
    r.contract(order(version="1.2.0", schema_properties={"code": {"type": "integer"}}))
    outcome = _check(r.ws, base="v1.1.0")
    assert {rule for rule, _, _ in _findings(outcome)} == {"compatibility-loosened"}
    assert outcome.result.head.dirty is True


def test_new_moved_and_deleted_contracts(repo: Repo) -> None:
    refund = order(id="acme.refund", title="Refund")
    repo.git("checkout", "-q", "main")
    repo.contract(order(id="acme.payment", title="Payment"), "payment.yaml")
    repo.commit("payment")
    repo.git("checkout", "-q", "-b", "feature2")
    repo.git("rm", "-q", "contracts/payment.yaml")
    (repo.ws / "contracts/orders").mkdir()
    repo.git("mv", "contracts/order.yaml", "contracts/orders/order.yaml")
    repo.contract(refund, "refund.yaml")
    repo.commit("refund added, payment deleted, order moved")
    outcome = _check(repo.ws)
    kinds = {c.contract: (c.change, c.file) for c in outcome.result.contracts}
    assert kinds == {
        "acme.order": ("unchanged", "contracts/orders/order.yaml"),
        "acme.payment": ("removed", "contracts/payment.yaml"),
        "acme.refund": ("added", "contracts/refund.yaml"),
    }
    assert _findings(outcome, "acme.payment") == {("contract-removed", "", "error")}
    assert _findings(outcome, "acme.refund") == {("contract-added", "", "info")}
    assert _findings(outcome, "acme.order") == set()


def test_a_workspace_in_a_subfolder_reports_repository_paths(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo", subdir="integrations/acme")
    r.contract(order())
    r.commit()
    r.git("checkout", "-q", "-b", "feature")
    r.contract(order(version="1.0.1", schema_properties={"note": {"type": "string"}}))
    outcome = _check(r.ws, base="main")
    (check,) = outcome.result.contracts
    assert check.file == "integrations/acme/contracts/order.yaml"
    assert _one(outcome, "minor-bump-required").location.file == check.file  # type: ignore[union-attr]
    assert outcome.result.head.dirty is True


def test_a_base_version_that_does_not_load(repo: Repo) -> None:
    repo.git("checkout", "-q", "main")
    repo.write("contracts/order.yaml", "id: acme.order\nversion: 1.0.0\n")
    repo.commit("broken")
    repo.git("checkout", "-q", "-b", "fix")
    repo.contract(order(version="1.0.1"))
    repo.commit("fixed")
    outcome = _check(repo.ws)
    assert _findings(outcome) == {("contract-unreadable-at-base", "", "warning")}
    unreadable = _one(outcome, "contract-unreadable-at-base")
    assert "missing required key" in unreadable.message
    assert "compared with 1.0.0" in unreadable.message  # the release before the broken commit
    (check,) = outcome.result.contracts
    assert (check.change, check.base_version, check.compared_with) == (
        "changed",
        "1.0.0",
        ("1.0.0",),
    )


def test_a_break_behind_an_unreadable_base_is_found_in_the_newest_readable_release(
    tmp_path: Path,
) -> None:
    r = Repo(tmp_path / "repo")
    r.contract(order(schema_properties={"status": {"type": "string", "enum": ["a", "b"]}}))
    r.commit("1.0.0: status a or b")
    r.write("contracts/order.yaml", "id: acme.order\nversion: 1.0.0\nschema: [unclosed\n")
    r.commit("a bad merge breaks the YAML")
    r.git("checkout", "-q", "-b", "fix")
    path = r.contract(
        order(version="1.0.1", schema_properties={"status": {"type": "string", "enum": ["a"]}})
    )
    r.commit("fixed, and b dropped under a patch bump")
    outcome = _check(r.ws)
    assert _findings(outcome) == {
        ("contract-unreadable-at-base", "", "warning"),
        ("enum-value-removed", "/status", "error"),
        ("major-bump-required", "", "error"),
    }
    assert outcome.result.verdict == "fail"
    (check,) = outcome.result.contracts
    assert (check.change, check.base_version, check.head_version) == ("changed", "1.0.0", "1.0.1")
    assert check.compared_with == ("1.0.0",)
    assert outcome.result.base.commit == r.git("rev-parse", "main")  # the base is still main
    removed = _one(outcome, "enum-value-removed")
    assert removed.against == ("1.0.0",)
    assert removed.location is not None
    assert (removed.location.file, removed.location.line) == (
        "contracts/order.yaml",
        _line_of(path, "enum:"),
    )
    unreadable = _one(outcome, "contract-unreadable-at-base")
    assert unreadable.message.startswith(
        "the version at the base cannot be read (contracts/order.yaml@"
    )
    assert "compared with 1.0.0" in unreadable.message


def test_an_unreadable_base_in_a_shallow_clone_fetches_the_release_that_reads(
    tmp_path: Path,
) -> None:
    origin = Repo(tmp_path / "origin")
    origin.contract(order(schema_properties={"status": {"type": "string", "enum": ["a", "b"]}}))
    origin.commit("1.0.0: status a or b")
    origin.write("contracts/order.yaml", "id: acme.order\nversion: 1.0.0\nschema: [unclosed\n")
    origin.commit("a bad merge breaks the YAML")
    origin.git("checkout", "-q", "-b", "fix")
    origin.contract(
        order(version="1.0.1", schema_properties={"status": {"type": "string", "enum": ["a"]}})
    )
    origin.commit("fixed, and b dropped under a patch bump")
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "fix",
        f"file://{origin.root}",
        str(clone),
    )
    git(clone, "fetch", "-q", "--depth=1", "origin", "+refs/heads/main:refs/remotes/origin/main")
    outcome = _check(clone, base="origin/main")
    assert _findings(outcome) == {
        ("contract-unreadable-at-base", "", "warning"),
        ("enum-value-removed", "/status", "error"),
        ("major-bump-required", "", "error"),
    }
    assert git(clone, "rev-parse", "--is-shallow-repository") == "false"


def test_an_unreadable_base_with_no_readable_release_compares_nothing(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.write("contracts/order.yaml", "id: acme.order\nversion: 1.0.0\nschema: [unclosed\n")
    r.commit("broken from the start")
    r.git("checkout", "-q", "-b", "fix")
    r.contract(order())
    r.commit("fixed")
    outcome = _check(r.ws)
    assert _findings(outcome) == {("contract-unreadable-at-base", "", "warning")}
    assert "nothing was compared" in _one(outcome, "contract-unreadable-at-base").message
    (check,) = outcome.result.contracts
    assert (check.change, check.base_version, check.compared_with) == ("added", None, ())


def test_every_run_is_recorded_in_the_store(repo: Repo) -> None:
    repo.contract(order(version="1.1.0", schema_properties={"total": {"type": "integer"}}))
    repo.commit()
    first = _check(repo.ws)
    second = _check(repo.ws, as_of=datetime(2026, 12, 2, tzinfo=UTC))
    assert first.run_id is not None and second.run_id == first.run_id + 1
    with open_store("sqlite:///.seamguard/state.db", base_dir=repo.ws) as store:
        runs = store.list_checks()
    assert [r.id for r in runs] == [second.run_id, first.run_id]
    latest = runs[0]
    assert latest.as_of == datetime(2026, 12, 2, tzinfo=UTC)
    assert (latest.base_ref, latest.base_commit) == (
        "merge-base(HEAD, main)",
        repo.git("rev-parse", "main"),
    )
    assert latest.head_commit == repo.git("rev-parse", "HEAD")
    assert latest.verdict == "fail" and latest.dirty is False
    assert latest.contracts["acme.order"]["verdict"] == "fail"
    assert latest.contracts["acme.order"]["errors"] == 2


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "seamguard.yaml").write_text("version: 1\n")
    with pytest.raises(UsageError) as err:
        _check(tmp_path)
    assert err.value.exit_code == 2
    assert "not inside a git" in str(err.value) or "not a git" in str(err.value)


def test_an_unknown_base_ref(repo: Repo) -> None:
    with pytest.raises(UsageError) as err:
        _check(repo.ws, base="release/9.9")
    assert "release/9.9" in str(err.value)


@pytest.fixture
def shallow(tmp_path: Path) -> Path:
    """A shallow CI clone (depth 1) of a feature branch whose merge base with main is two
    commits behind the tip of main on origin."""
    origin = Repo(tmp_path / "origin")
    origin.contract(order())
    origin.commit("1.0.0")
    origin.git("checkout", "-q", "-b", "feature")
    origin.contract(order(version="1.1.0", schema_properties={"total": {"type": "integer"}}))
    origin.commit("feature: total becomes an integer")
    origin.contract(
        order(version="1.1.0", schema_properties={"total": {"type": "integer"}}, title="O")
    )
    origin.commit("feature: title")
    origin.git("checkout", "-q", "main")
    origin.write("README.md", "main moves on\n")
    origin.commit("main moves on")  # origin's HEAD stays on main, as a hosted remote's does
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "feature",
        f"file://{origin.root}",
        str(clone),
    )
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    return clone


def test_a_shallow_clone_without_fetching_says_what_is_missing(shallow: Path) -> None:
    with pytest.raises(UsageError) as err:
        _check(shallow, fetch=False)
    assert "git fetch origin main" in str(err.value)  # the default branch is not there at all
    # CI fetched the tip of main, one commit deep: the merge base is still out of reach
    git(shallow, "fetch", "-q", "--depth=1", "origin", "+refs/heads/main:refs/remotes/origin/main")
    with pytest.raises(UsageError) as err:
        _check(shallow, fetch=False)
    assert "shallow" in str(err.value)
    assert err.value.exit_code == 2


def test_a_shallow_clone_fetches_what_it_needs(shallow: Path) -> None:
    outcome = _check(shallow)
    assert _findings(outcome) == {
        ("major-bump-required", "", "error"),
        ("type-changed", "/total", "error"),
    }
    assert outcome.result.base.ref == "merge-base(HEAD, origin/main)"


# -- contracts that moved between the base and the head ------------------------------------


def _kinds(outcome: CheckOutcome) -> dict[str, tuple[str, str | None]]:
    return {c.contract: (c.change, c.file) for c in outcome.result.contracts}


def test_a_renamed_contracts_folder_named_in_seamguard_yaml(repo: Repo) -> None:
    repo.git("mv", "contracts", "schemas")
    repo.workspace("version: 1\ncontracts: [schemas]\n")
    repo.write(
        "schemas/order.yaml",
        dump_yaml(order(version="1.1.0", schema_properties={"total": {"type": "integer"}})),
    )
    repo.commit("contracts/ becomes schemas/, total an integer")
    outcome = _check(repo.ws)
    assert _kinds(outcome) == {"acme.order": ("changed", "schemas/order.yaml")}
    assert _findings(outcome) == {
        ("major-bump-required", "", "error"),
        ("type-changed", "/total", "error"),
    }
    (check,) = outcome.result.contracts
    assert (check.base_version, check.head_version) == ("1.0.0", "1.1.0")


def test_a_narrowed_pattern_still_sees_a_deleted_contract(repo: Repo) -> None:
    repo.git("checkout", "-q", "main")
    repo.contract(order(id="acme.other", title="Other"), "other.yaml")
    repo.commit("other")
    repo.git("checkout", "-q", "-b", "narrow")
    repo.git("rm", "-q", "contracts/order.yaml")
    repo.workspace('version: 1\ncontracts: ["contracts/other*.yaml"]\n')
    repo.commit("order deleted, only other*.yaml are contracts")
    outcome = _check(repo.ws)
    assert _kinds(outcome) == {
        "acme.order": ("removed", "contracts/order.yaml"),
        "acme.other": ("unchanged", "contracts/other.yaml"),
    }
    assert _findings(outcome) == {("contract-removed", "", "error")}
    assert outcome.result.verdict == "fail"


def test_a_moved_workspace_is_found_by_the_id_lines_at_the_base(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo", subdir="ws")
    r.contract(order())
    # same id, other file name, earlier in path order: the head's file name wins
    r.write("../examples/copy-of-order.yaml", dump_yaml(order(version="0.9.0")))
    # a top-level `id:` line naming it but no contract: parsed, skipped
    r.write("../junk/order.yaml", "id: acme.order\nversion: [1.0\n")
    r.write("../notes/broken.yaml", "this: [is not: yaml\n")  # no id line: never parsed
    r.commit("1.0.0")
    r.git("checkout", "-q", "-b", "feature")
    r.git("mv", "ws", "ws2")
    moved = Repo.__new__(Repo)
    moved.root, moved.ws = r.root, r.root / "ws2"
    moved.contract(order(version="1.1.0", schema_properties={"total": {"type": "integer"}}))
    moved.commit("ws becomes ws2, total an integer")
    outcome = _check(moved.ws)
    assert _kinds(outcome) == {"acme.order": ("changed", "ws2/contracts/order.yaml")}
    assert _findings(outcome) == {
        ("major-bump-required", "", "error"),
        ("type-changed", "/total", "error"),
    }
    (check,) = outcome.result.contracts
    assert check.base_version == "1.0.0"  # ws/contracts/order.yaml, not the 0.9.0 copy


def test_a_moved_transitive_contract_keeps_its_history(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo", subdir="ws")
    code = {"code": {"type": "string"}}
    r.contract(order(compatibility="backward_transitive", schema_properties=code))
    r.commit("1.0.0: code is a string")
    r.contract(order(version="1.1.0", compatibility="backward_transitive"))
    r.commit("1.1.0: code no longer declared")
    r.git("checkout", "-q", "-b", "feature")
    r.git("mv", "ws", "ws2")
    moved = Repo.__new__(Repo)
    moved.root, moved.ws = r.root, r.root / "ws2"
    moved.contract(
        order(
            version="1.2.0",
            compatibility="backward_transitive",
            schema_properties={"code": {"type": "integer"}},
        )
    )
    moved.commit("moved; 1.2.0: code is an integer")
    outcome = _check(moved.ws)
    (check,) = outcome.result.contracts
    assert check.compared_with == ("1.1.0", "1.0.0")
    assert _one(outcome, "type-changed").against == ("1.0.0",)


def test_a_contracts_folder_outside_the_repository_is_a_config_error(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "payment.yaml").write_text(
        dump_yaml(order(id="acme.payment", title="Payment")), encoding="utf-8"
    )
    r = Repo(tmp_path / "repo")
    r.contract(order())
    r.workspace("version: 1\ncontracts: [contracts, ../shared]\n")
    r.commit()
    with pytest.raises(ConfigError) as err:
        _check(r.ws, base="main")
    assert err.value.exit_code == 2
    where = err.value.location
    assert (where.file, where.line, where.column, where.pointer) == (
        str(r.ws / "seamguard.yaml"),
        2,
        24,
        "/contracts/1",
    )
    assert "'../shared' is outside the git repository" in err.value.message
    assert "cannot compare" in err.value.message


def test_a_repository_without_commits(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.contract(order())
    for base in (None, "main"):
        with pytest.raises(UsageError) as err:
            _check(r.ws, base=base)
        assert err.value.exit_code == 2
        assert err.value.message.startswith(
            "the repository has no commits yet: commit the contracts first"
        )


def test_an_empty_base_is_a_usage_error(repo: Repo) -> None:
    with pytest.raises(UsageError) as err:
        _check(repo.ws, base="")
    assert err.value.message.startswith("--base is empty")


def test_the_head_is_shown_by_its_branch(repo: Repo) -> None:
    assert _check(repo.ws, record=False).result.head.ref == "feature"
    repo.git("checkout", "-q", "--detach")
    assert _check(repo.ws, record=False).result.head.ref == "HEAD"
    pr = run_check(repo.ws, as_of=AS_OF, record=False, env={"GITHUB_HEAD_REF": "feature/pay"})
    assert pr.result.head.ref == "feature/pay"
    repo.git("checkout", "-q", "feature")  # on a branch, the branch wins over the environment
    on_branch = run_check(repo.ws, as_of=AS_OF, record=False, env={"GITHUB_HEAD_REF": "x"})
    assert on_branch.result.head.ref == "feature"


@pytest.mark.parametrize(
    ("env", "shown"),
    [
        (
            {"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature/mr", "CI_COMMIT_REF_NAME": "x"},
            "feature/mr",
        ),
        ({"CI_COMMIT_REF_NAME": "feature/gl"}, "feature/gl"),
        (
            {"GITHUB_HEAD_REF": "feature/pr", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "x"},
            "feature/pr",
        ),
        ({"GITHUB_HEAD_REF": "", "CI_COMMIT_REF_NAME": "feature/gl"}, "feature/gl"),
        ({"CI_COMMIT_REF_NAME": ""}, "HEAD"),
    ],
)
def test_a_detached_gitlab_checkout_is_shown_by_its_branch(
    repo: Repo, env: dict[str, str], shown: str
) -> None:
    repo.git("checkout", "-q", "--detach")
    outcome = run_check(repo.ws, as_of=AS_OF, record=False, env=env)
    assert outcome.result.head.ref == shown


def test_another_store_expands_variables_and_records_there(repo: Repo, tmp_path: Path) -> None:
    env = {"CHECKS_DIR": str(tmp_path / "ci")}
    outcome = run_check(repo.ws, as_of=AS_OF, env=env, store="sqlite:///${CHECKS_DIR}/c.db")
    assert outcome.store == f"sqlite:///{tmp_path / 'ci'}/c.db"
    assert outcome.run_id == 1
    with open_store(f"sqlite:///{tmp_path / 'ci' / 'c.db'}") as store:
        assert [r.id for r in store.list_checks()] == [1]
    assert not (repo.ws / ".seamguard").exists()
    assert "c.db" not in repr(outcome)  # the URL may carry a password


@pytest.mark.parametrize(
    ("store", "message"),
    [
        (
            "postgresql://ci:${DB_PASSWORD}@db/checks",
            "--store: environment variable DB_PASSWORD is not set",
        ),
        (
            "mysql://ci:hunter2@db/checks",
            "--store: unsupported store mysql://ci:***@db/checks: use sqlite:///path or "
            "postgresql://...",
        ),
        (
            "${CHECKS_URL}",
            "--store: unsupported store ${CHECKS_URL} (its value starts mysql://): use "
            "sqlite:///path or postgresql://...",
        ),
        (
            "checks.db",
            "--store: unsupported store checks.db: use sqlite:///path or postgresql://...",
        ),
        (
            " ",
            "--store is empty: name a store URL (e.g. sqlite:///ci-checks.db), or leave it out "
            "to record in the workspace's store",
        ),
    ],
)
def test_a_bad_store_is_refused_before_the_check_runs(
    tmp_path: Path, store: str, message: str
) -> None:
    # not even a workspace here: the option is checked first
    env = {"CHECKS_URL": "mysql://ci:s3cret@db/checks", "OTHER": "s3cret-too"}
    with pytest.raises(UsageError) as err:
        run_check(tmp_path, as_of=AS_OF, env=env, store=store)
    assert err.value.exit_code == 2
    assert err.value.message == message
    assert "s3cret" not in str(err.value)


def test_record_check_into_another_store(repo: Repo, tmp_path: Path) -> None:
    outcome = _check(repo.ws, record=False)
    assert outcome.run_id is None
    url = f"sqlite:///{tmp_path / 'checks.db'}"
    assert record_check(outcome, url) == 1
    assert record_check(outcome, url) == 2
    with open_store(url) as store:
        runs = store.list_checks()
    assert [(r.id, r.verdict, r.head_commit) for r in runs] == [
        (2, "pass", repo.git("rev-parse", "HEAD")),
        (1, "pass", repo.git("rev-parse", "HEAD")),
    ]
    assert not (repo.ws / ".seamguard").exists()  # the workspace's store was not touched


def test_a_bad_check_base_in_the_workspace_file_is_placed_there(repo: Repo) -> None:
    repo.workspace("version: 1\ncheck:\n  base: release/none\n")
    with pytest.raises(UsageError) as err:
        _check(repo.ws, fetch=False)
    assert err.value.message.startswith("check.base: ")
    assert (err.value.location.line, err.value.location.column) == (3, 9)
    assert err.value.location.file is not None
    assert err.value.location.file.endswith("seamguard.yaml")


def test_a_postgresql_store_without_its_driver_is_refused_before_running(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a)
    )
    with pytest.raises(UsageError) as err:
        _check(repo.ws, store="postgresql://ci@127.0.0.1:5432/test")
    assert "seamguard[postgres]" in err.value.message
    assert not (repo.ws / ".seamguard").exists()
