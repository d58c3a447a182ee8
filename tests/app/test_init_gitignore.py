"""`seamguard init` keeps the local store and scan reports out of git: a .gitignore is written,
or the lines it lacks are appended to the one there."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamguard.app.init import WrittenFile, scaffold_workspace
from tests.gitrepo import git


def _written(directory: Path) -> list[Path]:
    return [f.path for f in scaffold_workspace(directory)]


def test_a_new_workspace_ignores_its_store_and_reports(tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    written = _written(ws)
    assert ws / ".gitignore" in written
    assert written[0] == ws / "seamguard.yaml" and written[-1] == ws / ".gitignore"
    assert (ws / ".gitignore").read_text(encoding="utf-8") == (
        "# written by seamguard init: the local store and scan reports\n/.seamguard/\n/reports/\n"
    )


def test_an_existing_gitignore_gets_only_the_missing_lines(tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    ws.mkdir()
    (ws / ".gitignore").write_bytes(b"node_modules/\n/.seamguard")  # no final newline
    written = scaffold_workspace(ws)
    assert (ws / ".gitignore").read_bytes() == b"node_modules/\n/.seamguard\n/reports/\n"
    assert [f.how for f in written if f.path == ws / ".gitignore"] == ["appended"]


def test_a_gitignore_that_has_both_is_left_alone(tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    ws.mkdir()
    (ws / ".gitignore").write_bytes(b"reports/\n.seamguard/\n")
    written = _written(ws)
    assert ws / ".gitignore" not in written
    assert (ws / ".gitignore").read_bytes() == b"reports/\n.seamguard/\n"


def test_git_add_leaves_the_store_and_reports_out(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    ws = tmp_path / "ws"
    _written(ws)
    (ws / ".seamguard").mkdir()
    (ws / ".seamguard" / "state.db").write_bytes(b"SQLite format 3\x00")
    (ws / "reports").mkdir()
    (ws / "reports" / "report.json").write_text("{}\n", encoding="utf-8")
    git(tmp_path, "add", "ws")
    staged = git(tmp_path, "diff", "--cached", "--name-only").splitlines()
    assert "ws/.gitignore" in staged and "ws/seamguard.yaml" in staged
    assert [p for p in staged if ".seamguard" in p or "reports" in p] == []


@pytest.mark.parametrize(
    "lines",
    [
        b".seamguard/\nreports/\n",
        b"/.seamguard/\n/reports/\n",
        b".seamguard\n  /reports  \n",
        b"**/.seamguard/\n**/reports\n",
    ],
)
def test_anchored_or_unanchored_equivalents_count_as_present(tmp_path: Path, lines: bytes) -> None:
    (tmp_path / ".gitignore").write_bytes(lines)
    assert tmp_path / ".gitignore" not in _written(tmp_path)
    assert (tmp_path / ".gitignore").read_bytes() == lines


def test_init_at_the_root_of_a_repository_ignores_only_its_own_store_and_reports(
    tmp_path: Path,
) -> None:
    """``seamguard init .`` in an existing project: the lines appended to its .gitignore are
    anchored, so code in ``app/reports/`` (or any folder named .seamguard below) stays tracked."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    (tmp_path / "app" / "reports").mkdir(parents=True)
    (tmp_path / "app" / "reports" / "x.py").write_text("X = 1\n", encoding="utf-8")
    written = scaffold_workspace(tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        "node_modules/\n/.seamguard/\n/reports/\n"
    )
    assert written[-1] == WrittenFile(tmp_path / ".gitignore", "appended")
    assert {f.how for f in written[:-1]} == {"created"}
    (tmp_path / ".seamguard").mkdir()
    (tmp_path / ".seamguard" / "state.db").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report.json").write_text("{}\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    staged = git(tmp_path, "diff", "--cached", "--name-only").splitlines()
    assert "app/reports/x.py" in staged
    assert [p for p in staged if p.startswith((".seamguard/", "reports/"))] == []


def test_force_overwrites_and_says_so(tmp_path: Path) -> None:
    _written(tmp_path)
    again = scaffold_workspace(tmp_path, force=True)
    assert again[0] == WrittenFile(tmp_path / "seamguard.yaml", "overwritten")
    assert {f.how for f in again} == {"overwritten"}  # the .gitignore already has both lines
    assert tmp_path / ".gitignore" not in [f.path for f in again]
