"""Shared test fixtures: where the shared samples live, and golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

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
