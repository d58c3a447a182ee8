"""Benchmark: records/s of `seamguard validate` on generated Shopify orders, against a floor.

The floor, measured in the same run on the same bytes: `orjson.loads` + jsonschema-rs
`is_valid` per record, the least any validator of these payloads must do. seamguard does more
(exact numbers for money and big integers, duplicate keys, the money rules, summaries,
quarantine), so the ratio floor_time / seamguard_time says what that costs (1.0 = as fast).

Runs: all valid; 10% invalid (a value Shopify does not document for financial_status); and,
with --big-gb, a large file through the real CLI in a child process with its peak RSS.

    python bench/validate.py [--records 100000] [--repeat 3] [--workers 2] [--big-gb 2]

Figures are appended to bench/RESULTS.md with the command used.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import jsonschema_rs
import orjson
from results import add_to_section

from seamguard.adapters.contract_yaml import starter_contract
from seamguard.app.validate_cli import run_validate
from seamguard.core.contract import thaw
from seamguard.core.simulate import generate_stack
from seamguard.core.simulate import topology as t
from seamguard.core.validation.engine import compile_contract


def make_orders(n: int, invalid_share: float) -> list[bytes]:
    """``n`` distinct Shopify orders (seamguard's generator, ids made unique), compact JSON."""
    compiled = compile_contract(starter_contract("shopify.order"))
    # The generator injects faults; keep the orders that are valid as generated.
    base = [
        r
        for r in generate_stack(11).records(t.STOREFRONT_ORDERS)
        if compiled.check_bytes(orjson.dumps(r), record=1).valid
    ]
    every = int(1 / invalid_share) if invalid_share else 0
    out = []
    for i in range(n):
        order = dict(base[i % len(base)])
        order["id"] = 6_000_000_000_000 + i
        order["order_number"] = 100_000 + i
        if every and i % every == every - 1:
            order["financial_status"] = "partially_voided"
        out.append(orjson.dumps(order))
    return out


def floor(lines: list[bytes]) -> float:
    validator = jsonschema_rs.validator_for(thaw(starter_contract("shopify.order").schema))
    start = time.perf_counter()
    for raw in lines:
        validator.is_valid(orjson.loads(raw))
    return time.perf_counter() - start


def seamguard_run(path: Path, workdir: Path, workers: int) -> tuple[float, int]:
    start = time.perf_counter()
    extra = {"workers": workers} if workers > 1 else {}
    run = run_validate(
        [path],
        "shopify.order",
        workspace=workdir,
        store=None,
        source="bench",
        fmt=None,
        quarantine=True,
        **extra,  # type: ignore[arg-type]
    )
    return time.perf_counter() - start, run.summary.invalid


def big_file_rss(path: Path, size_gb: float, lines: list[bytes]) -> str:
    """Write a file of about ``size_gb`` GB and validate it with the CLI in a child process."""
    target = int(size_gb * 1024**3)
    written = 0
    with path.open("wb") as f:
        while written < target:
            for raw in lines:
                f.write(raw + b"\n")
                written += len(raw) + 1
                if written >= target:
                    break
    exe = Path(sys.executable).with_name("seamguard")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(
            [
                str(exe),
                "validate",
                str(path),
                "-c",
                "shopify.order",
                "--no-quarantine",
                "--format",
                "json",
            ],
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
        # The peak RSS of the validating process itself: VmHWM of its own image, polled until it
        # exits (wait4's ru_maxrss would count the pages it shared with this process at fork).
        peak_kb = 0
        status_file = Path(f"/proc/{child.pid}/status")
        while child.poll() is None:
            try:
                for row in status_file.read_text().splitlines():
                    if row.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(row.split()[1]))
            except OSError:
                pass
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        out.seek(0)
        stdout = out.read()
    rss_mb = peak_kb / 1024
    code = child.returncode
    records = orjson.loads(stdout)["records"] if stdout else 0
    return (
        f"{written / 1024**3:.2f} GB, {records:,} records in {seconds:.0f} s "
        f"({records / seconds:,.0f} rec/s), peak RSS {rss_mb:,.0f} MB (exit {code})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--workers", type=int, default=0, help="also run with this many worker processes"
    )
    ap.add_argument("--big-gb", type=float, default=0, help="also validate a file this large (GB)")
    ap.add_argument("--big-only", action="store_true", help="only the large-file run")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, share in () if args.big_only else (("valid", 0.0), ("10% invalid", 0.1)):
            lines = make_orders(args.records, share)
            path = work / f"orders-{share}.jsonl"
            path.write_bytes(b"\n".join(lines) + b"\n")
            floors, ours = [], []
            invalid = 0
            for _ in range(args.repeat):
                floors.append(floor(lines))
                seconds, invalid = seamguard_run(path, work, 1)
                ours.append(seconds)
            f, s = statistics.median(floors), statistics.median(ours)
            row = f"{label}: seamguard {args.records / s:,.0f} rec/s, floor {args.records / f:,.0f} rec/s, ratio {f / s:.2f}x ({invalid:,} invalid)"
            if args.workers > 1:
                w = statistics.median(
                    seamguard_run(path, work, args.workers)[0] for _ in range(args.repeat)
                )
                row += (
                    f"; --workers {args.workers}: {args.records / w:,.0f} rec/s, ratio {f / w:.2f}x"
                )
            rows.append(row)
            print(row, flush=True)
        if args.big_gb:
            rows.append(
                "big file: "
                + big_file_rss(work / "big.jsonl", args.big_gb, make_orders(20_000, 0.0))
            )
            print(rows[-1], flush=True)
    cmd = "python bench/validate.py " + " ".join(sys.argv[1:])
    add_to_section(
        "validate",
        "Records/s of `seamguard validate` (in-process, SQLite quarantine) on generated Shopify "
        "orders against the floor orjson.loads + jsonschema-rs is_valid on the same bytes in the "
        "same run; ratio = floor time / seamguard time.",
        f"{datetime.now(UTC):%Y-%m-%d} · `{cmd.strip()}` · {args.records:,} records · "
        f"{platform.python_version()} {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end\n" + "".join(f"- {r}\n" for r in rows),
    )


if __name__ == "__main__":
    main()
