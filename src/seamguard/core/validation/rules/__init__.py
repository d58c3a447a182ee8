"""Semantic rule kinds: one module each, registered in :data:`COMPILERS` (their parameters are declared in
:data:`seamguard.core.contract.RULE_KINDS`).

A rule kind module exposes ``KIND`` (its name in contract files) and ``compile(spec)``
returning a :class:`RuleCheck`. Checks are pure: a document in, violations out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from seamguard.core.contract import RuleSpec
from seamguard.core.validation.rules import money
from seamguard.core.validation.verdict import Violation


class RuleCheck(Protocol):
    """A compiled semantic rule."""

    def __call__(self, doc: Any) -> Iterable[Violation]: ...


COMPILERS: dict[str, Callable[[RuleSpec], RuleCheck]] = {
    money.KIND: money.compile_rule,
}
