"""``python -m seamguard``."""

from seamguard.cli.main import run

run()
