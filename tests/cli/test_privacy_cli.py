"""Personal data end to end through the real CLI: reports, validate output and the quarantine
commands never show it unless asked (--no-redact), and retention purges payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seamguard.config import PrivacySettings, workspace_from_mapping
from seamguard.errors import ConfigError
from tests.conftest import Invoke

SHOP = """\
id: shop.order
version: "1.0.0"
title: Shop order
owner: {team: shop}
domain: orders
criticality: high
personal_data: [/customer/email, /customer/name, /shipping_address]
schema:
  type: object
  required: [id, customer]
  properties:
    id: {type: integer}
    status: {enum: [paid, pending]}
    customer:
      type: object
      properties:
        email: {type: string, format: email}
        name: {type: string}
    shipping_address: {type: object}
"""
CRM = """\
id: crm.contact
version: "1.0.0"
title: CRM contact
owner: {team: crm}
domain: orders
criticality: standard
personal_data: [/email]
schema: {type: object, required: [email], properties: {email: {type: string}}}
"""
WORKSPACE = """\
version: 1
systems: {shop: {}, crm: {}}
sources:
  shop.orders: {system: shop, path: data/orders.jsonl, contract: shop.order}
  crm.contacts: {system: crm, path: data/contacts.jsonl, contract: crm.contact}
flows:
  contact-sync:
    domain: order_sync_continuity
    from: shop.orders
    to: crm.contacts
    key: {from: /customer/email, to: /email}
