"""Keyword-level deltas: what the walker found when it paired an OLD and a NEW subschema.

The walker checks one inclusion at a time. In the ``backward`` pass it asks whether every
instance valid under OLD is valid under NEW, in the ``forward`` pass the converse; a delta says
which pass (``direction``) produced it, so a rule only has to say whether the difference breaks
that inclusion and what to call it. Values are effective ones: a conjunction (``allOf``,
``$ref`` with siblings) is folded first, so ``old``/``new`` are the tightest bound, the
intersection of the allowed values, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seamguard.core.compat.model import Direction


@dataclass(frozen=True)
class Delta:
    """One difference at one schema location, seen from one direction.

    ``kind`` is the keyword (internal 2020-12 spelling) or a structural tag (``property``,
    ``pattern-property``, ``additional``, ``branch`` ...). ``path`` is the instance path relative
    to where the walk entered the shared subschema (the engine prefixes it). ``pointer`` is where
    the keyword sits in NEW when NEW has it, else in OLD; ``old_pointer`` the OLD location.
    ``old_kinds``/``new_kinds`` are the instance kinds each side admits here (``fraction`` is a
    non-integral number). ``side`` says which side declares a structural item (``both``, ``old``,
    ``new``); ``holds`` whether the inclusion of this pass holds for it (None: not computed, the
    rule decides from the values); ``undecidable`` that the walker could not tell.
    """

    kind: str
    direction: Direction
    path: str
    pointer: str
    old_pointer: str | None
    old: Any
    new: Any
    old_kinds: frozenset[str]
    new_kinds: frozenset[str]
    name: str | None = None
    side: str = "both"
    holds: bool | None = None
    undecidable: bool = False
    extensible: bool = False
    detail: Any = None

    @property
    def backward(self) -> bool:
        return self.direction == "backward"

    @property
    def sub_kinds(self) -> frozenset[str]:
        """The kinds of the side whose instances must fit: OLD going backward, NEW forward."""
        return self.old_kinds if self.direction == "backward" else self.new_kinds
