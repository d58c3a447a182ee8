"""The git side of ``seamguard check``: the contracts as released at a base ref, read through
the ``git`` command line.

The real CLI rather than a library, because it is what CI has and because shallow clones,
fetches and credentials are its job: a CI checkout is often one commit deep, so a ref or the
history the gate needs may be missing, and this module fetches exactly what is missing (when
allowed) or says how to get it.

Every call runs ``git -C <root> -c core.quotepath=off ...`` with prompts off, the C locale (so
messages can be recognised), no optional locks (the gate never writes the index), literal
pathspecs (a contract folder named ``a[1]`` is not a glob), a timeout and stdin closed. Paths
travel NUL-separated and as bytes, so spaces and non-ASCII names round-trip.

Errors: git missing, a timeout or a failure nobody planned for is a :class:`GitError` (exit 3)
naming the command and git's first line of complaint. A ref that does not exist, a path outside
any work tree or history a shallow clone lacks is a :class:`UsageError` (exit 2) that says what
is missing and the command that gets it.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from seamguard.errors import GitError, UsageError

__all__ = ["FETCH_TIMEOUT", "TIMEOUT", "GitRepo"]

#: Seconds one local git command may take; fetches talk to a server and get longer.
TIMEOUT = 60.0
FETCH_TIMEOUT = 300.0

#: How deep a shallow clone fetches a missing branch; merge_base deepens further when needed.
FETCH_DEPTH = 50
#: ``git fetch --deepen`` steps before giving up and fetching the whole history.
DEEPEN_STEPS = (50, 100, 200, 400)

#: Candidates for the default branch when ``origin/HEAD`` is not set: (shown, full ref).
DEFAULT_BRANCHES = (
    ("origin/main", "refs/remotes/origin/main"),
    ("origin/master", "refs/remotes/origin/master"),
    ("main", "refs/heads/main"),
    ("master", "refs/heads/master"),
)

CHECKOUT_HINT = "or check out with `fetch-depth: 0` (actions/checkout)"

# Variables that would make git look at another repository than the one named by -C (they are
# set inside git hooks, where a pre-commit gate may run).
_REPO_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
    "GIT_NAMESPACE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
)
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_LITERAL_PATHSPECS": "1",
}
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_ABBREV = re.compile(r"[0-9a-f]{4,63}")
# Where a revision's suffix (~2, ^, ^{tree}, @{upstream}) starts.
_SUFFIX = re.compile(r"[~^]|@\{")
_PSEUDO = {"HEAD", "@", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD"}
_OBJECT_TYPES = {b"blob", b"tree", b"commit", b"tag"}


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_ENV}
    env.update(_ENV)
    return env


def _decode(raw: bytes) -> str:
    # surrogateescape: a non-UTF-8 file name comes back unchanged when passed to git again.
    return raw.decode("utf-8", "surrogateescape")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _first_line(stderr: bytes) -> str:
    for line in _decode(stderr).splitlines():
        if line.strip():
            return line.strip()
    return "(no message)"


@dataclass(frozen=True)
class _Result:
    returncode: int
    stdout: bytes
    stderr: bytes


def _shown(root: Path, args: Sequence[str]) -> str:
    return f"`git -C {shlex.quote(str(root))} {shlex.join(args)}`"


def _kill(proc: subprocess.Popen[bytes]) -> None:
    # The whole process group: a fetch's helpers (ssh, git-remote-https) hold the pipes too.
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - CI runs on POSIX
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


def _popen(
    root: Path, args: Sequence[str], *, stdin: int | IO[bytes], stderr: int | IO[bytes]
) -> subprocess.Popen[bytes]:
    command = ["git", "-C", str(root), "-c", "core.quotepath=off", *args]
    try:
        return subprocess.Popen(
            command,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=_environment(),
            start_new_session=os.name == "posix",
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed or not on PATH: seamguard check reads the base ref with the git command line"
        ) from None
    except OSError as exc:
        raise GitError(f"cannot run {_shown(root, args)}: {exc.strerror or exc}") from None


def _git(
    root: Path,
    args: Sequence[str],
    *,
    timeout: float | None = None,
    ok: Collection[int] = (0,),
) -> _Result:
    """Run one git command; a return code outside ``ok`` is a :class:`GitError`."""
    limit = TIMEOUT if timeout is None else timeout
    proc = _popen(root, args, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(proc)
        proc.communicate()
        raise GitError(f"{_shown(root, args)} did not finish within {limit:g} s") from None
    result = _Result(proc.returncode, out, err)
    if result.returncode not in ok:
        raise _failure(root, args, result)
    return result


def _failure(root: Path, args: Sequence[str], result: _Result) -> GitError:
    return GitError(
        f"{_shown(root, args)} failed (exit {result.returncode}): {_first_line(result.stderr)}"
    )


def _posix(path: str, what: str) -> str:
    """A repo-relative folder or file as git wants it: POSIX, no ``./``, no trailing ``/``."""
    if "\0" in path or "\n" in path:
        raise UsageError(
            f"{what} {path!r} contains a NUL or newline, which git cannot be asked about"
        )
    pure = PurePosixPath(path.replace(os.sep, "/") if os.sep != "/" else path)
    if pure.is_absolute() or ".." in pure.parts:
        raise UsageError(f"{what} {path!r} must be relative to the repository root, without '..'")
    text = pure.as_posix()
    return "" if text == "." else text


def _pathspecs(under: Sequence[str]) -> list[str]:
    """``-- path...`` for folders below which to look; nothing (the whole tree) when any is
    the root or none is given."""
    paths = [_posix(p, "path") for p in under]
    if not paths or "" in paths:
        return []
    return ["--", *paths]


def _check_rev(rev: str, what: str = "ref") -> None:
    # A leading '-' would be read as an option, a newline would split a cat-file request.
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
        raise UsageError(f"{what} {rev!r} is not a valid git revision")


class GitRepo:
    """A git work tree, through the git command line.

    ``root`` is the top level of the work tree, resolved. Construct one with :meth:`discover`.
    """

    __slots__ = ("root",)

    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"GitRepo({str(self.root)!r})"

    def _git(self, *args: str, timeout: float | None = None, ok: Collection[int] = (0,)) -> _Result:
        return _git(self.root, args, timeout=timeout, ok=ok)

    def _fetch(self, *args: str) -> _Result:
        return self._git(
            "fetch", "--no-tags", "--no-recurse-submodules", *args, timeout=FETCH_TIMEOUT
        )

    # -- the work tree ------------------------------------------------------------------

    @classmethod
    def discover(cls, path: Path) -> GitRepo:
        """The work tree that contains ``path`` (a folder or a file).

        Raises :class:`UsageError` when ``path`` does not exist or is not inside a git work tree
        (a bare repository or the ``.git`` folder itself is not one)."""
        if not path.exists():
            raise UsageError(f"{path} does not exist, so it cannot be inside a git work tree")
        start = path if path.is_dir() else path.parent
        args = ("rev-parse", "--show-toplevel")
        result = _git(start, args, ok=range(256))
        if result.returncode == 0:
            top = _decode(result.stdout).rstrip("\n")
            return cls(Path(top).resolve())
        message = _first_line(result.stderr)
        if "not a git repository" in message:
            raise UsageError(
                f"{path} is not inside a git work tree: run seamguard check in a clone of the "
                "repository (or `git init` and commit the workspace first)"
            )
        if "must be run in a work tree" in message:
            raise UsageError(
                f"{path} is inside a git repository but not in its work tree (a bare repository "
                "or the .git folder): run seamguard check in a checkout"
            )
        if "dubious ownership" in message:
            match = re.search(r"repository at '(.+)'", message)
            where = match.group(1) if match else str(start)
            raise UsageError(
                f"git refuses the repository at {where}: it is owned by another user (dubious "
                f"ownership); trust it with `git config --global --add safe.directory {where}`"
            )
        raise _failure(start, args, result)

    def relative(self, path: Path) -> str:
        """The repo-relative POSIX path of ``path`` (``""`` for the root itself).

        Raises :class:`UsageError` when the path is outside the work tree."""
        # Unresolved first: a symlink inside the tree stays where it is, not where it points.
        for candidate in (path.absolute(), path.resolve()):
            try:
                rel = candidate.relative_to(self.root)
            except ValueError:
                continue
            if ".." in rel.parts:
                continue
            text = rel.as_posix()
            return "" if text == "." else text
        raise UsageError(f"{path} is outside the git work tree at {self.root}")

    def dirty(self, under: Sequence[str]) -> bool:
        """Whether anything below ``under`` (folders or files; empty means the whole tree) has
        uncommitted changes: staged, unstaged or untracked, ignored files not counted.

        The gate reads the working tree, so a dirty one means the report is about files no
        commit holds; the caller decides whether to say so or refuse."""
        out = self._git(
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=normal",
            "--ignore-submodules=none",
            *_pathspecs(under),
        ).stdout
        return bool(out)

    # -- commits and refs ---------------------------------------------------------------

    def head_commit(self) -> str:
        """The full sha of HEAD. Raises :class:`UsageError` in a repository with no commit."""
        sha = self._commit_of("HEAD")
        if sha is None:
            raise UsageError(
                f"the repository has no commits yet: commit the contracts first ({self.root})"
            )
        return sha

    def head_ref(self) -> str:
        """The branch HEAD is on (``feature/x``), or ``"HEAD"`` when it is detached, as a CI
        checkout of a pull request or a tag often is."""
        result = self._git("symbolic-ref", "--short", "-q", "HEAD", ok=(0, 1))
        name = _decode(result.stdout).strip()
        return name if result.returncode == 0 and name else "HEAD"

    def is_shallow(self) -> bool:
        """Whether this is a shallow clone (history cut off below some commits)."""
        out = self._git("rev-parse", "--is-shallow-repository").stdout
        return out.strip() == b"true"

    def default_branch(self) -> str:
        """The branch a change is compared with when no base ref is given.

        ``refs/remotes/origin/HEAD``'s target (``origin/main``) when it is set and exists, else
        the first existing of origin/main, origin/master, main, master. Raises
        :class:`UsageError` naming what was tried."""
        target = self._git("symbolic-ref", "-q", "refs/remotes/origin/HEAD", ok=(0, 1))
        if target.returncode == 0:
            ref = _decode(target.stdout).strip()
            if self._commit_of(ref) is not None:
                return ref.removeprefix("refs/remotes/")
        for shown, ref in DEFAULT_BRANCHES:
            if self._commit_of(ref) is not None:
                return shown
        tried = ", ".join(shown for shown, _ in DEFAULT_BRANCHES)
        raise UsageError(
            "no default branch to compare with: refs/remotes/origin/HEAD is not set and none of "
            f"{tried} exists here; name the base ref explicitly (or fetch the default branch, "
            "e.g. `git fetch origin main`)"
        )

    def resolve(self, ref: str, *, fetch: bool = True) -> str:
        """The full commit sha that ``ref`` names (branch, tag, sha, ``HEAD~2``, ``origin/x``).

        When it names nothing here, ``fetch`` is allowed and a remote ``origin`` exists, the
        missing branch, tag or commit is fetched from origin (``--depth=50`` in a shallow
        clone, whose too-short history is then deepened for ``~N`` suffixes). Otherwise, or when
        origin does not have it either, raises :class:`UsageError` saying what to fetch."""
        _check_rev(ref)
        sha = self._commit_of(ref)
        if sha is not None:
            return sha
        base, suffix = _split_suffix(ref)
        shallow = self.is_shallow()
        origin = self._has_origin()
        if suffix and self._commit_of(base) is not None:
            # The name exists; the history it walks into does not.
            return self._walk_deeper(ref, ref, fetch=fetch, shallow=shallow, origin=origin)
        name = _remote_name(base)
        if name is None or not origin:
            why = (
                "it names no commit in this repository"
                if origin
                else "it is not here, and there is no remote 'origin' to fetch it from"
            )
            raise UsageError(f"ref {ref} does not exist: {why}")
        if not fetch:
            depth = f"--depth={FETCH_DEPTH} " if shallow else ""
            if shallow:
                where = f"this clone ({self._shallow_note()})"
                hint = f"fetch it with `git fetch {depth}origin {name}`, {CHECKOUT_HINT}"
            else:
                where = "this clone"
                hint = f"fetch it with `git fetch origin {name}`"
            raise UsageError(f"ref {ref} is not in {where}: {hint}")
        local = self._fetch_missing(ref, base, name, shallow=shallow)
        return self._walk_deeper(ref, local + suffix, fetch=fetch, shallow=shallow, origin=origin)

    def merge_base(self, a: str, b: str, *, fetch: bool = True) -> str:
        """The best common ancestor of ``a`` and ``b`` (``git merge-base``).

        Both are resolved first (fetching them when missing and allowed). A shallow clone may
        hold both tips but not the history that joins them: then, while ``fetch`` is allowed,
        it is deepened (``git fetch --deepen`` 50, 100, 200, 400 commits, then
        ``--unshallow``) until the common commit appears. Raises :class:`UsageError` when the
        clone is shallow and may not be deepened, or when the two share no history at all."""
        sha_a = self.resolve(a, fetch=fetch)
        sha_b = self.resolve(b, fetch=fetch)
        found = self._merge_base(sha_a, sha_b)
        if found is not None:
            return found
        if self.is_shallow():
            if not (fetch and self._has_origin()):
                raise UsageError(self._shallow_merge_base_message(a, b, fetch=fetch))
            result: list[str] = []

            def joined() -> bool:
                base = self._merge_base(sha_a, sha_b)
                if base is not None:
                    result.append(base)
                return base is not None

            if self._deepen(joined):
                return result[0]
            if self.is_shallow():
                raise UsageError(
                    f"{a} and {b} have no common commit even after `git fetch --unshallow "
                    "origin`: origin does not have the history that joins them"
                )
        raise UsageError(
            f"{a} and {b} share no history (git merge-base finds no common commit): name the "
            "base ref explicitly"
        )

    def base_commit(self, ref: str | None, *, fetch: bool = True) -> tuple[str, str]:
        """The commit whose contracts count as released: ``(ref as shown, sha)``.

        With no ``ref``, the merge base of HEAD with the default branch, shown as
        ``merge-base(HEAD, origin/main)``: what a pull request is compared with is where it
        left its target branch, not the target's later commits. When the clone has no default
        branch at all (a CI checkout of a single ref) and ``fetch`` is allowed, origin is asked
        which its default branch is, and that branch is fetched. An explicit ``ref`` is resolved
        as is."""
        if ref is not None:
            return ref, self.resolve(ref, fetch=fetch)
        try:
            branch = self.default_branch()
        except UsageError:
            remote = self._remote_default_branch() if fetch and self._has_origin() else None
            if remote is None:
                raise
            branch = remote
        return f"merge-base(HEAD, {branch})", self.merge_base("HEAD", branch, fetch=fetch)

    # -- trees and blobs ----------------------------------------------------------------

    def list_files(self, commit: str, under: str = "") -> list[str]:
        """The repo-relative POSIX paths of every blob in ``commit``'s tree below ``under`` (a
        folder or a file; ``""`` is the whole tree), sorted. Submodules are not blobs and are
        left out; a folder the commit does not have gives an empty list."""
        _check_rev(commit, "commit")
        folder = _posix(under, "folder")
        spec = ["--", folder] if folder else []
        out = self._git("ls-tree", "-r", "-z", "--full-tree", commit, *spec).stdout
        paths: list[str] = []
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            if meta.split(b" ")[1:2] == [b"blob"]:
                paths.append(_decode(path))
        return sorted(paths)

    def read_blobs(self, items: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
        """``(commit, path) -> content`` for every item, through one ``git cat-file --batch``.

        One process for all files, because a gate reads every contract at several commits and
        a process per file would cost more than the comparison. Items git does not have (a path
        absent at that commit, or not a blob) are left out of the result."""
        wanted = list(dict.fromkeys(items))
        if not wanted:
            return {}
        requests = bytearray()
        for commit, path in wanted:
            _check_rev(commit, "commit")
            rel = _posix(path, "path")
            requests += _encode(f"{commit}:{rel}\n")
        args = ("cat-file", "--batch", "--buffer")
        with tempfile.TemporaryFile() as errors:
            proc = _popen(self.root, args, stdin=subprocess.PIPE, stderr=errors)
            timed_out = threading.Event()

            def expire() -> None:
                timed_out.set()
                _kill(proc)

            timer = threading.Timer(TIMEOUT, expire)
            timer.start()
            # Requests are written from a thread: git answers while it reads, and a pipe
            # buffer full in each direction would otherwise deadlock.
            writer = threading.Thread(target=_write_all, args=(proc, bytes(requests)), daemon=True)
            writer.start()
            answered = False
            try:
                contents = self._read_replies(proc, wanted, timed_out, errors)
                answered = True
            finally:
                timer.cancel()
                if not answered:
                    # Unblocks the writer too: it may be stuck on a pipe git no longer reads.
                    _kill(proc)
                writer.join()
                assert proc.stdout is not None
                proc.stdout.close()
                proc.wait()
        return contents

    def _read_replies(
        self,
        proc: subprocess.Popen[bytes],
        wanted: list[tuple[str, str]],
        timed_out: threading.Event,
        errors: IO[bytes],
    ) -> dict[tuple[str, str], bytes]:
        assert proc.stdout is not None
        stdout = proc.stdout
        args = ("cat-file", "--batch")
        contents: dict[tuple[str, str], bytes] = {}

        def broken(what: str) -> GitError:
            if timed_out.is_set():
                return GitError(f"{_shown(self.root, args)} did not finish within {TIMEOUT:g} s")
            proc.wait()
            errors.seek(0)
            return GitError(
                f"{_shown(self.root, args)} {what} (exit {proc.returncode}): "
                f"{_first_line(errors.read())}"
            )

        for item in wanted:
            header = stdout.readline()
            if not header.endswith(b"\n"):
                raise broken("stopped before answering every request")
            fields = header[:-1].split(b" ")
            if (
                len(fields) == 3
                and fields[1] in _OBJECT_TYPES
                and fields[2].isdigit()
                and _SHA.fullmatch(_decode(fields[0]))
            ):
                size = int(fields[2])
                body = stdout.read(size)
                if len(body) != size or stdout.read(1) != b"\n":
                    raise broken("cut a reply short")
                if fields[1] == b"blob":
                    contents[item] = body
            elif not (header.endswith(b" missing\n") or header.endswith(b" ambiguous\n")):
                raise broken(f"gave an unexpected reply {_decode(header[:-1])!r}")
        return contents

    def file_history(
        self, commit: str, under: Sequence[str], *, fetch: bool = True, complete: bool = True
    ) -> list[tuple[str, str]]:
        """Every version the files below ``under`` ever had: ``(commit, path)`` for each commit
        reachable from ``commit`` that added or modified one of them, newest commit first (and,
        within a commit, in git's path order). Merges count when they leave a file different
        from every parent (a conflict resolved by hand is a version too).

        ``_transitive`` compatibility compares with all of these, so a shallow clone, whose
        history is cut short, is first made complete (``git fetch --unshallow origin``) when
        ``fetch`` is allowed; otherwise raises :class:`UsageError`. ``complete=False`` walks
        the history the clone has, as it is (a caller after the newest version of something
        looks there first: the commits a shallow clone holds are the newest)."""
        _check_rev(commit, "commit")
        if complete and self.is_shallow():
            self._unshallow_for_history(fetch=fetch)
        out = self._git(
            "-c",
            "log.follow=false",
            "log",
            "--format=%H",
            "-z",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--diff-filter=AM",
            # Combined diff for merges: a file the merge left unlike every parent is listed.
            "-c",
            "--no-show-signature",
            commit,
            *(_pathspecs(under) or ["--"]),
        ).stdout
        return _parse_log(out)

    # -- helpers ------------------------------------------------------------------------

    def _commit_of(self, rev: str) -> str | None:
        result = self._git("rev-parse", "--verify", "-q", f"{rev}^{{commit}}", ok=(0, 1))
        if result.returncode != 0:
            return None
        return _decode(result.stdout).strip()

    def _merge_base(self, a: str, b: str) -> str | None:
        result = self._git("merge-base", a, b, ok=(0, 1))
        return _decode(result.stdout).strip() if result.returncode == 0 else None

    def _has_origin(self) -> bool:
        out = self._git("remote").stdout
        return b"origin" in out.split()

    def _depth(self) -> int | None:
        result = self._git("rev-list", "--count", "--first-parent", "HEAD", ok=range(256))
        text = result.stdout.strip()
        return int(text) if result.returncode == 0 and text.isdigit() else None

    def _shallow_note(self) -> str:
        depth = self._depth()
        return "it is shallow" if depth is None else f"it is shallow, depth {depth}"

    def _shallow_merge_base_message(self, a: str, b: str, *, fetch: bool) -> str:
        start = f"{a} and {b} have no common commit in this clone ({self._shallow_note()})"
        if fetch:  # no origin to deepen from
            return (
                f"{start}, and it has no remote 'origin' to deepen it from: clone with full history"
            )
        return (
            f"{start}: deepen it with `git fetch --deepen={DEEPEN_STEPS[0]} origin` (or "
            f"`git fetch --unshallow origin`), {CHECKOUT_HINT}"
        )

    def _deepen(self, done: Callable[[], bool]) -> bool:
        """Deepen a shallow clone step by step until ``done()``; the last step fetches all."""
        for step in DEEPEN_STEPS:
            if not self.is_shallow():
                return False
            self._fetch(f"--deepen={step}", "origin")
            if done():
                return True
        if not self.is_shallow():
            return False
        self._fetch("--unshallow", "origin")
        return done()

    def _walk_deeper(self, ref: str, rev: str, *, fetch: bool, shallow: bool, origin: bool) -> str:
        """``rev`` (``ref`` as fetched) when it resolves, deepening a shallow clone for it."""
        sha = self._commit_of(rev)
        if sha is not None:
            return sha
        if shallow and fetch and origin:
            found: list[str] = []

            def resolved() -> bool:
                got = self._commit_of(rev)
                if got is not None:
                    found.append(got)
                return got is not None

            if self._deepen(resolved):
                return found[0]
        elif shallow:
            how = (
                f"deepen it with `git fetch --deepen={DEEPEN_STEPS[0]} origin`, {CHECKOUT_HINT}"
                if origin
                else "it has no remote 'origin' to deepen it from: clone with full history"
            )
            raise UsageError(f"ref {ref} is not in this clone ({self._shallow_note()}): {how}")
        raise UsageError(f"ref {ref} does not exist: it names no commit in this repository")

    def _fetch_missing(self, ref: str, base: str, name: str, *, shallow: bool) -> str:
        """Fetch the branch, tag or commit ``name`` from origin; the local ref that now holds
        it. Raises :class:`UsageError` when origin has no such thing."""
        depth = [f"--depth={FETCH_DEPTH}"] if shallow else []
        if _SHA.fullmatch(name):
            args = ("fetch", "--no-tags", "--no-recurse-submodules", *depth, "origin", name)
            result = self._git(*args, timeout=FETCH_TIMEOUT, ok=range(256))
            if result.returncode == 0:
                return name
            message = _first_line(result.stderr)
            if any(
                s in message
                for s in ("not our ref", "couldn't find remote ref", "no such remote ref")
            ):
                raise UsageError(
                    f"ref {ref} does not exist: commit {name} is not in this clone and origin "
                    "does not offer it; fetch a branch that contains it"
                )
            raise _failure(self.root, args, result)
        branch, tag = _remote_candidates(base)
        wanted = [
            r
            for r in (f"refs/tags/{tag}" if tag else "", f"refs/heads/{branch}" if branch else "")
            if r
        ]
        listed = self._git("ls-remote", "origin", *wanted, timeout=FETCH_TIMEOUT).stdout
        offered = {
            _decode(line.partition(b"\t")[2]) for line in listed.splitlines() if b"\t" in line
        }
        for remote_ref in wanted:  # tags first, as rev-parse would read a bare name
            if remote_ref in offered:
                if remote_ref.startswith("refs/tags/"):
                    local = remote_ref
                else:
                    local = "refs/remotes/origin/" + remote_ref.removeprefix("refs/heads/")
                self._fetch(*depth, "origin", f"+{remote_ref}:{local}")
                return local
        kinds = " or ".join(k for k, v in (("tag", tag), ("branch", branch)) if v)
        abbrev = (
            " (an abbreviated sha cannot be fetched: give the full one)"
            if _ABBREV.fullmatch(base)
            else ""
        )
        raise UsageError(
            f"ref {ref} does not exist: it is not a branch, tag or commit in this clone, and "
            f"origin has no {kinds} {name}{abbrev}"
        )

    def _remote_default_branch(self) -> str | None:
        """origin's default branch as ``origin/NAME``, asked from the server."""
        out = self._git("ls-remote", "--symref", "origin", "HEAD", timeout=FETCH_TIMEOUT).stdout
        for line in _decode(out).splitlines():
            target, _, name = line.partition("\t")
            if name == "HEAD" and target.startswith("ref: refs/heads/"):
                return "origin/" + target.removeprefix("ref: refs/heads/")
        return None

    def _unshallow_for_history(self, *, fetch: bool) -> None:
        note = self._shallow_note()
        if not fetch:
            raise UsageError(
                f"this clone is shallow ({note.removeprefix('it is shallow, ')}): `_transitive` "
                "compatibility compares with every version a contract ever had and needs the "
                f"full history: fetch it with `git fetch --unshallow origin`, {CHECKOUT_HINT}"
            )
        if not self._has_origin():
            raise UsageError(
                "this clone is shallow and has no remote 'origin' to fetch the rest from: "
                "`_transitive` compatibility needs the full history; clone without --depth"
            )
        self._fetch("--unshallow", "origin")
        if self.is_shallow():
            raise UsageError(
                "this clone is still shallow after `git fetch --unshallow origin` (origin lacks "
                "some of its history): `_transitive` compatibility needs the full history"
            )


def _write_all(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        # git died or was killed; the reader reports it with git's own message.
        pass


def _split_suffix(ref: str) -> tuple[str, str]:
    """``origin/main~2`` -> (``origin/main``, ``~2``)."""
    match = _SUFFIX.search(ref)
    if match is None or match.start() == 0:
        return ref, ""
    return ref[: match.start()], ref[match.start() :]


def _remote_name(base: str) -> str | None:
    """What to ask origin for when ``base`` is not here: the name as origin knows it (a branch
    or tag name, or a full sha), or None for names only this clone can mean (HEAD, paths)."""
    if base in _PSEUDO or ":" in base or base.endswith("_HEAD"):
        return None
    if _SHA.fullmatch(base):
        return base
    branch, tag = _remote_candidates(base)
    return branch or tag


def _remote_candidates(base: str) -> tuple[str | None, str | None]:
    """(branch name, tag name) on origin that ``base`` could mean."""
    for prefix in ("refs/remotes/origin/", "origin/", "refs/heads/", "heads/"):
        if base.startswith(prefix):
            return base.removeprefix(prefix) or None, None
    for prefix in ("refs/tags/", "tags/"):
        if base.startswith(prefix):
            return None, base.removeprefix(prefix) or None
    if base.startswith("refs/"):
        return None, None
    return base, base


def _parse_log(out: bytes) -> list[tuple[str, str]]:
    """Parse ``git log --format=%H -z --raw``: a sha, then ``:modes shas status`` NUL path
    pairs (``::`` for a merge's combined diff). After a raw entry comes its path, whatever it
    looks like, so a file named like a sha cannot be mistaken for a commit."""
    pairs: list[tuple[str, str]] = []
    tokens = out.split(b"\0")
    commit: str | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        if not token:
            continue
        if token.startswith(b":"):
            path = tokens[i] if i < len(tokens) else b""
            i += 1
            parents = len(token) - len(token.lstrip(b":"))
            modes = token.lstrip(b":").split(b" ")[: parents + 1]
            # The result's mode is the last: gitlinks (submodules, 160000) are not files.
            if commit is not None and path and modes[-1] != b"160000":
                pairs.append((commit, _decode(path)))
        else:
            commit = _decode(token)
    return pairs
