"""The progress port: long work reports how far it is; the CLI draws it (or not).

Kept apart from the use cases so that importing it costs nothing.
"""

from __future__ import annotations


class ScanProgress:
    """Progress sink the CLI implements; the default does nothing."""

    def start(self, total_bytes: int, label: str) -> None:
        """A unit of work of ``total_bytes`` begins."""

    def advance(self, nbytes: int) -> None:
        """``nbytes`` more were processed."""

    def finish(self) -> None:
        """The current unit is done."""
