"""Benchmark: `diff_schemas` on two versions of a schema set the size of a large public API.

The set is one JSON Schema 2020-12 document: ``--schemas`` object schemas in ``$defs`` (5 to 12
properties each: strings with lengths, patterns and formats, bounded integers, money-like
numbers with ``multipleOf``, enums, nullable fields, arrays, nested objects) wired together by
``$ref`` (about two per schema, some of them cycles) and all reachable from the root's
properties. The second version changes ``--changed`` of them (1 to 3 edits each: property added,
removed, made required, enum value added or removed, type widened, bound moved, format added,
description edited). Generation is seeded, so every run diffs the same documents.

The time is the median of ``--repeat`` runs of ``diff_schemas(old, new, mode="full",
policy="strict")``. Baselines measured in the same run on the same documents: ``copy.deepcopy``
of both (one walk of every node of both trees in Python, the least a pure-Python diff does) and
compiling both with jsonschema-rs (``validator_for``, what validating against them would cost
up front). Ratios are baseline time / diff time (1.0 = as fast as the baseline).

    python bench/diff.py [--schemas 1000] [--changed 300] [--repeat 5] [--seed 7]

The figure and the command are appended to the ``## diff`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import jsonschema_rs
from results import add_to_section

from seamguard.core.compat.engine import diff_schemas

TARGET_S = 1.0

Schema = dict[str, Any]

WORDS = (
    "id",
    "status",
    "currency",
    "total",
    "subtotal",
    "tax",
    "shipping",
    "discount",
    "email",
    "phone",
    "name",
    "line",
    "sku",
    "quantity",
    "price",
    "created",
    "updated",
    "note",
    "tags",
    "gateway",
    "reference",
    "country",
    "region",
    "city",
    "postal",
    "street",
    "method",
    "kind",
    "code",
    "source",
    "channel",
    "locale",
    "vendor",
    "weight",
)
STATUSES = ("pending", "paid", "partially_paid", "refunded", "voided", "authorized", "expired")


def _scalar(rng: random.Random) -> Schema:
    roll = rng.randrange(9)
    if roll == 0:
        return {"type": "string", "maxLength": rng.choice((16, 64, 255))}
    if roll == 1:
        return {"type": "string", "pattern": "^[A-Z]{3}$"}
    if roll == 2:
        return {"type": "string", "format": rng.choice(("date-time", "email", "uuid", "date"))}
    if roll == 3:
        return {"type": "integer", "minimum": 0, "maximum": rng.choice((100, 10_000, 2**31 - 1))}
    if roll == 4:
        return {"type": "string", "pattern": "^-?[0-9]+\\.[0-9]{2}$", "description": "money"}
    if roll == 5:
        return {"type": "number", "minimum": 0, "multipleOf": 0.01}
    if roll == 6:
        return {"type": "string", "enum": list(rng.sample(STATUSES, rng.randrange(2, 6)))}
    if roll == 7:
        return {"type": ["string", "null"]}
    return {"type": "boolean"}


def _object(rng: random.Random, index: int, total: int) -> Schema:
    names = rng.sample(WORDS, rng.randrange(5, 13))
    props: dict[str, Any] = {}
    for name in names:
        roll = rng.randrange(10)
        if roll < 2 and total > 1:
            # References go mostly to earlier schemas; now and then to a later one (cycles).
            target = rng.randrange(total) if rng.random() < 0.2 else rng.randrange(max(index, 1))
            props[name] = {"$ref": f"#/$defs/S{target:05d}"}
        elif roll == 2 and total > 1:
            props[name] = {
                "type": "array",
                "items": {"$ref": f"#/$defs/S{rng.randrange(total):05d}"},
            }
        elif roll == 3:
            props[name] = {"type": "array", "items": _scalar(rng), "maxItems": 250}
        elif roll == 4:
            props[name] = {
                "type": "object",
                "properties": {w: _scalar(rng) for w in rng.sample(WORDS, 3)},
                "additionalProperties": False,
            }
        else:
            props[name] = _scalar(rng)
    return {
        "type": "object",
        "description": f"schema {index}",
        "properties": props,
        "required": sorted(rng.sample(names, rng.randrange(1, 4))),
        "additionalProperties": rng.random() < 0.7,
    }


def make_documents(count: int, changed: int, seed: int) -> tuple[Schema, Schema, int]:
    """(old, new, edits): the schema set and its next version."""
    rng = random.Random(seed)
    defs = {f"S{i:05d}": _object(rng, i, count) for i in range(count)}
    old: Schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": defs,
        "type": "object",
        "properties": {name: {"$ref": f"#/$defs/{name}"} for name in defs},
    }
    new = copy.deepcopy(old)
    edits = 0
    for name in rng.sample(sorted(defs), min(changed, count)):
        schema = new["$defs"][name]
        for _ in range(rng.randrange(1, 4)):
            edits += _edit(rng, schema)
    return old, new, edits


def _edit(rng: random.Random, schema: Schema) -> int:
    props: dict[str, Any] = schema["properties"]
    plain = [n for n, p in props.items() if "type" in p and p["type"] != "array"]
    roll = rng.randrange(8)
    if roll == 0:
        free = [w for w in WORDS if w not in props]
        if free:
            props[rng.choice(free)] = _scalar(rng)
    elif roll == 1 and len(props) > 1:
        gone = rng.choice(sorted(props))
        del props[gone]
        schema["required"] = [n for n in schema["required"] if n != gone]
    elif roll == 2:
        extra = [n for n in props if n not in schema["required"]]
        if extra:
            schema["required"] = sorted([*schema["required"], rng.choice(extra)])
    elif roll == 3:
        enums = [p for p in props.values() if "enum" in p]
        if enums:
            values = rng.choice(enums)["enum"]
            if rng.random() < 0.5 and len(values) > 1:
                values.pop()
            else:
                values.append("on_hold")
    elif roll == 4 and plain:
        p = props[rng.choice(plain)]
        if p.get("type") == "integer":
            p["type"] = "number"
        elif isinstance(p.get("type"), str):
            p["type"] = [p["type"], "null"]
    elif roll == 5 and plain:
        p = props[rng.choice(plain)]
        if "maxLength" in p:
            p["maxLength"] -= 1
        elif "maximum" in p:
            p["maximum"] += 1
        elif p.get("type") == "string":
            p["minLength"] = 1
        else:
            p["description"] = "bounds reviewed"
    elif roll == 6 and plain:
        p = props[rng.choice(plain)]
        if p.get("type") == "string" and "format" not in p:
            p["format"] = "email"
        else:
            p["description"] = "edited"
    else:
        schema["description"] = schema["description"] + " (v2)"
    return 1


def _median(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times: list[float] = []
    out: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def _count_nodes(doc: Any) -> int:
    if isinstance(doc, dict):
        return 1 + sum(_count_nodes(v) for v in doc.values())
    if isinstance(doc, list):
        return 1 + sum(_count_nodes(v) for v in doc)
    return 1


def append_result(row: str) -> None:
    """Add ``row`` at the end of the ``## diff`` section (created when missing)."""
    add_to_section(
        "diff",
        '`diff_schemas(old, new, mode="full", policy="strict")` on two versions of a generated '
        "schema set (object schemas in `$defs` with `$ref`s, some of them changed), median of the "
        "runs, against baselines in the same run: `copy.deepcopy` of both documents and compiling "
        "both with jsonschema-rs `validator_for`. Ratio = baseline time / diff time. Target: under "
        "1 s at 1,000 schemas.",
        row,
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--schemas", type=int, default=1000, help="object schemas in $defs")
    ap.add_argument("--changed", type=int, default=300, help="schemas edited in the new version")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = ap.parse_args()

    old, new, edits = make_documents(args.schemas, args.changed, args.seed)
    nodes = _count_nodes(old) + _count_nodes(new)
    size_kb = (len(json.dumps(old)) + len(json.dumps(new))) / 1024

    def run_diff() -> object:
        return diff_schemas(old, new, mode="full", policy="strict")

    def run_copy() -> object:
        return copy.deepcopy(old), copy.deepcopy(new)

    def run_compile() -> object:
        return jsonschema_rs.validator_for(old), jsonschema_rs.validator_for(new)

    run_diff()  # warm caches and imports once, outside the timing
    copy_s, _ = _median(run_copy, args.repeat)
    compile_s, _ = _median(run_compile, args.repeat)
    diff_s, result = _median(run_diff, args.repeat)
    changes = getattr(result, "changes", ())
    breaking = sum(1 for c in changes if c.breaks)
    verdict = "under" if diff_s < TARGET_S else "OVER"
    cmd = "python bench/diff.py " + " ".join(a for a in sys.argv[1:] if a != "--no-write")
    row = (
        f"{datetime.now(UTC):%Y-%m-%d} · `{cmd.strip()}` · {args.schemas:,} schemas, "
        f"{min(args.changed, args.schemas)} changed ({edits} edits), {nodes:,} JSON nodes, {size_kb:,.0f} KB · "
        f"diff median {diff_s:.3f} s ({verdict} the {TARGET_S:.0f} s target; "
        f"{len(changes):,} changes, {breaking:,} breaking a direction) · "
        f"deepcopy both {copy_s:.3f} s (ratio {copy_s / diff_s:.2f}x) · "
        f"jsonschema-rs compile both {compile_s:.3f} s (ratio {compile_s / diff_s:.2f}x) · "
        f"{platform.python_version()} {platform.machine()}, {os.cpu_count()} cores"
    )
    print(row, flush=True)
    if not args.no_write:
        append_result(row)


if __name__ == "__main__":
    main()
