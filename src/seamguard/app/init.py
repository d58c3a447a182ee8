"""Use case: scaffold a workspace with the starter commerce contracts."""

from __future__ import annotations

from pathlib import Path

from seamguard.adapters.contract_yaml import starter_ids, starter_text
from seamguard.adapters.workspace_yaml import WORKSPACE_FILE
from seamguard.errors import OutputError, UsageError

TEMPLATE = """\
# seamguard workspace. Every key is described in docs/config.md of the seamguard repository.
version: 1
name: {name}
# The state store: quarantined records, scan history. SQLite by default; for production use
# postgresql://user@host/db with secrets as ${{VAR}} references, e.g.
# store: postgresql://seamguard:${{SEAMGUARD_DB_PASSWORD}}@db.internal/seamguard
store: sqlite:///.seamguard/state.db
contracts: [contracts]

owners:
  storefront-integration: {{contact: storefront-oncall@example.com}}
  oms-integration: {{contact: oms-oncall@example.com}}
  payments: {{contact: payments-oncall@example.com}}

systems:
  storefront: {{platform: shopify}}
  oms: {{description: Order management}}
  psp: {{platform: stripe}}

# Where records come from and the contract each is held to. Paths are globs relative to this
# file; JSONL (one document per line) and JSON (a document or an array) are read.
sources: {{}}
#  storefront.orders: {{system: storefront, path: data/storefront/orders*.jsonl, contract: shopify.order}}
#  oms.orders:        {{system: oms, path: data/oms/orders.jsonl, contract: commerce.order}}

# What must agree between systems.
flows: {{}}
#  order-sync:
#    domain: order_sync_continuity
#    from: storefront.orders
#    to: oms.orders
#    key: {{from: /id, to: /external_id}}
#    time: {{from: /created_at, to: /received_at}}
#    compare: [/currency, {{from: /total_price, to: /total, as: money}}]
#    sla: 15m
#    missing_after: 24h
#    owner: oms-integration
"""


#: What a workspace makes that must not be committed: the SQLite store (quarantined payloads
#: carry personal data) and the reports ``seamguard scan`` writes by default.
GITIGNORED = (".seamguard/", "reports/")


def init_workspace(directory: Path, *, force: bool = False) -> list[Path]:
    """Write seamguard.yaml, contracts/ with every starter contract and a .gitignore for the
    store and the reports (lines added to one that exists); returns the files written."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a folder")
    target = directory / WORKSPACE_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use --force to overwrite)")
    written = [target]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "contracts").mkdir(exist_ok=True)
        (directory / "data").mkdir(exist_ok=True)
        name = directory.resolve().name or "workspace"
        target.write_text(TEMPLATE.format(name=_yaml_scalar(name)), encoding="utf-8")
        for cid in starter_ids():
            path = directory / "contracts" / f"{cid}.yaml"
            if path.exists() and not force:
                continue
            path.write_text(starter_text(cid), encoding="utf-8")
            written.append(path)
        if _ignore(directory / ".gitignore", GITIGNORED):
            written.append(directory / ".gitignore")
    except OSError as exc:
        raise OutputError(
            f"cannot write the workspace in {directory}: {exc.strerror or exc}"
        ) from None
    return written


def _yaml_scalar(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ignore(path: Path, entries: tuple[str, ...]) -> bool:
    """Make sure ``path`` ignores every entry, appending those it lacks (what is there is
    never rewritten); whether it changed. ``.seamguard``, ``/.seamguard`` and ``/.seamguard/``
    count as ``.seamguard/``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    present = {line.strip().strip(b"/") for line in raw.splitlines()}
    missing = [e for e in entries if e.strip("/").encode() not in present]
    if not missing:
        return False
    lead = b"\n" if raw and not raw.endswith(b"\n") else b""
    header = b"" if raw else b"# written by seamguard init: the local store and scan reports\n"
    with path.open("ab") as out:
        out.write(lead + header + "".join(f"{e}\n" for e in missing).encode())
    return True
