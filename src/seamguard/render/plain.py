"""Rich renderables as plain text, the same byte for byte on every machine."""

from __future__ import annotations

from io import StringIO
from typing import Final

from rich.console import Console, RenderableType

PLAIN_WIDTH: Final = 120
"""Columns of plain-text output (golden files, ``--format text`` when stdout is not a terminal)."""


def plural(n: int, word: str) -> str:
    """``1 record``, ``2 records`` (thousands separated)."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def plain_text(renderable: RenderableType, width: int = PLAIN_WIDTH) -> str:
    """Render Rich renderables as plain text: fixed width, no colour, no trailing spaces.

    Every Console setting the environment could change (``COLUMNS``, ``FORCE_COLOR``) is
    pinned, so golden files and docs come out the same on every machine.
    """
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        no_color=True,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        force_interactive=False,
        legacy_windows=False,
        emoji=False,
        highlight=False,
        markup=False,
        soft_wrap=False,
    )
    console.print(renderable)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
