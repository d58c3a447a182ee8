"""Bad input gets a one-line error with the documented exit code, never a traceback; hostile
records are findings about that record, never the end of the run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Invoke


def test_deeply_nested_record_is_a_finding(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "deep.jsonl"
    lines = [
        '{"a":' * 300 + "1" + "}" * 300,  # the validator gives up at this depth
        '{"a":' * 5000 + "1" + "}" * 5000,  # the parser gives up at this depth
        '{"order_id": "x"}',
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = cli("validate", str(f), "-c", "commerce.order", "--format", "json")
    assert res.code == 1, res.err
    doc = res.json()
    assert doc["records"] == 3
    rules = {(v["rule"], v["first_record"]) for v in doc["violations"]}
    assert ("json.too-deep", 1) in rules
    assert ("json.malformed", 2) in rules


def test_large_invalid_record_lists_only_its_first_violation(
    cli: Invoke, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "big.jsonl"
    f.write_text(json.dumps({"lines": list(range(100_000))}) + "\n", encoding="utf-8")
    doc = cli(
        "validate", str(f), "-c", "commerce.order", "--format", "json", "--no-quarantine"
    ).json()
    assert [(v["rule"], v["path"]) for v in doc["violations"]] == [
        ("schema.required", "/order_id"),
        ("schema.truncated", ""),
    ]


def test_many_violations_are_capped(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "many.jsonl"
    f.write_text(json.dumps({"lines": list(range(500))}) + "\n", encoding="utf-8")
    doc = cli("validate", str(f), "-c", "commerce.order", "--format", "json").json()
    reasons = doc["invalid_records"][0]["reasons"]
    assert len(reasons) == 101
    assert [r["rule"] for r in reasons].count("schema.truncated") == 1


def test_demo_never_overwrites_a_workspace_of_yours(cli: Invoke, tmp_path: Path) -> None:
    ws = tmp_path / "mine"
    assert cli("init", str(ws)).code == 0
    before = (ws / "seamguard.yaml").read_bytes()
    res = cli("demo", "--dir", str(ws))
    assert res.code == 2 and "not a seamguard demo" in res.err
    assert (ws / "seamguard.yaml").read_bytes() == before
    assert not (ws / "data" / "MANIFEST.json").exists()


def test_init_on_a_file_and_reports_to_a_file(cli: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "afile"
    f.write_text("x", encoding="utf-8")
    res = cli("init", str(f))
    assert res.code == 2 and "not a folder" in res.err
    ws = tmp_path / "ws"
    cli("init", str(ws))
    res = cli("scan", str(ws), "--out", str(f), "--as-of", "2026-11-27T12:00:00Z")
    assert res.code == 3 and "is a file" in res.err
    assert len(res.err.strip().splitlines()) == 1


def test_export_to_a_folder(cli: Invoke, samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text("{\n", encoding="utf-8")
    cli("validate", "a.jsonl", "-c", "shopify.order")
    res = cli("quarantine", "export", "--out", str(tmp_path))
    assert res.code == 3 and "is a folder" in res.err


def test_input_format_is_checked(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    assert cli("validate", "a.jsonl", "-c", "shopify.order", "--input-format", "xml").code == 2


def test_help_short_option(cli: Invoke) -> None:
    res = cli("scan", "-h")
    assert res.code == 0 and "--as-of" in res.out


def test_validate_places_contract_compile_errors(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.yaml").write_text(
        'id: acme.order\nversion: "1.0.0"\ntitle: t\nowner: {team: t}\ndomain: orders\n'
        "criticality: high\nschema:\n  type: object\n  properties:\n    paid_at: {type: string, format: foo}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    res = cli("validate", "a.jsonl", "-c", "c.yaml")
    assert res.code == 2
    assert res.err.startswith("error: c.yaml:10:29"), res.err
    assert "Adjust configuration" not in res.err  # the library's own hint means nothing here


def test_error_text_is_never_read_as_markup(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "[bold]x.jsonl").write_text("{}\n", encoding="utf-8")
    res = cli("validate", "[bold]x.jsonl", "-c", "[nope]")
    assert res.code == 2 and "'[nope]'" in res.err


def test_unsupported_store_scheme_is_usage(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    res = cli("validate", "a.jsonl", "-c", "shopify.order", "--store", "mysql://x@h/db")
    assert res.code == 2 and "unsupported store" in res.err


def test_invalid_records_list_says_when_it_is_cut(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text("{}\n" * 25, encoding="utf-8")
    doc = cli(
        "validate", "a.jsonl", "-c", "shopify.order", "--format", "json", "--no-quarantine"
    ).json()
    assert (doc["invalid"], len(doc["invalid_records"]), doc["invalid_records_truncated"]) == (
        25,
        20,
        True,
    )
