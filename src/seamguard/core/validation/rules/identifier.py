"""``identifier``: codes (SKUs, order references) written in the scripts they are declared in.

A supplier feed matched SKUs byte for byte, so ``7012ΜΤ`` — Greek capital Mu and Tau, which
render exactly like Latin M and T — became a second product beside ``7012MT`` (FC-20). The rule
reads each string at ``paths`` and reports ``identifier.mixed-script`` when it holds letters of a
script outside ``scripts`` (default ``[Latin]``), or letters of more than one script, naming the
code points and the Latin character each one imitates. Digits, punctuation and combining marks
are script-neutral (Unicode's Common and Inherited), so ``Café-01`` is Latin. UTS #39 on its own
would call ``7012ΜΤ`` single-script Greek; for a code declared Latin that is exactly the fault.

:func:`identifier_key` is the matching key for such codes — what ``unique`` with ``normalize:
identifier`` compares and what a reconciliation can key on: NFC, separators (dashes, spaces,
underscores, dots, slashes) removed, then the Unicode TR39 confusable skeleton with case folded
(``7012ΜΤ``, ``7012-mt`` and ``7012MT`` share one key; ``Café`` in NFD equals it in NFC).
Digits stay apart from letters (``SKU-100`` is not ``SKU-IOO``): merging them would join real
part numbers. NFKC alone is not enough — it maps no Greek letter to Latin.

Script data and the skeleton come from ``disarm`` (Unicode UCD Script property and TR39
confusables, maintained, MIT), the ``unicode`` extra: without it a contract using these kinds
fails to compile with a ContractError saying how to install it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules._support import contract_error, violation
from seamguard.core.validation.rules.base import RuleCheck, RuleContext
from seamguard.core.validation.verdict import Violation

KIND = "identifier"
INSTALL_HINT = "pip install 'seamguard[unicode]'"

_SEPARATOR_CATEGORIES = frozenset({"Pd", "Pc", "Zs", "Zl", "Zp", "Cc"})
_SEPARATOR_CHARS = frozenset("./\\:,;·")


@cache
def _disarm() -> Any:
    import disarm  # the optional extra: imported only when a rule needs it

    return disarm


def require_disarm(spec: RuleSpec, key: str = "kind") -> None:
    """Raise a ContractError at ``key`` of ``spec`` when the ``unicode`` extra is missing."""
    try:
        _disarm()
    except ImportError:
        raise contract_error(
            spec,
            f"{spec.kind} needs Unicode script and confusable data (disarm), not installed: "
            f"{INSTALL_HINT}",
            key,
        ) from None


def _strip_separators(text: str) -> str:
    return "".join(
        ch
        for ch in text
        if ch not in _SEPARATOR_CHARS and unicodedata.category(ch) not in _SEPARATOR_CATEGORIES
    )


def identifier_key(text: str) -> str:
    """The matching key of an identifier: NFC, separators stripped, TR39 skeleton (case-folded,
    NFKC), separators stripped again (the skeleton can turn a look-alike into one)."""
    skeleton = _disarm().skeleton_key
    nfc = unicodedata.normalize("NFC", text)
    return _strip_separators(skeleton(_strip_separators(nfc)))


def scripts_of(text: str) -> list[str]:
    """The Unicode scripts of ``text``'s characters in order of appearance (Common and
    Inherited left out), e.g. ``['Greek']`` for ``7012ΜΤ``."""
    return [s.value for s in _disarm().detect_scripts(text)]


def _known_scripts() -> dict[str, str]:
    return {s.value.lower(): s.value for s in _disarm().Script}


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> RuleCheck:
    """Compile one identifier rule into a check function."""
    require_disarm(spec)
    known = _known_scripts()
    allowed: list[str] = []
    for i, name in enumerate(spec.params.get("scripts", ("Latin",))):
        script = known.get(name.lower())
        if script is None:
            raise contract_error(
                spec,
                f"unknown script {name!r} (a Unicode script name such as Latin, Greek, "
                "Cyrillic, Han)",
                f"scripts/{i}",
            )
        allowed.append(script)
    allowed_set = frozenset(allowed)
    paths = tuple(jp.parse(p) for p in spec.params["paths"])
    confusables = _disarm().find_confusables

    def check(doc: Any) -> Iterator[Violation]:
        for tokens in paths:
            for at, value in jp.resolve(doc, tokens):
                if not isinstance(value, str):
                    continue
                scripts = scripts_of(value)
                outside = [s for s in scripts if s not in allowed_set]
                if not outside and len(scripts) <= 1:
                    continue
                yield violation(
                    spec, "mixed-script", at, _describe(value, scripts, allowed, confusables)
                )

    return check


def _describe(value: str, scripts: list[str], allowed: list[str], confusables: Any) -> str:
    looks = {ch: target for ch, _, target in confusables(value)}
    keep = next((s for s in scripts if s in allowed), None)
    odd = []
    for ch in dict.fromkeys(value):
        found = scripts_of(ch)
        if not found or found[0] == keep or (keep is None and found[0] in allowed):
            continue
        name = unicodedata.name(ch, "")
        like = f", looks like {looks[ch]!r}" if ch in looks else ""
        odd.append(f"U+{ord(ch):04X} {name} ({found[0]}{like})")
    written = (
        f"mixes the scripts {', '.join(scripts)}"
        if len(scripts) > 1
        else f"is written in {scripts[0]}"
    )
    return f"{value!r} {written}; declared: {', '.join(allowed)}: " + "; ".join(odd)
