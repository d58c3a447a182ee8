"""JSONL is read in blocks: every line comes out once, in order, with its number and exact
bytes, whatever the block size, the line endings and the byte ranges a file is cut into."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seamguard.adapters.sources import files
from seamguard.adapters.sources.files import JsonlSlice


def _reference(data: bytes) -> list[tuple[int, bytes]]:
    """What a reader must give: each line without its ending, blank ones skipped but counted."""
    out = []
    for n, line in enumerate(data.split(b"\n"), 1):
        if n == len(data.split(b"\n")) and line == b"":
            break  # the file ends with a newline: no line after it
        body = line.rstrip(b"\r\n")
        if body.strip():
            out.append((n, body))
    return out


_line = st.one_of(
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")),
    st.sampled_from([b"", b" ", b"\t \r", b"\r", b'{"a":1}', b'{"a":1}\r', b"\x0b"]),
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(_line, max_size=30),
    trailing=st.booleans(),
    block=st.integers(1, 64),
    cuts=st.lists(st.integers(0, 2000), max_size=4),
)
def test_lines_in_blocks_and_ranges_are_exactly_the_file_lines(
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[bytes],
    trailing: bool,
    block: int,
    cuts: list[int],
) -> None:
    data = b"\n".join(lines) + (b"\n" if trailing and lines else b"")
    path = tmp_path_factory.mktemp("jsonl") / "f.jsonl"
    path.write_bytes(data)
    old = files._BLOCK
    files._BLOCK = block
    try:
        whole = JsonlSlice(path, "f.jsonl")
        assert list(whole.bodies()) == _reference(data)
        assert whole.nbytes == len(data)
        # Ranges cut anywhere: together they give every line once, in order.
        bounds = sorted({0, *(c for c in cuts if c < len(data))})
        got: list[bytes] = []
        total_lines = 0
        for start, end in zip(bounds, [*bounds[1:], None], strict=True):
            part = JsonlSlice(path, "f.jsonl", start=start, end=end)
            got.extend(body for _, body in part.bodies())
            total_lines += part.lines
        assert got == [body for _, body in _reference(data)]
        assert total_lines == whole.lines
    finally:
        files._BLOCK = old


def test_a_line_longer_than_a_block_is_one_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_BLOCK", 8)
    long = b'{"a":"' + b"x" * 100 + b'"}'
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"b":1}\r\n' + long + b"\n\n" + long)
    assert list(JsonlSlice(path, "f").bodies()) == [(1, b'{"b":1}'), (2, long), (4, long)]
