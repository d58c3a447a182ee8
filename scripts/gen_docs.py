"""Write the generated pages under docs/ (``make docs``); ``--check`` only reports drift.

Today that is docs/rules.md, the compatibility rule catalog, rendered from the same tuple of
rules that ``seamguard rules`` lists; tests/test_docs_rules.py fails when the committed page and
the catalog disagree.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rules_page() -> str:
    from seamguard.core.compat.rules import rule_infos
    from seamguard.render.rules_doc import rules_markdown

    return rules_markdown(rule_infos())


#: Page (relative to the repository root) -> the function producing its text.
PAGES: dict[str, Callable[[], str]] = {"docs/rules.md": rules_page}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a page differs; write nothing"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, produce in PAGES.items():
        path = ROOT / name
        text = produce()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {name}")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run `make docs`)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
