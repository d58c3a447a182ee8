"""Which store a command uses, and opening it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from seamguard.adapters.stores.base import Store
from seamguard.adapters.stores.sql import engine_url, open_store
from seamguard.adapters.workspace_yaml import WORKSPACE_FILE, load_workspace
from seamguard.config import DEFAULT_STORE
from seamguard.errors import NotFoundError


def store_url_for(
    workspace: Path, store: str | None, env: Mapping[str, str] | None = None
) -> tuple[str, Path]:
    """The store to use: ``--store`` when given, else the workspace's, else the default SQLite
    file under ``workspace``."""
    if store:
        return store, workspace
    if (workspace / WORKSPACE_FILE).exists() or workspace.is_file():
        ws = load_workspace(workspace, env=env)
        return ws.settings.store, ws.root
    return DEFAULT_STORE, workspace


@contextmanager
def opened_store(
    workspace: Path,
    store: str | None,
    env: Mapping[str, str] | None = None,
    *,
    must_exist: bool = False,
) -> Iterator[Store]:
    """Open the store a command should use. ``must_exist``: reading commands (quarantine list,
    show, export) refuse to create an empty store where there is none, so a mistyped
    ``--workspace`` is an error rather than an empty answer."""
    if not workspace.exists():
        raise NotFoundError(f"no such folder: {workspace}")
    url, base = store_url_for(workspace, store, env)
    if must_exist and url.startswith("sqlite:///"):
        path = Path(engine_url(url, base, create=False)[len("sqlite:///") :])
        if not path.exists():
            raise NotFoundError(
                f"no seamguard store at {path} (nothing validated or scanned here yet; "
                "pass --workspace or --store)"
            )
    s = open_store(url, base_dir=base)
    try:
        yield s
    finally:
        s.close()
