"""Record files: numbering, lines, raw bytes kept exactly, malformed lines not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamguard.adapters.sources.files import detect_format, expand, read_records
from seamguard.errors import SourceError


def test_jsonl_keeps_going_after_a_malformed_line(tmp_path: Path) -> None:
    f = tmp_path / "orders.jsonl"
    f.write_bytes(b'{"id": 1}\n\n{"id": \n{"id": 3}\r\n')
    recs = list(read_records(f, "jsonl", display="orders.jsonl"))
    assert [(r.number, r.line, r.raw) for r in recs] == [
        (1, 1, b'{"id": 1}'),
        (2, 3, b'{"id": '),
        (3, 4, b'{"id": 3}'),
    ]
    assert recs[1].location == "orders.jsonl:3"


def test_json_array_elements_keep_their_exact_bytes_and_lines(tmp_path: Path) -> None:
    f = tmp_path / "orders.json"
    f.write_text('[\n  {"id": 1, "t": 1.10},\n  {"id": 2}\n]\n', encoding="utf-8")
    recs = list(read_records(f, "json", start=5))
    assert [(r.number, r.line, r.raw) for r in recs] == [
        (5, 2, b'{"id": 1, "t": 1.10}'),
        (6, 3, b'{"id": 2}'),
    ]


def test_json_single_document_is_one_record(tmp_path: Path) -> None:
    f = tmp_path / "order.json"
    f.write_bytes(b'{"id": 1}')
    assert [r.raw for r in read_records(f, "json")] == [b'{"id": 1}']


def test_json_array_broken_midway_keeps_the_rest_as_one_bad_record(tmp_path: Path) -> None:
    f = tmp_path / "orders.json"
    f.write_text('[{"id": 1}, {"id": }, {"id": 3}]', encoding="utf-8")
    recs = list(read_records(f, "json"))
    assert [r.raw for r in recs] == [b'{"id": 1}', b'{"id": }, {"id": 3}]']


def test_empty_array(tmp_path: Path) -> None:
    f = tmp_path / "none.json"
    f.write_text("[ ]", encoding="utf-8")
    assert list(read_records(f, "json")) == []


def test_format_by_extension_and_unknown(tmp_path: Path) -> None:
    assert detect_format(Path("a.JSONL")) == "jsonl"
    assert detect_format(Path("a.ndjson")) == "jsonl"
    assert detect_format(Path("a.txt"), "json") == "json"
    with pytest.raises(SourceError) as info:
        detect_format(Path("a.xml"))
    assert info.value.exit_code == 3


def test_glob_is_sorted_and_relative(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    for name in ("b.jsonl", "a.jsonl", "c.txt"):
        (tmp_path / "d" / name).write_text("{}\n", encoding="utf-8")
    assert [p.name for p in expand("d/*.jsonl", tmp_path)] == ["a.jsonl", "b.jsonl"]
    assert expand("d/missing.jsonl", tmp_path) == []


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as info:
        list(read_records(tmp_path / "nope.jsonl", "jsonl", display="nope.jsonl"))
    assert "nope.jsonl" in str(info.value) and info.value.exit_code == 3
