"""The git adapter against real repositories built with the git CLI in tmp_path: refs, merge
bases, trees, blobs and history, shallow clones deepened or refused, and every failure a one-line
error with its exit code (2 for what the user or the CI checkout must change, 3 for git)."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from seamguard.adapters import git as git_adapter
from seamguard.adapters.git import GitRepo
from seamguard.errors import GitError, UsageError

CHECKOUT = "or check out with `fetch-depth: 0` (actions/checkout)"


@pytest.fixture(autouse=True)
def _hermetic_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git config, and no repository above tmp_path is ever found."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


def run_git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


class Work:
    """A repository under construction: write files, commit, branch, tag."""

    def __init__(self, path: Path, *, init: bool = True) -> None:
        self.path = path
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test")
        self.git("config", "user.email", "test@example.com")

    def git(self, *args: str) -> str:
        return run_git(self.path, *args)

    def write(self, files: Mapping[str, str | bytes | None]) -> None:
        for rel, content in files.items():
            target = self.path / rel
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(self, message: str, files: Mapping[str, str | bytes | None]) -> str:
        """Write (None deletes) and commit ``files``; the new commit's sha."""
        self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def sha(self, rev: str) -> str:
        return self.git("rev-parse", f"{rev}^{{commit}}")


def clone(origin: Work, dest: Path, *args: str) -> Work:
    run_git(origin.path.parent, "clone", "-q", *args, f"file://{origin.path}", str(dest))
    return Work(dest, init=False)


@pytest.fixture
def work(tmp_path: Path) -> Work:
    return Work(tmp_path / "repo")


@pytest.fixture
def forked(tmp_path: Path) -> tuple[Work, dict[str, str]]:
    """An origin whose feature branch left main at c3; main went on to m5.

    c1 - c2 - c3 - m4 - m5   (main)
                 \\
                  f4 - f5    (feature, tag v-feature on f4)
    """
    origin = Work(tmp_path / "origin")
    shas = {
        "c1": origin.commit("c1", {"contracts/order.yaml": "v: 1\n", "README.md": "r\n"}),
        "c2": origin.commit("c2", {"contracts/order.yaml": "v: 2\n"}),
        "c3": origin.commit("c3", {"contracts/order.yaml": "v: 3\n"}),
    }
    origin.git("checkout", "-q", "-b", "feature")
    shas["f4"] = origin.commit("f4", {"contracts/order.yaml": "v: 4f\n"})
    origin.git("tag", "v-feature")
    shas["f5"] = origin.commit("f5", {"contracts/item.yaml": "v: 5f\n"})
    origin.git("checkout", "-q", "main")
    shas["m4"] = origin.commit("m4", {"contracts/order.yaml": "v: 4m\n"})
    shas["m5"] = origin.commit("m5", {"README.md": "r5\n"})
    return origin, shas


