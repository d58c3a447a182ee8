"""`seamguard diff` and `seamguard rules` end to end: exit codes 0/1/2, every format, and bad
input as one line at file:line:col."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke

CONTRACT = """\
id: acme.order
version: "{version}"
title: Order
owner: {{team: oms}}
domain: orders
criticality: high
schema:
  type: object
  required: [id, status]
  properties:
    id: {{type: string}}
    status:
      enum: [{values}]{extensible}
"""


def contract(
    tmp_path: Path, name: str, values: str, *, version: str = "1.0.0", extensible: bool = False
) -> Path:
    path = tmp_path / name
    text = CONTRACT.format(
        version=version,
        values=values,
        extensible="\n      x-extensible: true" if extensible else "",
    )
    path.write_text(text, encoding="utf-8")
    return path


def schema(tmp_path: Path, name: str, doc: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def enum_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """v1 -> v2 adds the enum value 'refunded': a forward break, backward compatible."""
    monkeypatch.chdir(tmp_path)
    contract(tmp_path, "v1.yaml", "open, paid")
    contract(tmp_path, "v2.yaml", "open, paid, refunded", version="1.1.0")
    return "v1.yaml", "v2.yaml"


def _enum_change(doc: dict[str, object]) -> dict[str, object]:
    changes = doc["changes"]
    assert isinstance(changes, list)
    found = [c for c in changes if c["pointer"] == "/properties/status/enum"]
    assert len(found) == 1, changes
    change = found[0]
    assert isinstance(change, dict)
    return change


# --- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "code", "compatible"),
    [("backward", 0, True), ("forward", 1, False), ("full", 1, False)],
)
def test_exit_code_follows_the_mode(
    cli: Invoke, enum_added: tuple[str, str], mode: str, code: int, compatible: bool
) -> None:
    res = cli("diff", *enum_added, "--mode", mode, "--format", "json")
    assert res.code == code, res.err
    doc = res.json()
    assert (doc["mode"], doc["policy"], doc["compatible"]) == (mode, "lenient", compatible)
    change = _enum_change(doc)
    assert (change["rule"], change["path"], change["breaks"]) == (
        "enum-value-added",
        "/status",
        ["forward"],
    )
    assert change["severity"] == ("warning" if mode == "backward" else "error")


def test_default_mode_is_backward(cli: Invoke, enum_added: tuple[str, str]) -> None:
    res = cli("diff", *enum_added, "--format", "json")
    assert res.code == 0, res.err
    assert res.json()["mode"] == "backward"


def test_identical_files_are_compatible(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    contract(tmp_path, "v1.yaml", "open, paid")
    res = cli("diff", "v1.yaml", "v1.yaml", "--mode", "full", "--format", "json")
    assert res.code == 0, res.err
    assert res.json()["changes"] == [] and res.json()["compatible"] is True


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on_counts_the_other_direction_as_warning(
    cli: Invoke, enum_added: tuple[str, str], fail_on: str, code: int
) -> None:
    assert cli("diff", *enum_added, "--fail-on", fail_on).code == code


def test_fail_on_never_even_when_breaking(cli: Invoke, enum_added: tuple[str, str]) -> None:
    assert cli("diff", *enum_added, "--mode", "forward", "--fail-on", "never").code == 0


def test_fail_on_info_counts_any_change(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    schema(tmp_path, "a.json", {"type": "string"})
    schema(tmp_path, "b.json", {"type": "string", "description": "an id"})
    assert cli("diff", "a.json", "b.json", "--mode", "full").code == 0
    assert cli("diff", "a.json", "b.json", "--mode", "full", "--fail-on", "info").code == 1


def test_extensible_enum_value_added_is_no_forward_break(
    cli: Invoke, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    contract(tmp_path, "v1.yaml", "open, paid", extensible=True)
    contract(tmp_path, "v2.yaml", "open, paid, refunded", extensible=True)
    res = cli("diff", "v1.yaml", "v2.yaml", "--mode", "full", "--format", "json")
    assert res.code == 0, res.out
    assert res.json()["compatible"] is True
    assert _enum_change(res.json())["breaks"] == []


def test_strict_policy_counts_an_optional_property_on_an_open_model(
    cli: Invoke, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    schema(tmp_path, "a.json", {"type": "object", "properties": {"id": {"type": "string"}}})
    schema(
        tmp_path,
        "b.json",
        {"type": "object", "properties": {"id": {"type": "string"}, "note": {"type": "string"}}},
    )
    lenient = cli("diff", "a.json", "b.json", "--format", "json")
    strict = cli("diff", "a.json", "b.json", "--policy", "strict", "--format", "json")
    assert lenient.code == 0, lenient.out
    assert strict.code == 1, strict.out
    assert strict.json()["policy"] == "strict"
    (added,) = [c for c in strict.json()["changes"] if c["path"] == "/note"]
    assert "backward" in added["breaks"]


def test_contract_against_a_bare_schema(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    contract(tmp_path, "v1.yaml", "open, paid")
    schema(
        tmp_path,
        "v2.json",
        {
            "type": "object",
            "required": ["id", "status"],
            "properties": {"id": {"type": "string"}, "status": {"enum": ["open"]}},
        },
    )
    res = cli("diff", "v1.yaml", "v2.json", "--format", "json")
    assert res.code == 1, res.out
    change = _enum_change(res.json())
    assert (change["rule"], change["breaks"]) == ("enum-value-removed", ["backward"])


def test_every_draft_by_schema_uri(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    uris = [
        "http://json-schema.org/draft-04/schema#",
        "http://json-schema.org/draft-06/schema#",
        "http://json-schema.org/draft-07/schema#",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
    ]
    for uri in uris:
        schema(tmp_path, "a.json", {"$schema": uri, "type": "string", "maxLength": 10})
        schema(tmp_path, "b.json", {"$schema": uri, "type": "string", "maxLength": 5})
        res = cli("diff", "a.json", "b.json", "--format", "json")
        assert res.code == 1, (uri, res.err)
        (change,) = res.json()["changes"]
        assert (change["pointer"], change["breaks"]) == ("/maxLength", ["backward"]), uri


# --- formats ----------------------------------------------------------------------------------


def test_text_output(cli: Invoke, enum_added: tuple[str, str]) -> None:
    res = cli("diff", *enum_added, "--mode", "forward")
    assert res.code == 1
    lines = res.out.splitlines()
    assert lines[0].startswith("✗ breaks forward · mode forward · policy lenient · ")
    assert lines[1] == "v1.yaml → v2.yaml"
    assert "enum-value-added" in res.out and "/properties/status/enum" in res.out
    assert res.err == ""


def test_text_output_compatible(cli: Invoke, enum_added: tuple[str, str]) -> None:
    res = cli("diff", *enum_added)
    assert res.code == 0
    assert res.out.startswith("✓ compatible · mode backward · policy lenient · ")


def test_json_output_keys(cli: Invoke, enum_added: tuple[str, str]) -> None:
    doc = cli("diff", *enum_added, "--mode", "full", "--format", "json").json()
    assert list(doc) == [
        "format_version",
        "mode",
        "policy",
        "compatible",
        "old",
        "new",
        "changes",
    ]
    assert doc["format_version"] == 1 and (doc["old"], doc["new"]) == enum_added
    for change in doc["changes"]:
        assert {"rule", "pointer", "path", "breaks", "severity", "message"} <= set(change)


def test_markdown_output(cli: Invoke, enum_added: tuple[str, str]) -> None:
    res = cli("diff", *enum_added, "--mode", "forward", "--format", "markdown")
    assert res.code == 1
    assert res.out.startswith("### ❌ seamguard diff: breaks forward\n")
    assert "| `/status` | error | `enum-value-added` | forward |" in res.out
    assert "<details>" in res.out and res.out.rstrip().endswith("</details>")


def test_output_is_deterministic(cli: Invoke, enum_added: tuple[str, str]) -> None:
    for fmt in ("text", "json", "markdown"):
        first = cli("diff", *enum_added, "--mode", "full", "--format", fmt).out
        assert cli("diff", *enum_added, "--mode", "full", "--format", fmt).out == first


# --- bad input --------------------------------------------------------------------------------


def test_missing_file(cli: Invoke, enum_added: tuple[str, str]) -> None:
    res = cli("diff", "v1.yaml", "nope.yaml")
    assert res.code == 2
    assert res.out == ""
    assert res.err.strip() == "error: nope.yaml: no such file"


def test_json_syntax_error_is_placed(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text('{"type": "string"}\n', encoding="utf-8")
    (tmp_path / "b.json").write_text('{\n  "type": "string"\n  "maxLength": 3\n}\n')
    res = cli("diff", "a.json", "b.json")
    assert res.code == 2
    assert res.err.startswith("error: b.json:3:3: invalid JSON: Expecting ',' delimiter")
    assert len(res.err.strip().splitlines()) == 1 and "Traceback" not in res.err


def test_unknown_schema_uri(cli: Invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    schema(tmp_path, "a.json", {"type": "string"})
    (tmp_path / "b.json").write_text(
        '{\n  "$schema": "https://json-schema.org/draft/2042/schema",\n  "type": "string"\n}\n'
    )
    res = cli("diff", "a.json", "b.json")
    assert res.code == 2
    assert res.err.startswith(
        "error: b.json:2:3 at /$schema: unknown $schema 'https://json-schema.org/draft/2042/schema'"
    )


def test_contract_yaml_error_keeps_file_line_col(
    cli: Invoke, enum_added: tuple[str, str], tmp_path: Path
) -> None:
    text = (tmp_path / "v2.yaml").read_text(encoding="utf-8")
    (tmp_path / "v2.yaml").write_text(text.replace("id: {type: string}", "id: {type: string"))
    res = cli("diff", "v1.yaml", "v2.yaml")
    assert res.code == 2
    assert res.err.startswith("error: v2.yaml:12:11: YAML error: "), res.err


def test_contract_model_error_keeps_file_line_col(
    cli: Invoke, enum_added: tuple[str, str], tmp_path: Path
) -> None:
    text = (tmp_path / "v1.yaml").read_text(encoding="utf-8")
    (tmp_path / "v1.yaml").write_text(text.replace("domain: orders", "domain: ordres"))
    res = cli("diff", "v1.yaml", "v2.yaml")
    assert res.code == 2
    assert res.err.startswith("error: v1.yaml:5:1 at /domain: domain must be one of"), res.err


def test_bad_option_is_a_usage_error(cli: Invoke, enum_added: tuple[str, str]) -> None:
    assert cli("diff", *enum_added, "--mode", "sideways").code == 2
    assert cli("diff", *enum_added, "--format", "sarif").code == 2
    assert cli("diff", "v1.yaml").code == 2


# --- deep nesting -------------------------------------------------------------------------------


def _nested(levels: int, leaf: dict[str, object], shape: str = "properties") -> dict[str, object]:
    """A schema ``levels`` containers deep (the root is level 1)."""
    node: dict[str, object] = leaf
    depth = 1
    while depth < levels:
        if shape in ("properties", "anyOf", "oneOf", "allOf") and depth + 2 <= levels:
            if shape == "properties":
                node = {"type": "object", "properties": {"a": node}}
            else:
                node = {shape: [node, {"type": "null"}] if shape != "allOf" else [node]}
            depth += 2
        else:
            node = {shape if shape in ("not", "items", "contains") else "not": node}
            depth += 1
    return node


@pytest.mark.parametrize(("levels", "suffix"), [(600, ".json"), (1000, ".json"), (600, ".yaml")])
def test_a_schema_nested_too_deeply_is_one_clean_error(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, levels: int, suffix: str
) -> None:
    """~300 and ~500 levels of nested properties: a usage error naming the file, no crash."""
    from seamguard.core.compat.normalize import MAX_DEPTH

    monkeypatch.chdir(tmp_path)
    schema(tmp_path, "a.json", {"type": "object"})
    # written by hand: json.dumps itself cannot nest this deep
    half = levels // 2
    text = '{"type": "object", "properties": {"a": ' * half + '{"type": "string"}' + "}}" * half
    (tmp_path / f"b{suffix}").write_text(text, encoding="utf-8")
    res = cli("diff", "a.json", f"b{suffix}", "--mode", "full")
    assert res.code == 2, res.err
    assert res.err.strip() == (
        f"error: b{suffix}: schema nests too deeply to compare (deeper than {MAX_DEPTH} levels)"
    )
    assert res.out == ""


# (not oneOf: nested oneOf is compared in time exponential in its depth, a known limit)
@pytest.mark.parametrize("shape", ["properties", "not", "items", "contains", "anyOf", "allOf"])
def test_a_schema_at_the_depth_limit_is_compared(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    from seamguard.core.compat.normalize import MAX_DEPTH

    monkeypatch.chdir(tmp_path)
    schema(tmp_path, "a.json", _nested(MAX_DEPTH, {"type": "string"}, shape))
    schema(tmp_path, "b.json", _nested(MAX_DEPTH, {"type": "string", "maxLength": 3}, shape))
    res = cli(
        "diff", "a.json", "b.json", "--mode", "full", "--policy", "strict", "--format", "json"
    )
    assert res.code in (0, 1), res.err
    assert json.loads(res.out)["changes"], res.out


def test_json_says_when_paths_were_cut(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    def shared(leaf: dict[str, object]) -> dict[str, object]:
        props = {f"p{i:02}": {"$ref": "#/$defs/zip"} for i in range(20)}
        return {"$defs": {"zip": leaf}, "type": "object", "properties": props}

    schema(tmp_path, "a.json", shared({"type": "string"}))
    schema(tmp_path, "b.json", shared({"type": "string", "maxLength": 5}))
    res = cli("diff", "a.json", "b.json", "--format", "json")
    (change,) = json.loads(res.out)["changes"]
    assert len(change["paths"]) == 16
    assert change["paths_truncated"] is True
