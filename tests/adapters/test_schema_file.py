"""The sides of ``seamguard diff``: contracts and bare JSON Schemas load with their draft and
positions; every unreadable file is a one-line error at file:line:col with exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamguard.adapters.schema_file import DRAFTS, load_schema_file
from seamguard.errors import ContractError, NotFoundError

CONTRACT = """\
id: acme.order
version: "1.0.0"
title: Order
owner: {team: oms}
domain: orders
criticality: high
schema:
  type: object
  properties:
    status:
      enum: [open, paid]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bare_json_schema_with_positions(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "order.json",
        '{\n  "type": "object",\n  "properties": {\n    "status": {"enum": ["open"]}\n  }\n}\n',
    )
    side = load_schema_file(path, display="order.json")
    assert side.schema["properties"]["status"] == {"enum": ["open"]}
    assert side.contract is None and not side.is_contract
    assert side.draft == "2020-12"
    assert side.root == ""
    where = side.locate("/properties/status/enum")
    assert (where.file, where.line, where.column) == ("order.json", 4, 16)
    assert side.has("/properties/status/enum/0")
    assert not side.has("/properties/total")


def test_contract_schema_lives_under_schema(tmp_path: Path) -> None:
    side = load_schema_file(_write(tmp_path, "order.yaml", CONTRACT), display="order.yaml")
    assert side.contract is not None and side.contract.id == "acme.order"
    assert side.root == "/schema"
    assert side.schema == {"type": "object", "properties": {"status": {"enum": ["open", "paid"]}}}
    assert isinstance(side.schema, dict)  # plain data, not the contract's frozen view
    where = side.locate("/properties/status/enum")
    assert (where.line, where.column, where.pointer) == (11, 7, "/schema/properties/status/enum")
    assert side.locate_in_document("/owner").line == 4


@pytest.mark.parametrize(("uri", "draft"), sorted(DRAFTS.items()))
def test_drafts_by_schema_uri(tmp_path: Path, uri: str, draft: str) -> None:
    for suffix in ("", "#"):
        path = _write(tmp_path, "s.json", f'{{"$schema": "{uri}{suffix}", "type": "string"}}')
        assert load_schema_file(path).draft == draft


def test_contract_without_schema_uri_is_2020_12(tmp_path: Path) -> None:
    assert load_schema_file(_write(tmp_path, "c.yaml", CONTRACT)).draft == "2020-12"


def test_unknown_schema_uri_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.yaml", "type: object\n$schema: https://example.com/my-schema\n")
    with pytest.raises(ContractError) as info:
        load_schema_file(path, display="s.yaml")
    err = info.value
    assert err.exit_code == 2
    assert (err.location.file, err.location.line, err.location.column) == ("s.yaml", 2, 1)
    assert "unknown $schema" in err.message and "2020-12" in err.message


def test_unknown_schema_uri_in_a_contract(tmp_path: Path) -> None:
    text = CONTRACT.replace("  type: object\n", "  $schema: draft-42\n  type: object\n")
    with pytest.raises(ContractError) as info:
        load_schema_file(_write(tmp_path, "c.yaml", text), display="c.yaml")
    assert (info.value.location.line, info.value.location.column) == (8, 3)


def test_json_syntax_error_at_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", '{\n  "type": "object",\n  "required": ["a",]\n}\n')
    with pytest.raises(ContractError) as info:
        load_schema_file(path, display="bad.json")
    err = info.value
    assert err.exit_code == 2
    assert (err.location.file, err.location.line, err.location.column) == ("bad.json", 3, 20)
    assert str(err).startswith("bad.json:3:20: invalid JSON")


def test_json_duplicate_key_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "dup.json", '{\n  "type": "object",\n  "type": "string"\n}\n')
    with pytest.raises(ContractError) as info:
        load_schema_file(path, display="dup.json")
    assert "duplicate key 'type'" in info.value.message
    assert info.value.location.line == 3


def test_yaml_syntax_error_at_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.yaml", "type: object\nproperties:\n  a: {type: string\n")
    with pytest.raises(ContractError) as info:
        load_schema_file(path, display="bad.yaml")
    assert info.value.location.file == "bad.yaml"
    assert info.value.location.line is not None and info.value.location.column is not None


def test_contract_error_keeps_its_position(tmp_path: Path) -> None:
    text = CONTRACT.replace("criticality: high", "criticality: extreme")
    with pytest.raises(ContractError) as info:
        load_schema_file(_write(tmp_path, "c.yaml", text), display="c.yaml")
    assert (info.value.location.line, info.value.location.column) == (6, 1)
    assert "criticality" in info.value.message


def test_schema_that_is_not_json_schema_is_placed(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.yaml", "type: object\nproperties:\n  a:\n    type: strin\n")
    with pytest.raises(ContractError) as info:
        load_schema_file(path, display="s.yaml")
    assert "not valid JSON Schema" in info.value.message
    assert info.value.location.line == 4


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as info:
        load_schema_file(tmp_path / "nope.json", display="nope.json")
    assert info.value.exit_code == 2
    assert str(info.value) == "nope.json: no such file"


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as info:
        load_schema_file(tmp_path, display="here")
    assert info.value.exit_code == 2 and "folder" in info.value.message


@pytest.mark.parametrize("text", ["[1, 2]\n", "42\n", ""])
def test_neither_contract_nor_schema(tmp_path: Path, text: str) -> None:
    with pytest.raises(ContractError) as info:
        load_schema_file(_write(tmp_path, "s.yaml", text), display="s.yaml")
    assert "expected a contract" in info.value.message
    assert info.value.location.line == 1


def test_boolean_schema(tmp_path: Path) -> None:
    side = load_schema_file(_write(tmp_path, "t.json", "true"))
    assert side.schema is True and side.draft == "2020-12"


def test_draft4_id_alone_is_a_schema_not_a_contract(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "s.json",
        '{"$schema": "http://json-schema.org/draft-04/schema#", "id": "urn:x", "type": "object"}',
    )
    side = load_schema_file(path)
    assert side.contract is None and side.draft == "4"


def test_file_without_extension_reads_as_yaml_or_json(tmp_path: Path) -> None:
    # What `seamguard diff <(git show HEAD~1:order.json) order.json` hands over: /dev/fd/63.
    side = load_schema_file(_write(tmp_path, "63", '{"type": "string", "maxLength": 3}'))
    assert side.schema == {"type": "string", "maxLength": 3}
