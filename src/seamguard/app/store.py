"""Which store a command uses, and opening it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from seamguard.adapters.stores.base import Store
from seamguard.adapters.stores.sql import open_store
from seamguard.adapters.workspace_yaml import WORKSPACE_FILE, load_workspace
from seamguard.config import DEFAULT_STORE


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
    workspace: Path, store: str | None, env: Mapping[str, str] | None = None
) -> Iterator[Store]:
    url, base = store_url_for(workspace, store, env)
    s = open_store(url, base_dir=base)
    try:
        yield s
    finally:
        s.close()
