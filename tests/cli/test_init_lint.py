"""`seamguard init` scaffolds a workspace that `lint` accepts; lint finds what it should."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke

CONTRACT = """\
id: acme.order
version: "1.0.0"
title: Order
owner: {team: oms}
domain: orders
criticality: high
consumers:
  - {system: erp, reads: [/id, /totl]}
schema:
  type: object
  properties:
    id: {type: string}
    currency: {type: string}
    total: {type: number, multipleOf: 0.01}
rules:
  - {id: total-money, kind: money, amount: /total, currency: /currency}
  - {id: tax-money, kind: money, amount: /tax, currency: /currency}
  - id: totals
    kind: sum
    total: /total
    parts: [/total, "-/discount"]
"""


def test_init_then_lint_is_clean(cli: Invoke, tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    res = cli("init", str(ws))
    assert res.code == 0, res.err
    assert (ws / "seamguard.yaml").exists()
    assert (ws / "contracts" / "shopify.order.yaml").exists()
    assert (ws / "contracts" / "commerce.order.yaml").exists()
    lint = cli("lint", str(ws), "--format", "json")
    assert lint.code == 0, lint.out + lint.err
    doc = lint.json()
    errors = [f for f in doc["findings"] if f["severity"] == "error"]
    assert errors == []
    assert doc["contracts"] >= 12
    # init refuses to overwrite
    again = cli("init", str(ws))
    assert again.code == 2 and "already exists" in again.err


def test_scan_of_an_empty_workspace_says_no_data(cli: Invoke, tmp_path: Path) -> None:
    ws = tmp_path / "acme"
    cli("init", str(ws))
    res = cli("scan", str(ws), "--as-of", "2026-11-27T12:00:00Z", "--format", "json")
    assert res.code == 0, res.err
    report = res.json()
    assert [d["status"] for d in report["domains"]] == ["no_data"] * 5
    assert all(d["sli"]["value"] is None for d in report["domains"])


def test_lint_finds_undeclared_paths_and_float_multipleof(
    cli: Invoke, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "order.yaml").write_text(CONTRACT, encoding="utf-8")
    (tmp_path / "seamguard.yaml").write_text("version: 1\n", encoding="utf-8")
    res = cli("lint", ".", "--format", "json")
    assert res.code == 1
    found = {
        (f["code"], f["file"], f["line"], f["column"], f["severity"])
        for f in res.json()["findings"]
    }
    assert found == {
        ("consumer-path-undeclared", "contracts/order.yaml", 8, 32, "warning"),
        ("money-multipleof", "contracts/order.yaml", 16, 36, "warning"),
        ("rule-path-undeclared", "contracts/order.yaml", 17, 34, "error"),
        # sum parts are checked too, the sign stripped: the second part, at its list item
        ("rule-path-undeclared", "contracts/order.yaml", 21, 21, "error"),
    }
    assert cli("lint", ".", "--fail-on", "never").code == 0


def test_lint_broken_workspace_exits_2_with_position(
    cli: Invoke, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seamguard.yaml").write_text(
        "version: 1\nsystems:\n  shop: {platfrom: shopify}\n", encoding="utf-8"
    )
    res = cli("lint", ".")
    assert res.code == 2
    assert res.err.startswith("error: seamguard.yaml:3:10")
    assert "platfrom" in res.err


def test_lint_checks_where_source_columns_go(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "order.yaml").write_text(CONTRACT, encoding="utf-8")
    (tmp_path / "seamguard.yaml").write_text(
        "version: 1\n"
        "systems: {oms: {}}\n"
        "sources:\n"
        "  oms.orders:\n"
        "    system: oms\n"
        "    path: data/orders.csv\n"
        "    contract: acme.order\n"
        "    columns: {order_total: /total, order_totl: /totl, memo: null}\n",
        encoding="utf-8",
    )
    res = cli("lint", ".", "--format", "json")
    found = [
        (f["code"], f["file"], f["line"], f["severity"])
        for f in res.json()["findings"]
        if f["code"] == "column-path-undeclared"
    ]
    assert found == [("column-path-undeclared", "seamguard.yaml", 8, "error")]


def test_init_says_which_files_it_created_and_which_it_appended_to(
    cli: Invoke, tmp_path: Path
) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    res = cli("init", str(tmp_path))
    assert res.code == 0, res.err
    lines = [line.split() for line in res.out.splitlines() if line.startswith("  ")]
    assert ["appended", str(tmp_path / ".gitignore")] in lines
    assert ["created", str(tmp_path / "seamguard.yaml")] in lines


DEPRECATIONS = """\
id: acme.order
version: "1.2.0"
title: Order
owner: {team: oms}
domain: orders
criticality: high
schema:
  type: object
  properties:
    id: {type: string}
    note: {type: string}
deprecations:
  - {path: /note, since: 1.1.0}
  - {path: /note, since: 2.0.0, reason: moved to the CRM}
  - {path: /id, since: 1.0.0, replacement: /order_id}
"""


def test_lint_judges_deprecations_on_their_own(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "order.yaml").write_text(DEPRECATIONS, encoding="utf-8")
    (tmp_path / "seamguard.yaml").write_text("version: 1\n", encoding="utf-8")
    res = cli("lint", ".", "--format", "json")
    assert res.code == 1
    found = sorted(
        (f["code"], f["pointer"], f["line"], f["severity"]) for f in res.json()["findings"]
    )
    assert found == [
        ("deprecation-invalid", "/deprecations/1", 14, "error"),  # /note deprecated twice
        ("deprecation-invalid", "/deprecations/1/since", 14, "error"),  # 2.0.0 is after 1.2.0
        ("deprecation-replacement-undeclared", "/deprecations/2/replacement", 15, "warning"),
        ("deprecation-unexplained", "/deprecations/0", 13, "warning"),  # no replacement, reason
    ]