def fake_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Put a `git` that runs ``script`` first on PATH."""
    bindir = tmp_path / "fakebin"
    bindir.mkdir()
    exe = bindir / "git"
    exe.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")


# -- discover, relative, head -------------------------------------------------------------


def test_discover_from_a_subfolder_and_a_file(work: Work) -> None:
    work.commit("one", {"contracts/orders/order.yaml": "v: 1\n"})
    sub = work.path / "contracts" / "orders"
    assert GitRepo.discover(sub).root == work.path.resolve()
    assert GitRepo.discover(sub / "order.yaml").root == work.path.resolve()


def test_discover_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UsageError) as caught:
        GitRepo.discover(plain)
    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        f"{plain} is not inside a git work tree: run seamguard check in a clone of the "
        "repository (or `git init` and commit the workspace first)"
    )


def test_discover_a_missing_path_and_the_git_folder(work: Work, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as missing:
        GitRepo.discover(tmp_path / "nowhere")
    assert str(missing.value) == (
        f"{tmp_path / 'nowhere'} does not exist, so it cannot be inside a git work tree"
    )
    with pytest.raises(UsageError) as inside_git:
        GitRepo.discover(work.path / ".git")
    assert inside_git.value.exit_code == 2
    assert str(inside_git.value) == (
        f"{work.path / '.git'} is inside a git repository but not in its work tree (a bare "
        "repository or the .git folder): run seamguard check in a checkout"
    )


def test_relative_paths(work: Work, tmp_path: Path) -> None:
    work.commit("one", {"contracts/a.yaml": "a\n"})
    repo = GitRepo.discover(work.path)
    assert repo.relative(work.path / "contracts" / "a.yaml") == "contracts/a.yaml"
    assert repo.relative(work.path / "contracts" / ".." / "contracts") == "contracts"
    assert repo.relative(work.path) == ""
    with pytest.raises(UsageError) as caught:
        repo.relative(tmp_path / "elsewhere.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'elsewhere.yaml'} is outside the git work tree at {work.path.resolve()}"
    )


def test_head_commit_and_an_empty_repository(work: Work) -> None:
    repo = GitRepo.discover(work.path)
    with pytest.raises(UsageError) as caught:
        repo.head_commit()
    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        f"the repository has no commits yet: commit the contracts first ({work.path.resolve()})"
    )
    sha = work.commit("one", {"a.txt": "a\n"})
    assert repo.head_commit() == sha
    assert len(sha) == 40
    assert repo.is_shallow() is False


def test_head_ref_names_the_branch_or_says_detached(work: Work) -> None:
    repo = GitRepo.discover(work.path)
    assert repo.head_ref() == "main"  # an unborn branch has its name already
    first = work.commit("one", {"a.txt": "a\n"})
    work.git("checkout", "-q", "-b", "feature/pay-by-link")
    assert repo.head_ref() == "feature/pay-by-link"
    work.git("checkout", "-q", "--detach", first)
    assert repo.head_ref() == "HEAD"


# -- default branch and refs ---------------------------------------------------------------


def test_default_branch_from_origin_head(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, _ = forked
    copy = clone(origin, tmp_path / "copy")
    repo = GitRepo.discover(copy.path)
    assert copy.git("symbolic-ref", "refs/remotes/origin/HEAD") == "refs/remotes/origin/main"
    assert repo.default_branch() == "origin/main"
    copy.git("remote", "set-head", "origin", "feature")
    assert repo.default_branch() == "origin/feature"


def test_default_branch_local_only(work: Work) -> None:
    repo = GitRepo.discover(work.path)
    work.commit("one", {"a.txt": "a\n"})
    assert repo.default_branch() == "main"
    work.git("branch", "-m", "main", "master")
    assert repo.default_branch() == "master"
    work.git("branch", "-m", "master", "dev")
    with pytest.raises(UsageError) as caught:
        repo.default_branch()
    assert str(caught.value) == (
        "no default branch to compare with: refs/remotes/origin/HEAD is not set and none of "
        "origin/main, origin/master, main, master exists here; name the base ref explicitly "
        "(or fetch the default branch, e.g. `git fetch origin main`)"
    )


def test_resolve_branch_tag_sha_and_ancestors(work: Work) -> None:
    first = work.commit("one", {"a.txt": "1\n"})
    second = work.commit("two", {"a.txt": "2\n"})
    work.git("tag", "light", first)
    work.git("tag", "-a", "-m", "annotated", "v1.0.0", first)
    work.git("branch", "feature/x", first)
    repo = GitRepo.discover(work.path)
    assert repo.resolve("main") == second
    assert repo.resolve("HEAD") == second
    assert repo.resolve("HEAD~1") == first
    assert repo.resolve("main^") == first
    assert repo.resolve("light") == first
    assert repo.resolve("v1.0.0") == first  # the commit, not the tag object
    assert repo.resolve("feature/x") == first
    assert repo.resolve(first) == first
    assert repo.resolve(first[:10]) == first


def test_resolve_unknown_refs(work: Work) -> None:
    work.commit("one", {"a.txt": "1\n"})
    repo = GitRepo.discover(work.path)
    with pytest.raises(UsageError) as no_origin:
        repo.resolve("nope")
    assert no_origin.value.exit_code == 2
    assert str(no_origin.value) == (
        "ref nope does not exist: it is not here, and there is no remote 'origin' to fetch it from"
    )
    with pytest.raises(UsageError) as too_far:
        repo.resolve("HEAD~5")
    assert str(too_far.value) == (
        "ref HEAD~5 does not exist: it names no commit in this repository"
    )
    with pytest.raises(UsageError) as option:
        repo.resolve("--all")
    assert str(option.value) == "ref '--all' is not a valid git revision"


def test_resolve_unknown_ref_asks_origin(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, _ = forked
    repo = GitRepo.discover(clone(origin, tmp_path / "copy").path)
    with pytest.raises(UsageError) as unknown:
        repo.resolve("nope")
    assert str(unknown.value) == (
        "ref nope does not exist: it is not a branch, tag or commit in this clone, and origin "
        "has no tag or branch nope"
    )
    with pytest.raises(UsageError) as branch:
        repo.resolve("origin/nope~2")
    assert str(branch.value) == (
        "ref origin/nope~2 does not exist: it is not a branch, tag or commit in this clone, and "
        "origin has no branch nope"
    )
    with pytest.raises(UsageError) as abbrev:
        repo.resolve("abcdef12")
    assert str(abbrev.value) == (
        "ref abcdef12 does not exist: it is not a branch, tag or commit in this clone, and "
        "origin has no tag or branch abcdef12 (an abbreviated sha cannot be fetched: give the "
        "full one)"
    )


def test_resolve_fetches_what_a_single_branch_clone_lacks(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, shas = forked
    copy = clone(origin, tmp_path / "copy", "--depth", "1", "--single-branch", "--branch", "main")
    repo = GitRepo.discover(copy.path)
    assert repo.is_shallow() is True

    with pytest.raises(UsageError) as refused:
        repo.resolve("origin/feature", fetch=False)
    assert refused.value.exit_code == 2
    assert str(refused.value) == (
        "ref origin/feature is not in this clone (it is shallow, depth 1): fetch it with "
        f"`git fetch --depth=50 origin feature`, {CHECKOUT}"
    )

    assert repo.resolve("origin/feature") == shas["f5"]
    assert copy.sha("refs/remotes/origin/feature") == shas["f5"]
    assert repo.resolve("origin/feature~1") == shas["f4"]
    assert repo.resolve("v-feature") == shas["f4"]
    assert copy.sha("refs/tags/v-feature") == shas["f4"]
    assert repo.resolve(shas["c2"]) == shas["c2"]


def test_resolve_a_bare_branch_name_and_history_beyond_the_depth(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, shas = forked
    copy = clone(origin, tmp_path / "copy", "--depth", "1", "--single-branch", "--branch", "main")
    repo = GitRepo.discover(copy.path)
    assert repo.resolve("feature") == shas["f5"]

    with pytest.raises(UsageError) as refused:
        repo.resolve("HEAD~3", fetch=False)
    assert str(refused.value) == (
        "ref HEAD~3 is not in this clone (it is shallow, depth 1): deepen it with "
        f"`git fetch --deepen=50 origin`, {CHECKOUT}"
    )
    assert repo.resolve("HEAD~3") == shas["c2"]


def test_resolve_without_fetching_in_a_full_clone(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, _ = forked
    copy = clone(origin, tmp_path / "copy", "--single-branch", "--branch", "main")
    repo = GitRepo.discover(copy.path)
    with pytest.raises(UsageError) as refused:
        repo.resolve("origin/feature", fetch=False)
    assert str(refused.value) == (
        "ref origin/feature is not in this clone: fetch it with `git fetch origin feature`"
    )


# -- merge bases ---------------------------------------------------------------------------


def test_merge_base_of_a_feature_branch(forked: tuple[Work, dict[str, str]]) -> None:
    origin, shas = forked
    repo = GitRepo.discover(origin.path)
    assert repo.merge_base("feature", "main") == shas["c3"]
    assert repo.merge_base("main", "main~1") == shas["m4"]
    assert repo.base_commit(None) == ("merge-base(HEAD, main)", shas["m5"])
    origin.git("checkout", "-q", "feature")
    assert repo.base_commit(None) == ("merge-base(HEAD, main)", shas["c3"])
    assert repo.base_commit("v-feature") == ("v-feature", shas["f4"])


def test_merge_base_of_unrelated_histories(work: Work) -> None:
    work.commit("one", {"a.txt": "1\n"})
    work.git("checkout", "-q", "--orphan", "other")
    work.commit("other", {"b.txt": "1\n"})
    repo = GitRepo.discover(work.path)
    with pytest.raises(UsageError) as caught:
        repo.merge_base("other", "main")
    assert str(caught.value) == (
        "other and main share no history (git merge-base finds no common commit): name the "
        "base ref explicitly"
    )


def test_merge_base_in_a_shallow_clone_deepens_when_allowed(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, shas = forked
    copy = clone(origin, tmp_path / "copy", "--depth", "1", "--no-single-branch", "-b", "feature")
    repo = GitRepo.discover(copy.path)
    assert repo.is_shallow() is True
    assert repo.resolve("origin/main", fetch=False) == shas["m5"]

    with pytest.raises(UsageError) as refused:
        repo.merge_base("HEAD", "origin/main", fetch=False)
    assert refused.value.exit_code == 2
    assert str(refused.value) == (
        "HEAD and origin/main have no common commit in this clone (it is shallow, depth 1): "
        "deepen it with `git fetch --deepen=50 origin` (or `git fetch --unshallow origin`), "
        f"{CHECKOUT}"
    )

    assert repo.merge_base("HEAD", "origin/main") == shas["c3"]
    assert repo.base_commit(None) == ("merge-base(HEAD, origin/main)", shas["c3"])


def test_base_commit_asks_origin_for_its_default_branch(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, shas = forked
    copy = clone(origin, tmp_path / "copy", "--depth", "1", "--single-branch", "-b", "feature")
    repo = GitRepo.discover(copy.path)
    with pytest.raises(UsageError):
        repo.default_branch()
    with pytest.raises(UsageError) as refused:
        repo.base_commit(None, fetch=False)
    assert str(refused.value) == (
        "no default branch to compare with: refs/remotes/origin/HEAD is not set and none of "
        "origin/main, origin/master, main, master exists here; name the base ref explicitly "
        "(or fetch the default branch, e.g. `git fetch origin main`)"
    )
    assert repo.base_commit(None) == ("merge-base(HEAD, origin/main)", shas["c3"])


# -- trees and blobs -----------------------------------------------------------------------


def test_list_files_with_spaces_and_unicode(work: Work) -> None:
    commit = work.commit(
        "one",
        {
            "contracts/a b.yaml": "a\n",
            "contracts/ünï/café.yaml": "c\n",
            "contracts/z.yaml": "z\n",
            "contracts-old/x.yaml": "x\n",
            "README.md": "r\n",
        },
    )
    repo = GitRepo.discover(work.path)
    below = ["contracts/a b.yaml", "contracts/z.yaml", "contracts/ünï/café.yaml"]
    assert repo.list_files(commit, "contracts") == below
    assert repo.list_files(commit, "contracts/") == below
    assert repo.list_files(commit, "./contracts") == below
    assert repo.list_files(commit, "contracts/ünï") == ["contracts/ünï/café.yaml"]
    assert repo.list_files(commit, "missing") == []
    assert repo.list_files(commit) == [
        "README.md",
        "contracts-old/x.yaml",
        *below,
    ]
    with pytest.raises(UsageError) as outside:
        repo.list_files(commit, "../elsewhere")
    assert str(outside.value) == (
        "folder '../elsewhere' must be relative to the repository root, without '..'"
    )


def test_list_files_of_a_bad_commit_is_a_git_error(work: Work) -> None:
    work.commit("one", {"a.txt": "1\n"})
    repo = GitRepo.discover(work.path)
    with pytest.raises(GitError) as caught:
        repo.list_files("0" * 40)
    assert caught.value.exit_code == 3
    assert str(caught.value) == (
        f"`git -C {work.path.resolve()} ls-tree -r -z --full-tree {'0' * 40}` failed "
        f"(exit 128): fatal: not a tree object"
    )


def test_read_blobs_exact_bytes_and_missing_left_out(work: Work) -> None:
    binary = bytes(range(256)) * 3
    first = work.commit(
        "one",
        {
            "c/bin.dat": binary,
            "c/no newline.yaml": "a: 1",
            "c/crlf.yaml": b"a: 1\r\nb: 2\r\n",
            "c/ünï.yaml": "é: ü\n",
            "c/empty.yaml": "",
        },
    )
    second = work.commit("two", {"c/no newline.yaml": "a: 2", "c/bin.dat": None})
    repo = GitRepo.discover(work.path)
    got = repo.read_blobs(
        [
            (first, "c/bin.dat"),
            (first, "c/no newline.yaml"),
            (second, "c/no newline.yaml"),
            (first, "c/crlf.yaml"),
            (first, "c/ünï.yaml"),
            (first, "c/empty.yaml"),
            (second, "c/bin.dat"),  # deleted there
            (first, "c/never.yaml"),
            (first, "c"),  # a tree, not a blob
            ("f" * 40, "c/crlf.yaml"),  # no such commit
            (first, "c/bin.dat"),  # asked twice
        ]
    )
    assert got == {
        (first, "c/bin.dat"): binary,
        (first, "c/no newline.yaml"): b"a: 1",
        (second, "c/no newline.yaml"): b"a: 2",
        (first, "c/crlf.yaml"): b"a: 1\r\nb: 2\r\n",
        (first, "c/ünï.yaml"): "é: ü\n".encode(),
        (first, "c/empty.yaml"): b"",
    }
    assert repo.read_blobs([]) == {}


def test_read_blobs_is_one_fast_process(work: Work) -> None:
    files = {f"contracts/c{i:03}.yaml": f"id: c{i}\n" + "x: y\n" * 200 for i in range(400)}
    commit = work.commit("many", files)
    repo = GitRepo.discover(work.path)
    paths = repo.list_files(commit, "contracts")
    assert len(paths) == 400
    started = time.perf_counter()
    got = repo.read_blobs((commit, p) for p in paths)
    elapsed = time.perf_counter() - started
    assert {path: body.decode() for (_, path), body in got.items()} == files
    assert elapsed < 0.5, f"400 blobs took {elapsed:.3f} s"


# -- history -------------------------------------------------------------------------------


def test_file_history_newest_first_with_a_deleted_and_readded_file(work: Work) -> None:
    c1 = work.commit(
        "add",
        {"contracts/a.yaml": "1\n", "contracts/b b.yaml": "1\n", "other/x.yaml": "1\n"},
    )
    c2 = work.commit("modify", {"contracts/a.yaml": "2\n", "other/x.yaml": "2\n"})
    work.commit("delete", {"contracts/a.yaml": None})
    work.commit("outside only", {"other/x.yaml": "3\n"})
    c5 = work.commit("re-add", {"contracts/a.yaml": "5\n", "contracts/b b.yaml": "5\n"})
    repo = GitRepo.discover(work.path)
    expected = [
        (c5, "contracts/a.yaml"),
        (c5, "contracts/b b.yaml"),
        (c2, "contracts/a.yaml"),
        (c1, "contracts/a.yaml"),
        (c1, "contracts/b b.yaml"),
    ]
    assert repo.file_history(c5, ["contracts"]) == expected
    assert repo.file_history(c5, ["contracts/b b.yaml"]) == [
        (c5, "contracts/b b.yaml"),
        (c1, "contracts/b b.yaml"),
    ]
    assert repo.file_history(c2, ["contracts", "other"]) == [
        (c2, "contracts/a.yaml"),
        (c2, "other/x.yaml"),
        (c1, "contracts/a.yaml"),
        (c1, "contracts/b b.yaml"),
        (c1, "other/x.yaml"),
    ]
    assert repo.file_history(c5, ["missing"]) == []
    blobs = repo.read_blobs(expected)
    assert [blobs[item] for item in expected] == [b"5\n", b"5\n", b"2\n", b"1\n", b"1\n"]


def test_file_history_counts_a_merge_that_resolves_a_conflict(work: Work) -> None:
    base = work.commit("base", {"c/a.yaml": "0\n"})
    work.git("checkout", "-q", "-b", "side")
    side = work.commit("side", {"c/a.yaml": "side\n"})
    work.git("checkout", "-q", "main")
    main = work.commit("main", {"c/a.yaml": "main\n"})
    subprocess.run(
        ["git", "-C", str(work.path), "merge", "-q", "side"], capture_output=True, check=False
    )
    merge = work.commit("merge", {"c/a.yaml": "both\n"})
    repo = GitRepo.discover(work.path)
    history = repo.file_history(merge, ["c"])
    assert history[0] == (merge, "c/a.yaml")
    # main and side were committed in the same second: their order is git's to pick.
    assert sorted(history[1:3]) == sorted([(main, "c/a.yaml"), (side, "c/a.yaml")])
    assert history[3] == (base, "c/a.yaml")
    assert len(history) == 4


def test_file_history_in_a_shallow_clone(
    forked: tuple[Work, dict[str, str]], tmp_path: Path
) -> None:
    origin, shas = forked
    copy = clone(origin, tmp_path / "copy", "--depth", "1")
    repo = GitRepo.discover(copy.path)
    head = repo.head_commit()
    assert head == shas["m5"]

    # what the clone holds, as it is: the boundary commit shows its files as added
    assert repo.file_history(head, ["contracts"], fetch=False, complete=False) == [
        (shas["m5"], "contracts/order.yaml"),
    ]
    assert repo.is_shallow() is True

    with pytest.raises(UsageError) as refused:
        repo.file_history(head, ["contracts"], fetch=False)
    assert refused.value.exit_code == 2
    assert str(refused.value) == (
        "this clone is shallow (depth 1): `_transitive` compatibility compares with every "
        "version a contract ever had and needs the full history: fetch it with "
        f"`git fetch --unshallow origin`, {CHECKOUT}"
    )

    assert repo.file_history(head, ["contracts"]) == [
        (shas["m4"], "contracts/order.yaml"),
        (shas["c3"], "contracts/order.yaml"),
        (shas["c2"], "contracts/order.yaml"),
        (shas["c1"], "contracts/order.yaml"),
    ]
    assert repo.is_shallow() is False


# -- the working tree ----------------------------------------------------------------------


def test_dirty_staged_unstaged_untracked_and_clean(work: Work) -> None:
    work.write({".gitignore": "*.tmp\n"})
    work.commit("one", {"contracts/a.yaml": "1\n", "other/x.yaml": "1\n"})
    repo = GitRepo.discover(work.path)
    assert repo.dirty(["contracts"]) is False

    work.write({"contracts/scratch.tmp": "ignored\n", "other/x.yaml": "2\n"})
    assert repo.dirty(["contracts"]) is False
    assert repo.dirty(["other"]) is True
    assert repo.dirty([]) is True
    work.git("checkout", "--", "other/x.yaml")

    work.write({"contracts/a.yaml": "2\n"})
    assert repo.dirty(["contracts"]) is True
    work.git("add", "contracts/a.yaml")
    assert repo.dirty(["contracts"]) is True
    work.git("commit", "-q", "-m", "two")
    assert repo.dirty(["contracts", "other"]) is False

    work.write({"contracts/new folder/b.yaml": "1\n"})
    assert repo.dirty(["contracts"]) is True
    assert repo.dirty(["contracts/a.yaml"]) is False


# -- git itself failing --------------------------------------------------------------------


def test_git_missing_is_a_git_error(
    work: Work, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = GitRepo(work.path.resolve())
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(GitError) as caught:
        repo.is_shallow()
    assert caught.value.exit_code == 3
    assert str(caught.value) == (
        "git is not installed or not on PATH: seamguard check reads the base ref with the git "
        "command line"
    )


def test_a_hanging_git_times_out(
    work: Work, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = GitRepo(work.path.resolve())
    fake_git(tmp_path, monkeypatch, "exec sleep 30")
    monkeypatch.setattr(git_adapter, "TIMEOUT", 0.3)
    started = time.perf_counter()
    with pytest.raises(GitError) as caught:
        repo.is_shallow()
    assert time.perf_counter() - started < 5
    assert str(caught.value) == (
        f"`git -C {work.path.resolve()} rev-parse --is-shallow-repository` did not finish "
        "within 0.3 s"
    )
    with pytest.raises(GitError) as batch:
        repo.read_blobs([("HEAD", "a.txt")])
    assert str(batch.value) == (
        f"`git -C {work.path.resolve()} cat-file --batch` did not finish within 0.3 s"
    )


def test_dubious_ownership_says_how_to_trust(
    work: Work, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_git(
        tmp_path,
        monkeypatch,
        "echo \"fatal: detected dubious ownership in repository at '/ci/src'\" >&2; exit 128",
    )
    with pytest.raises(UsageError) as caught:
        GitRepo.discover(work.path)
    assert str(caught.value) == (
        "git refuses the repository at /ci/src: it is owned by another user (dubious "
        "ownership); trust it with `git config --global --add safe.directory /ci/src`"
    )


def test_cat_file_dying_is_a_git_error(
    work: Work, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = GitRepo(work.path.resolve())
    fake_git(tmp_path, monkeypatch, "echo 'fatal: object store is corrupt' >&2; exit 128")
    with pytest.raises(GitError) as caught:
        repo.read_blobs([("HEAD", "a.txt")])
    assert str(caught.value) == (
        f"`git -C {work.path.resolve()} cat-file --batch` stopped before answering every "
        "request (exit 128): fatal: object store is corrupt"
    )


def test_origin_unreachable_is_a_git_error(work: Work, tmp_path: Path) -> None:
    work.commit("one", {"a.txt": "1\n"})
    gone = tmp_path / "gone"
    work.git("remote", "add", "origin", f"file://{gone}")
    repo = GitRepo.discover(work.path)
    with pytest.raises(GitError) as caught:
        repo.resolve("origin/main")
    assert caught.value.exit_code == 3
    assert str(caught.value) == (
        f"`git -C {work.path.resolve()} ls-remote origin refs/heads/main` failed "
        f"(exit 128): fatal: '{gone}' does not appear to be a git repository"
    )
