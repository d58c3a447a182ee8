"""`seamguard validate` and `seamguard quarantine` end to end on real sample payloads."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Invoke


def _orders_file(samples_dir: Path, tmp_path: Path) -> Path:
    """A JSONL of the two real Shopify orders, one mutated (unknown enum), one malformed line."""
    good = json.loads((samples_dir / "shopify" / "orders_create.json").read_text())
    newer = json.loads((samples_dir / "shopify" / "orders_updated.json").read_text())
    bad = dict(good, financial_status="partially_voided")
    lines = [json.dumps(good), json.dumps(newer), json.dumps(bad), '{"id": 5,']
    f = tmp_path / "orders.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_validate_exit_codes_and_summary(
    cli: Invoke, samples_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    f = _orders_file(samples_dir, tmp_path)
    res = cli("validate", str(f), "--contract", "shopify.order", "--format", "json")
    assert res.code == 1, res.err
    doc = res.json()
    assert doc["format_version"] == 1
    assert (doc["records"], doc["valid"], doc["invalid"], doc["quarantined_new"]) == (4, 2, 2, 2)
    groups = {(v["rule"], v["path"]): (v["count"], v["first_record"]) for v in doc["violations"]}
    assert groups == {("schema.enum", "/financial_status"): (1, 3), ("json.malformed", ""): (1, 4)}
    first_locations = {v["rule"]: v["first_location"] for v in doc["violations"]}
    assert first_locations["json.malformed"].endswith("orders.jsonl:4")


def test_validate_all_valid_exits_zero(
    cli: Invoke, samples_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    res = cli("validate", str(samples_dir / "stripe" / "refund.object.json"), "-c", "stripe.refund")
    assert res.code == 0, res.out + res.err
    assert "1 valid" in res.out and "0 invalid" in res.out


def test_quarantine_list_show_export(
    cli: Invoke, samples_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    f = _orders_file(samples_dir, tmp_path)
    cli("validate", str(f), "-c", "shopify.order", "--source", "storefront.orders")
    res = cli("quarantine", "list", "--format", "json")
    assert res.code == 0, res.err
    records = res.json()["records"]
    assert len(records) == 2
    first = records[0]
    assert {"id", "source", "contract", "reasons", "received_at"} <= set(first)
    assert first["source"] == "storefront.orders" and first["contract"] == "shopify.order"
    assert [r["rule"] for r in first["reasons"]] == ["schema.enum"]
    assert first["reasons"][0]["path"] == "/financial_status"

    shown = cli("quarantine", "show", str(first["id"]), "--format", "json").json()["record"]
    assert json.loads(shown["raw"])["financial_status"] == "partially_voided"

    out = tmp_path / "held.jsonl"
    # The original bytes, for replay, take --no-redact (personal data is redacted by default).
    assert cli("quarantine", "export", "--out", str(out), "--raw", "--no-redact").code == 0
    lines = out.read_bytes().splitlines()
    assert len(lines) == 2 and lines[1] == b'{"id": 5,'
    # Fix the held record and feed it back: it now validates.
    fixed = json.loads(lines[0])
    fixed["financial_status"] = "paid"
    again = tmp_path / "fixed.jsonl"
    again.write_text(json.dumps(fixed) + "\n", encoding="utf-8")
    assert cli("validate", str(again), "-c", "shopify.order", "--no-quarantine").code == 0

    # validating the same file twice does not hold the same records twice
    cli("validate", str(f), "-c", "shopify.order", "--source", "storefront.orders")
    assert len(cli("quarantine", "list", "--format", "json").json()["records"]) == 2


def test_unknown_contract_is_a_usage_error(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text("{}\n")
    res = cli("validate", "a.jsonl", "-c", "shopify.ordr")
    assert res.code == 2
    assert "unknown contract 'shopify.ordr'" in res.err
    assert len(res.err.strip().splitlines()) == 1


def test_missing_file_is_a_runtime_error(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = cli("validate", "nope.jsonl", "-c", "shopify.order")
    assert res.code == 3 and "nope.jsonl" in res.err


def test_quarantine_show_unknown_id(
    cli: Invoke, samples_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cli("validate", str(_orders_file(samples_dir, tmp_path)), "-c", "shopify.order")
    res = cli("quarantine", "show", "999")
    assert res.code == 2 and "no quarantined record with id 999" in res.err


def test_quarantine_without_a_store_is_an_error_not_an_empty_answer(
    cli: Invoke, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    res = cli("quarantine", "list")
    assert res.code == 2 and "no seamguard store" in res.err
    assert not (tmp_path / ".seamguard").exists()  # nothing created by looking
    res = cli("quarantine", "list", "-w", str(tmp_path / "nowhere"))
    assert res.code == 2 and "no such folder" in res.err
    assert not (tmp_path / "nowhere").exists()


def test_quarantine_list_checks_its_options(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("quarantine", "list", "--status", "bogus").code == 2
    assert cli("quarantine", "list", "--limit", "0").code == 2


def test_quarantine_show_escapes_control_characters(
    cli: Invoke, samples_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "evil.jsonl"
    f.write_bytes(b'{"id": "\x1b]0;pwned\x07", "x": \n')
    cli("validate", str(f), "-c", "shopify.order")
    entry = cli("quarantine", "list", "--format", "json").json()["records"][0]
    res = cli("quarantine", "show", str(entry["id"]), "--no-redact")  # the payload as held
    assert res.code == 0
    assert "\x1b" not in res.out and "\\x1b" in res.out


def test_bad_option_value_is_usage(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = cli("scan", ".", "--as-of", "yesterday")
    assert res.code == 2 and "--as-of" in res.err
