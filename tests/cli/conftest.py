"""Run the real console entry point in-process and capture exit code and output."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from seamguard.cli.main import run


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
