"""`seamguard init` keeps the local store and scan reports out of git: a .gitignore is written,
or the lines it lacks are appended to the one there."""

from __future__ import annotations

from pathlib import Path

from seamguard.app.init import init_workspace
from tests.gitrepo import git


def test_a_new_workspace_ignores_its_store_and_reports(tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    written = init_workspace(ws)
    assert ws / ".gitignore" in written
    assert (ws / ".gitignore").read_text(encoding="utf-8") == (
        "# written by seamguard init: the local store and scan reports\n.seamguard/\nreports/\n"
    )


def test_an_existing_gitignore_gets_only_the_missing_lines(tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    ws.mkdir()
    (ws / ".gitignore").write_bytes(b"node_modules/\n/.seamguard")  # no final newline
    init_workspace(ws)
    assert (ws / ".gitignore").read_bytes() == b"node_modules/\n/.seamguard\nreports/\n"


def test_a_gitignore_that_has_both_is_left_alone(tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    ws.mkdir()
    (ws / ".gitignore").write_bytes(b"reports/\n.seamguard/\n")
    written = init_workspace(ws)
    assert ws / ".gitignore" not in written
    assert (ws / ".gitignore").read_bytes() == b"reports/\n.seamguard/\n"


def test_git_add_leaves_the_store_and_reports_out(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    ws = tmp_path / "ws"
    init_workspace(ws)
    (ws / ".seamguard").mkdir()
    (ws / ".seamguard" / "state.db").write_bytes(b"SQLite format 3\x00")
    (ws / "reports").mkdir()
    (ws / "reports" / "report.json").write_text("{}\n", encoding="utf-8")
    git(tmp_path, "add", "ws")
    staged = git(tmp_path, "diff", "--cached", "--name-only").splitlines()
    assert "ws/.gitignore" in staged and "ws/seamguard.yaml" in staged
    assert [p for p in staged if ".seamguard" in p or "reports" in p] == []
