"""Use case: scaffold a workspace with the starter commerce contracts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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
#: carry personal data) and the reports ``seamguard scan`` writes by default. Anchored (a
#: leading ``/``): they are ignored in the folder of the .gitignore only, so ``seamguard init .``
#: at the root of a repository does not hide every ``reports/`` folder of the code below it.
GITIGNORED = ("/.seamguard/", "/reports/")

_HEADER = b"# written by seamguard init: the local store and scan reports\n"


How = Literal["created", "overwritten", "appended"]


@dataclass(frozen=True)
class WrittenFile:
    """A file ``seamguard init`` wrote and how: made new, replaced (``--force``), or an
    existing one that had lines appended (a .gitignore)."""

    path: Path
    how: How


def scaffold_workspace(directory: Path, *, force: bool = False) -> list[WrittenFile]:
    """Write seamguard.yaml, contracts/ with every starter contract and a .gitignore for the
    store and the reports (the lines it lacks appended to one that exists); every file
    written, in order, with how it was written."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a folder")
    target = directory / WORKSPACE_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use --force to overwrite)")
    written: list[WrittenFile] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "contracts").mkdir(exist_ok=True)
        (directory / "data").mkdir(exist_ok=True)
        name = directory.resolve().name or "workspace"
        how: How = "overwritten" if target.exists() else "created"
        target.write_text(TEMPLATE.format(name=_yaml_scalar(name)), encoding="utf-8")
        written.append(WrittenFile(target, how))
        for cid in starter_ids():
            path = directory / "contracts" / f"{cid}.yaml"
            if path.exists() and not force:
                continue
            how = "overwritten" if path.exists() else "created"
            path.write_text(starter_text(cid), encoding="utf-8")
            written.append(WrittenFile(path, how))
        ignore = directory / ".gitignore"
        change = _ignore(ignore, GITIGNORED)
        if change is not None:
            written.append(WrittenFile(ignore, change))
    except OSError as exc:
        raise OutputError(
            f"cannot write the workspace in {directory}: {exc.strerror or exc}"
        ) from None
    return written


def _yaml_scalar(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ignored_name(line: bytes) -> bytes:
    """The folder a .gitignore line ignores, anchored or not: ``.seamguard``, ``/.seamguard``,
    ``.seamguard/``, ``/.seamguard/`` and ``**/.seamguard/`` all give ``.seamguard``."""
    text = line.strip()
    if text.startswith(b"**/"):
        text = text[3:]
    return text.strip(b"/")


def _ignore(path: Path, entries: tuple[str, ...]) -> How | None:
    """Make sure ``path`` ignores every entry, appending those it lacks (what is there is
    never rewritten, and a line that ignores the same folder, anchored or not, counts);
    whether the file was created, appended to or left alone (None)."""
    try:
        raw = path.read_bytes()
        existed = True
    except FileNotFoundError:
        raw, existed = b"", False
    present = {_ignored_name(line) for line in raw.splitlines()}
    missing = [e for e in entries if _ignored_name(e.encode()) not in present]
    if not missing:
        return None
    lead = b"\n" if raw and not raw.endswith(b"\n") else b""
    header = b"" if raw else _HEADER
    with path.open("ab") as out:
        out.write(lead + header + "".join(f"{e}\n" for e in missing).encode())
    return "appended" if existed else "created"
