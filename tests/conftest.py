"""Shared test fixtures: where the shared samples live, golden files, and the real CLI run
in-process (exit code and output captured)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from seamguard.cli.main import run

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project. Its absence fails loudly: CI always has it."""
    if not (SHARED / "samples").is_dir():
        pytest.fail(
            f"shared samples not found at {SHARED}/samples: the tests read the real payloads from "
            "there and never from a copy inside the project",
            pytrace=False,
        )
    return SHARED


@pytest.fixture(scope="session")
def samples_dir(shared_dir: Path) -> Path:
    return shared_dir / "samples"


class Golden:
    """Compare text with a file under tests/golden/, or rewrite it with --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update
        self.base = ROOT / "tests" / "golden"

    def check(self, name: str, text: str) -> None:
        path = self.base / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(
                f"golden file {path} missing; run pytest --update-golden and review the diff"
            )
        assert text == path.read_text(encoding="utf-8"), f"output differs from golden file {path}"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Invoke = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Invoke:
    def invoke(*args: str) -> Result:
        monkeypatch.setattr("sys.argv", ["seamguard", *args])
        capsys.readouterr()
        with pytest.raises(SystemExit) as info:
            run()
        captured = capsys.readouterr()
        code = info.value.code
        return Result(
            code=code if isinstance(code, int) else (0 if code is None else 1),
            out=captured.out,
            err=captured.err,
        )

    return invoke