"""
ORDERS = [
    '{"id": 1, "status": "paid", "customer": {"email": "ok@example.com", "name": "Ann Example"}}',
    # an invalid e-mail at a personal-data path, next to other personal values
    '{"id": 2, "customer": {"email": "jane.doe(at)example", "name": "Jane Doe"}, '
    '"shipping_address": {"street": "1 Secret Lane"}}',
    # an invalid value at a path that is not personal: its message stays useful
    '{"id": 3, "status": "voided", "customer": {"email": "bob.stone@example.com", "name": "Bob Stone"}}',
    # the wrong shape above a personal path: its message would quote the whole string
    '{"id": 4, "customer": "Carol Secret <carol@example.com>"}',
    # not JSON at all: cannot be redacted field by field
    '{"id": 5, "customer": {"email": "dave@example.com"',
]
CONTACTS = ['{"email": "ok@example.com"}']
SECRETS = (
    "jane.doe(at)example",
    "Jane Doe",
    "1 Secret Lane",
    "bob.stone@example.com",
    "Bob Stone",
    "Carol Secret",
    "carol@example.com",
    "dave@example.com",
)
AS_OF = "2026-11-27T12:00:00Z"


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    (root / "contracts").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "contracts" / "shop.yaml").write_text(SHOP, encoding="utf-8")
    (root / "contracts" / "crm.yaml").write_text(CRM, encoding="utf-8")
    (root / "seamguard.yaml").write_text(WORKSPACE, encoding="utf-8")
    (root / "data" / "orders.jsonl").write_text("\n".join(ORDERS) + "\n", encoding="utf-8")
    (root / "data" / "contacts.jsonl").write_text("\n".join(CONTACTS) + "\n", encoding="utf-8")
    return root


def _set_privacy(ws: Path, line: str) -> None:
    with (ws / "seamguard.yaml").open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def _scan(cli: Invoke, ws: Path, as_of: str = AS_OF) -> dict:
    res = cli("scan", str(ws), "--as-of", as_of, "--format", "json", "--fail-on", "never")
    assert res.code == 0, res.err
    return res.json()


def _records(cli: Invoke, ws: Path, *extra: str) -> list[dict]:
    res = cli("quarantine", "list", "--workspace", str(ws), "--format", "json", *extra)
    assert res.code == 0, res.err
    return res.json()["records"]


def test_reports_never_show_a_personal_value(cli: Invoke, ws: Path) -> None:
    report = _scan(cli, ws)
    shop = next(s for s in report["sources"] if s["name"] == "shop.orders")
    groups = {(v["rule"], v["path"]): v["message"] for v in shop["violations"]}
    # the findings are all still there, by rule and path
    assert {("schema.format", "/customer/email"), ("schema.type", "/customer")} <= set(groups)
    assert "voided" in groups[("schema.enum", "/status")]
    assert "/customer/email" in groups[("schema.format", "/customer/email")]
    for name in ("report.json", "report.html"):
        text = (ws / "reports" / name).read_text(encoding="utf-8")
        assert _leaks(text) == [], name
    # a flow keyed by a personal field lists its example keys redacted
    examples = report["flows"][0]["examples"]
    assert examples["missing"] == ["[redacted]", "[redacted]"]
    assert _leaks(json.dumps(report)) == []
    text = cli("scan", str(ws), "--as-of", AS_OF, "--fail-on", "never")
    assert _leaks(text.out) == []


def test_validate_output_never_shows_a_personal_value(
    cli: Invoke, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    orders = str(ws / "data" / "orders.jsonl")
    res = cli("validate", orders, "-c", "shop.order", "-w", str(ws), "--format", "json")
    assert res.code == 1, res.err
    doc = res.json()
    assert doc["invalid"] == 4
    assert {r["path"] for rec in doc["invalid_records"] for r in rec["reasons"]} >= {
        "/customer/email",
        "/customer",
    }
    assert _leaks(res.out) == []
    text = cli("validate", orders, "-c", "shop.order", "-w", str(ws), "--no-quarantine")
    assert _leaks(text.out) == []


def test_quarantine_is_redacted_by_default(cli: Invoke, ws: Path, tmp_path: Path) -> None:
    _scan(cli, ws)
    records = _records(cli, ws)
    assert len(records) == 4 and all(r["redacted"] for r in records)
    assert _leaks(json.dumps(records)) == []
    assert _leaks(cli("quarantine", "list", "-w", str(ws)).out) == []

    jane = next(r for r in records if r["record_number"] == 2)
    shown = cli("quarantine", "show", str(jane["id"]), "-w", str(ws), "--format", "json")
    record = shown.json()["record"]
    assert json.loads(record["raw"]) == {
        "id": 2,
        "customer": {"email": "[redacted]", "name": "[redacted]"},
        "shipping_address": "[redacted]",
    }
    assert record["redacted_values"] == 3
    text = cli("quarantine", "show", str(jane["id"]), "-w", str(ws))
    assert text.code == 0 and _leaks(text.out) == []
    assert "3 personal values redacted" in text.out

    broken = next(r for r in records if r["record_number"] == 5)
    raw = cli("quarantine", "show", str(broken["id"]), "-w", str(ws), "--format", "json")
    assert json.loads(raw.json()["record"]["raw"]).startswith("[redacted: ")

    for args in ((), ("--raw",)):
        out = tmp_path / f"export{len(args)}.jsonl"
        res = cli("quarantine", "export", "-w", str(ws), "--out", str(out), *args)
        assert res.code == 0, res.err
        assert res.err == ""  # nothing unredacted, nothing to warn about
        body = out.read_text(encoding="utf-8")
        assert _leaks(body) == [] and "[redacted]" in body
        assert all(json.loads(line) is not None for line in body.splitlines())


def test_no_redact_gives_the_original_bytes_with_a_warning(
    cli: Invoke, ws: Path, tmp_path: Path
) -> None:
    _scan(cli, ws)
    records = _records(cli, ws, "--no-redact")
    assert not any(r["redacted"] for r in records)
    jane = next(r for r in records if r["record_number"] == 2)
    shown = cli(
        "quarantine", "show", str(jane["id"]), "-w", str(ws), "--no-redact", "--format", "json"
    )
    assert shown.json()["record"]["raw"] == ORDERS[1]

    out = tmp_path / "replay.jsonl"
    res = cli("quarantine", "export", "-w", str(ws), "--out", str(out), "--raw", "--no-redact")
    assert res.code == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        ORDERS[1],
        ORDERS[2],
        ORDERS[3],
        ORDERS[4],
    ]
    warning = res.err.strip()
    assert warning.startswith("warning:") and "4 records" in warning and "\n" not in warning

    meta = tmp_path / "meta.jsonl"
    res = cli("quarantine", "export", "-w", str(ws), "--out", str(meta), "--no-redact")
    lines = [json.loads(line) for line in meta.read_text(encoding="utf-8").splitlines()]
    assert [line["raw"] for line in lines] == ORDERS[1:]
    assert res.err.startswith("warning:")


def test_workspace_can_turn_redaction_off_and_the_flag_wins(cli: Invoke, ws: Path) -> None:
    _set_privacy(ws, "privacy: {redact: false}")
    report = _scan(cli, ws)
    assert "jane.doe(at)example" in report["flows"][0]["examples"]["missing"]
    # messages never quote personal data, whatever the setting
    shop = next(s for s in report["sources"] if s["name"] == "shop.orders")
    assert _leaks(json.dumps(shop["violations"])) == []

    jane = next(r for r in _records(cli, ws) if r["record_number"] == 2)
    plain = cli("quarantine", "show", str(jane["id"]), "-w", str(ws), "--format", "json")
    assert plain.json()["record"]["raw"] == ORDERS[1]
    forced = cli(
        "quarantine", "show", str(jane["id"]), "-w", str(ws), "--redact", "--format", "json"
    )
    assert _leaks(forced.out) == []


def test_retention_purges_payloads_at_the_end_of_a_scan(
    cli: Invoke, ws: Path, tmp_path: Path
) -> None:
    _set_privacy(ws, "privacy: {retention: 30d}")
    _scan(cli, ws, "2026-10-01T12:00:00Z")
    assert not any(r["raw_purged"] for r in _records(cli, ws))
    _scan(cli, ws, "2026-10-20T12:00:00Z")  # 19 days on: nothing is old enough
    assert not any(r["raw_purged"] for r in _records(cli, ws))

    _scan(cli, ws, AS_OF)  # 57 days after the records were held
    records = _records(cli, ws)
    assert len(records) == 4, "a purged record read again is still known, not held twice"
    assert all(r["raw_purged"] for r in records)
    assert [r["reasons"][0]["rule"] for r in records]  # reasons are kept
    shown = cli("quarantine", "show", str(records[0]["id"]), "-w", str(ws), "--no-redact")
    assert "purged by the retention setting" in shown.out and _leaks(shown.out) == []
    data = cli("quarantine", "show", str(records[0]["id"]), "-w", str(ws), "--format", "json")
    assert data.json()["record"]["raw"] is None

    out = tmp_path / "raw.jsonl"
    res = cli("quarantine", "export", "-w", str(ws), "--out", str(out), "--raw", "--no-redact")
    assert res.code == 0 and out.read_text(encoding="utf-8") == ""
    assert "4 skipped: payload purged" in res.out and res.err == ""


def test_validate_applies_the_workspace_retention(
    cli: Invoke, ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_privacy(ws, "privacy: {retention: 30d}")
    _scan(cli, ws, "2020-01-01T00:00:00Z")  # held long ago
    other = tmp_path / "more.jsonl"
    other.write_text('{"id": 9, "customer": {"email": "nope"}}\n', encoding="utf-8")
    monkeypatch.chdir(ws)
    res = cli("validate", str(other), "-c", "shop.order", "-w", str(ws))
    assert res.code == 1, res.err
    records = _records(cli, ws)
    assert [r["raw_purged"] for r in records] == [True, True, True, True, False]


def test_purge_by_hand(cli: Invoke, ws: Path) -> None:
    _scan(cli, ws, "2026-10-01T12:00:00Z")
    res = cli("quarantine", "purge", "-w", str(ws))
    assert res.code == 2 and "--older-than" in res.err  # no retention configured
    assert cli("quarantine", "purge", "-w", str(ws), "--older-than", "soon").code == 2

    res = cli(
        "quarantine",
        "purge",
        "-w",
        str(ws),
        "--older-than",
        "30d",
        "--as-of",
        "2026-10-15T00:00:00Z",
    )
    assert res.code == 0 and "0 records" in res.out
    res = cli(
        "quarantine",
        "purge",
        "-w",
        str(ws),
        "--older-than",
        "7d",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    )
    assert res.code == 0
    assert res.json() == {
        "format_version": 1,
        "purged": 4,
        "received_before": "2026-11-20T12:00:00Z",
    }
    assert all(r["raw_purged"] for r in _records(cli, ws))


def test_an_internal_error_does_not_print_its_message(
    cli: Invoke, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error boundary is seamguard's only log: an unexpected exception's text may quote a
    record, so only its type is printed (the message comes with --debug)."""

    def boom(*_a: object, **_k: object) -> None:
        raise ValueError("invalid literal for int(): 'jane.doe(at)example'")

    monkeypatch.setattr("seamguard.app.scan.run_scan", boom)
    res = cli("scan", str(ws), "--as-of", AS_OF)
    assert res.code == 3
    assert "ValueError" in res.err and _leaks(res.err) == []


@pytest.mark.parametrize(
    ("privacy", "pointer"),
    [
        ({"redact": "yes"}, "/privacy/redact"),
        ({"retention": "0d"}, "/privacy/retention"),
        ({"retention": "a month"}, "/privacy/retention"),
        ({"keep": True}, "/privacy/keep"),
        ("on", "/privacy"),
    ],
)
def test_privacy_settings_are_checked(privacy: object, pointer: str) -> None:
    with pytest.raises(ConfigError) as info:
        workspace_from_mapping({"version": 1, "privacy": privacy}, env={})
    assert info.value.location.pointer == pointer


def test_privacy_defaults() -> None:
    from datetime import timedelta

    assert workspace_from_mapping({"version": 1}, env={}).privacy == PrivacySettings(True, None)
    ws = workspace_from_mapping(
        {"version": 1, "privacy": {"redact": False, "retention": "2w"}}, env={}
    )
    assert ws.privacy == PrivacySettings(redact=False, retention=timedelta(weeks=2))
