"""``unique`` (batch): a business key occurs once within a run of records.

Webhook retries, a PSP webhook racing the storefront, a feed imported twice: the same payment
becomes two orders (FC-04), the same SKU two products (FC-20). Uniqueness is not a property of
one record, so this is a batch rule: the engine feeds it every parsed record of a run in order,
and the second and later records with a key already seen get ``unique.duplicate`` at the first
key path, naming the record that first had the key. The first occurrence is never flagged: it
is the one to keep.

Keys are canonical (:func:`seamguard.core.canon.canonical_key`): ``450789469`` and
``"450789469"`` are one key, zero-padded ``"000000101"`` stays distinct from ``101``. With
``normalize: identifier`` string components are compared by
:func:`~seamguard.core.validation.rules.identifier.identifier_key` (NFC, separators, TR39
confusable skeleton, case), so ``7012ΜΤ`` and ``7012-mt`` repeat ``7012MT``. A record lacking a
key component (absent, null, empty) is not keyed. Memory grows with distinct keys, not records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from seamguard.core.canon import canonical_key, getter
from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules import identifier
from seamguard.core.validation.rules._support import shown, violation
from seamguard.core.validation.rules.base import BatchFinding, RuleContext
from seamguard.core.validation.verdict import Violation

KIND = "unique"

Key = tuple[str, ...]


@dataclass
class _State:
    rule: UniqueRule
    seen: dict[Key, tuple[int, str]] = field(default_factory=dict)

    def feed(self, record: int, doc: Any) -> Sequence[Violation]:
        key = self.rule.key(doc)
        if key is None:
            return ()
        first = self.seen.get(key)
        if first is None:
            # The first record's own spelling is kept only when spellings can differ.
            self.seen[key] = (record, self.rule.shown(doc) if self.rule.normalize else "")
            return ()
        first_record, first_values = first
        values = self.rule.shown(doc)
        same = f" ({first_values})" if first_values and first_values != values else ""
        return (
            violation(
                self.rule.spec,
                "duplicate",
                self.rule.paths[0],
                f"record {record} repeats the key {values} of record {first_record}{same}",
            ),
        )

    def finish(self) -> Sequence[BatchFinding]:
        return ()


@dataclass(frozen=True)
class UniqueRule:
    """A compiled unique rule (a :class:`~seamguard.core.validation.rules.base.BatchRule`)."""

    spec: RuleSpec
    paths: tuple[str, ...]
    getters: tuple[Callable[[Any], Any], ...]
    normalize: bool

    @property
    def rule_id(self) -> str:
        return self.spec.id

    def start(self) -> _State:
        return _State(self)

    def key(self, doc: Any) -> Key | None:
        """The canonical key of ``doc``, or None when a component cannot key it."""
        parts: list[str] = []
        for get in self.getters:
            value = get(doc)
            text, _ = canonical_key(value)
            if text is None:
                return None
            if self.normalize and isinstance(value, str):
                text = identifier.identifier_key(value)
                if not text:
                    return None
            parts.append(text)
        return tuple(parts)

    def shown(self, doc: Any) -> str:
        return ", ".join(
            f"{p} = {shown(g(doc))}" for p, g in zip(self.paths, self.getters, strict=True)
        )


def compile_rule(spec: RuleSpec, ctx: RuleContext | None = None) -> UniqueRule:
    """Compile one unique rule into a batch rule."""
    normalize = spec.params.get("normalize", "none") == "identifier"
    if normalize:
        identifier.require_disarm(spec, "normalize")
    paths = tuple(spec.params["paths"])
    return UniqueRule(
        spec=spec, paths=paths, getters=tuple(getter(p) for p in paths), normalize=normalize
    )
