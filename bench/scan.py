"""Benchmark: `seamguard scan` of the demo workspace, against a floor measured in the same run.

The floor is the least any validating scan must do: read every record's bytes, parse them with
orjson and ask jsonschema-rs `is_valid` against the source's contract. seamguard does more
(exact parsing for money and big integers, duplicate keys, semantic rules, reconciliation of six
flows, the store, the reports), so the ratio says what that costs. Figures are appended to
bench/RESULTS.md with the command that produced them.

    python bench/scan.py [--repeat 3] [--orders 3000]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import jsonschema_rs
import orjson

from seamguard.adapters.sources.files import expand, read_records
from seamguard.adapters.workspace_yaml import load_workspace
from seamguard.app.demo import build_demo_workspace
from seamguard.app.scan import run_scan
from seamguard.core.contract import thaw

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def floor(workspace: Path) -> tuple[float, int]:
    """Seconds for orjson.loads + jsonschema-rs is_valid over every record; and the count."""
    ws = load_workspace(workspace, env={})
    jobs = []
    for src in ws.settings.sources.values():
        validator = jsonschema_rs.validator_for(thaw(ws.contracts[src.contract].schema))
        raws = [r.raw for p in expand(src.path, ws.root) for r in read_records(p, "jsonl")]
        jobs.append((validator, raws))
    start = time.perf_counter()
    n = 0
    for validator, raws in jobs:
        for raw in raws:
            validator.is_valid(orjson.loads(raw))
            n += 1
    return time.perf_counter() - start, n


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--orders", type=int, default=3000, help="not used yet: the demo's scale is fixed"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        demo = build_demo_workspace(Path(tmp) / "demo", seed=7)
        build_s = time.perf_counter() - t0
        scans, floors = [], []
        records = 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            outcome = run_scan(demo.path, as_of=demo.as_of, env={})
            scans.append(time.perf_counter() - t)
            f, records = floor(demo.path)
            floors.append(f)
        assert outcome.report["summary"]["records"] == records
    scan_s = statistics.median(scans)
    floor_s = statistics.median(floors)
    line = (
        f"| {datetime.now(UTC):%Y-%m-%d} | scan demo (seed 7) | {records:,} records | "
        f"build {build_s:.2f} s | scan median {scan_s:.2f} s ({records / scan_s:,.0f} rec/s) | "
        f"floor median {floor_s:.3f} s ({records / floor_s:,.0f} rec/s) | "
        f"scan/floor {floor_s / scan_s:.2f}x | {platform.python_version()}, {platform.machine()} |"
    )
    print(line)
    header = "| date | what | size | setup | seamguard | floor (orjson + jsonschema-rs is_valid) | ratio | python |\n|---|---|---|---|---|---|---|---|\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if "## scan" not in text:
        text += (
            f"\n## scan\n\nCommand: `python bench/scan.py --repeat {args.repeat}` (`make bench`). "
        )
        text += (
            "Ratio = floor time / scan time in the same run (1.0 would be as fast as the floor).\n\n"
            + header
        )
    # The row goes at the end of this section's table, whatever other sections follow it.
    lines = text.rstrip("\n").split("\n")
    start = lines.index("## scan")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    rows = [i for i in range(start, end) if lines[i].startswith("|")]
    lines.insert(rows[-1] + 1, line)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
