"""Benchmark: `seamguard check` on a workspace of ``--contracts`` contracts, ``--changed`` of
them changed on a feature branch of a real git repository.

Each contract is an order-like document: 25 to 40 properties (strings with formats and lengths,
money strings, enums, nested address objects, arrays of line items), three consumers with their
reads, money and sum rules and a deprecation. The feature branch changes ``--changed`` of them
in the ways pull requests do: a property added with a minor bump, an enum value removed with a
major bump, a type changed without one, a deprecated field removed, a new deprecation. The
repository is built once (git init, commit, branch, commit) with seeded generation, so every run
checks the same history.

The time is the median of ``--repeat`` runs of the whole use case, ``run_check`` (load the
workspace, resolve the merge base, read every contract at the base through git, diff the changed
ones, apply the policy, place every finding at file:line:col, record the run in SQLite). The
baseline, measured in the same run: ``load_workspace`` alone, reading and validating the head's
contracts once (the least any check does). The ratio is check time / baseline time.

    python bench/check.py [--contracts 200] [--changed 20] [--repeat 5] [--seed 11]

The figure and the command are appended to the ``## check`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results import add_to_section
from ruamel.yaml import YAML

from seamguard.adapters.workspace_yaml import load_workspace
from seamguard.app.check import run_check

TARGET_S = 5.0
AS_OF = datetime(2026, 12, 1, tzinfo=UTC)
WORDS = (
    "status",
    "channel",
    "locale",
    "source",
    "reference",
    "note",
    "gateway",
    "phone",
    "email",
    "vendor",
    "weight",
    "region",
    "method",
    "kind",
    "code",
    "tags",
    "created_at",
    "updated_at",
    "cancelled_at",
    "closed_at",
    "fulfillment",
    "risk",
    "device",
    "landing",
    "referrer",
    "cart_token",
    "checkout_id",
    "customer_id",
    "location_id",
    "po_number",
    "tax_exempt",
    "test",
    "confirmed",
    "number",
)


def _prop(rng: random.Random) -> dict[str, Any]:
    roll = rng.randrange(7)
    if roll == 0:
        return {"type": "string", "maxLength": rng.choice((32, 255))}
    if roll == 1:
        return {"type": "string", "format": "date-time"}
    if roll == 2:
        return {"type": ["string", "null"], "pattern": "^[0-9]+\\.[0-9]{2}$"}
    if roll == 3:
        return {"type": "string", "enum": ["open", "paid", "refunded", "voided"]}
    if roll == 4:
        return {"type": "integer", "minimum": 0}
    if roll == 5:
        return {"type": "boolean"}
    return {"type": "array", "items": {"type": "string"}, "maxItems": 50}


def contract(i: int, rng: random.Random) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "string"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "total": {"type": "string"},
        "subtotal": {"type": "string"},
        "tax_total": {"type": "string"},
        "shipping_address": {
            "type": "object",
            "properties": {
                k: {"type": "string", "maxLength": 255}
                for k in ("name", "street", "city", "zip", "country")
            },
        },
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["sku", "quantity"],
                "properties": {
                    "sku": {"type": "string"},
                    "quantity": {"type": "integer", "minimum": 1},
                    "price": {"type": "string"},
                },
            },
        },
    }
    for name in rng.sample(WORDS, rng.randrange(18, 33)):
        props[name] = _prop(rng)
    props["gateway"] = {"type": "string"}
    return {
        "id": f"bench.entity{i:03d}",
        "version": "1.4.0",
        "title": f"Entity {i}",
        "owner": {"team": f"team-{i % 7}"},
        "domain": "orders",
        "criticality": ("critical", "high", "standard")[i % 3],
        "compatibility": "backward" if i % 4 else "full",
        "consumers": [
            {"system": "erp", "reads": ["/id", "/total", "/currency", "/lines/*/sku"]},
            {"system": "wms", "reads": ["/lines", "/shipping_address"]},
            {"system": "analytics", "reads": ["/status", "/created_at"]},
        ],
        "schema": {
            "type": "object",
            "required": ["id", "currency", "total"],
            "properties": props,
        },
        "rules": [
            {"id": "total-money", "kind": "money", "amount": "/total", "currency": "/currency"},
            {
                "id": "totals",
                "kind": "sum",
                "total": "/total",
                "parts": ["/subtotal", "/tax_total"],
            },
        ],
        "deprecations": [
            {
                "path": "/gateway",
                "since": "1.2.0",
                "sunset": "2026-06-01",
                "replacement": "/payment_gateways",
            }
        ],
    }


def change(doc: dict[str, Any], kind: int) -> None:
    """One pull request's worth of change to a contract."""
    props = doc["schema"]["properties"]
    if kind == 0:  # additive, minor bump
        props["gift_message"] = {"type": "string", "maxLength": 200}
        doc["version"] = "1.5.0"
    elif kind == 1:  # breaking, major bump
        props["status"] = {"type": "string", "enum": ["open", "paid"]}
        doc["version"] = "2.0.0"
    elif kind == 2:  # breaking without a major bump
        props["total"] = {"type": "number"}
        doc["version"] = "1.5.0"
    elif kind == 3:  # a deprecated field removed after its sunset
        del props["gateway"]
        doc["deprecations"] = []
        doc["version"] = "2.0.0"
    else:  # a new deprecation without a reason, patch bump
        doc["deprecations"].append({"path": "/note", "since": "1.4.1"})
        props.setdefault("note", {"type": "string"})
        doc["version"] = "1.4.1"


