"""Writing figures into bench/RESULTS.md: each benchmark owns one ``## <name>`` section and adds
its entries at the end of it, whatever sections follow."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def add_to_section(section: str, intro: str, entry: str) -> None:
    """Append ``entry`` (text, possibly several lines) at the end of ``## section``, creating
    the section with ``intro`` below its title when it does not exist yet."""
    title = f"## {section}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if title not in text.splitlines():
        text = text.rstrip("\n") + f"\n\n{title}\n\n{intro.strip()}\n"
    lines = text.splitlines()
    start = lines.index(title)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    lines[end:end] = ["", *entry.strip("\n").splitlines()]
    RESULTS.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