def _dump(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.dump(doc, out)
    return out.getvalue()


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def build(root: Path, count: int, changed: int, seed: int) -> None:
    rng = random.Random(seed)
    docs = [contract(i, rng) for i in range(count)]
    (root / "contracts").mkdir(parents=True)
    (root / "seamguard.yaml").write_text("version: 1\n", encoding="utf-8")
    (root / ".gitignore").write_text(".seamguard/\n", encoding="utf-8")
    for i, doc in enumerate(docs):
        (root / "contracts" / f"entity{i:03d}.yaml").write_text(_dump(doc), encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "contracts")
    _git(root, "checkout", "-q", "-b", "feature")
    for n, i in enumerate(rng.sample(range(count), changed)):
        change(docs[i], n % 5)
        (root / "contracts" / f"entity{i:03d}.yaml").write_text(_dump(docs[i]), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "changes")


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=int, default=200)
    parser.add_argument("--changed", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="seamguard-bench-check-") as tmp:
        root = Path(tmp) / "ws"
        build(root, args.contracts, args.changed, args.seed)
        outcome = run_check(root, as_of=AS_OF, env={})  # warm-up, and the findings to show
        counts = outcome.result.counts()
        changed = sum(1 for c in outcome.result.contracts if c.change == "changed")
        baseline = _median(lambda: load_workspace(root, env={}), args.repeat)
        checked = _median(lambda: run_check(root, as_of=AS_OF, env={}), args.repeat)
    ratio = checked / baseline
    verdict = "met" if checked < TARGET_S else "NOT met"
    print(
        f"check: {args.contracts} contracts, {changed} changed, {counts['error']} errors, "
        f"{counts['warning']} warnings, {counts['info']} infos"
    )
    print(f"  run_check median {checked:.2f} s (target < {TARGET_S:.0f} s: {verdict})")
    print(f"  load_workspace baseline {baseline:.2f} s; check / baseline = {ratio:.2f}x")
    if not args.no_record:
        command = (
            f"python bench/check.py --contracts {args.contracts} --changed {args.changed} "
            f"--repeat {args.repeat} --seed {args.seed}"
        )
        add_to_section(
            "check",
            "`seamguard check` (the whole use case: git, diff, policy, locations, store) on a "
            "workspace of order-like contracts with some changed on a feature branch; baseline "
            "= loading the workspace once in the same run.",
            f"- {datetime.now(UTC):%Y-%m-%d} `{command}` on {platform.machine()} "
            f"({os.cpu_count()} cores, Python {platform.python_version()}): "
            f"{args.contracts} contracts, {changed} changed, {counts['error']} errors; "
            f"**run_check {checked:.2f} s** (target < {TARGET_S:.0f} s: {verdict}); "
            f"load_workspace {baseline:.2f} s; ratio {ratio:.2f}x",
        )
    return 0 if checked < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
