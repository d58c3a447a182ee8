"""The subschema that applies to one property name, on one side of a comparison.

An object instance's member ``name`` must satisfy every ``properties[name]``, every matching
``patternProperties`` entry and, where neither applies, ``additionalProperties``; what nothing
evaluates falls to ``unevaluatedProperties``. :class:`Members` computes that per name for one
conjunction. The approximation goes the safe way for each side: SUB is over-approximated (what
it lets through may only be larger than computed), SUP under-approximated, and a pattern this
engine cannot compile, or a dynamic applicator that could evaluate the name, is reported as
uncertainty so that a failure there becomes undecidable rather than a confident verdict.
"""

from __future__ import annotations

from seamguard.core.compat.conjunction import Conj, first, matches
from seamguard.core.compat.normalize import Node

# Applicators whose evaluation of a property depends on the instance.
DYNAMIC = ("anyOf", "oneOf", "if", "then", "else", "dependentSchemas")


class Members:
    """The object keywords of one conjunction, for per-name effective subschemas."""

    def __init__(self, conj: Conj, *, sub: bool) -> None:
        self.conj = conj
        # SUB must be over-approximated, SUP may be under-approximated. unevaluatedProperties
        # is exact only without dynamic applicators; for SUB it is applied only when nothing in
        # the whole conjunction evaluates the name and nothing dynamic could, else not at all.
        self.sub = sub
        self.dynamic = any(k in n.kw for n in conj for k in DYNAMIC)
        self.props: dict[str, list[Node]] = {}
        self.patterns: dict[str, list[Node]] = {}
        # the first node declaring each name / pattern; its pointer is built only when a
        # delta needs it (most names are declared on both sides and never reported)
        self._prop_by: dict[str, Node] = {}
        self._pattern_by: dict[str, Node] = {}
        self.uneval = [n for n in conj if "unevaluatedProperties" in n.kw]
        self.any = bool(self.uneval)
        for node in conj:
            kw = node.kw
            props = kw.get("properties")
            if props:
                for name, child in props.items():
                    found = self.props.get(name)
                    if found is None:
                        self.props[name] = [child]
                        self._prop_by[name] = node
                    else:
                        found.append(child)
                self.any = True
            patterns = kw.get("patternProperties")
            if patterns:
                for pattern, child in patterns.items():
                    found = self.patterns.get(pattern)
                    if found is None:
                        self.patterns[pattern] = [child]
                        self._pattern_by[pattern] = node
                    else:
                        found.append(child)
                self.any = True
            if "additionalProperties" in kw:
                self.any = True

    def prop_at(self, name: str) -> str | None:
        """Where ``name`` is first declared under ``properties`` (None: nowhere)."""
        node = self._prop_by.get(name)
        return node.at("properties", name) if node is not None else None

    def pattern_at(self, pattern: str) -> str:
        """Where ``pattern`` is first declared under ``patternProperties``."""
        return self._pattern_by[pattern].at("patternProperties", pattern)

    def eff(self, name: str) -> tuple[list[Node], bool, bool]:
        """(subschemas that apply to ``name``, declared by properties/patterns, uncertain)."""
        nodes: list[Node] = []
        declared = uncertain = False
        for node in self.conj:
            matched = False
            props = node.kw.get("properties")
            if props and name in props:
                nodes.append(props[name])
                matched = True
            for pattern, sub in node.kw.get("patternProperties", {}).items():
                hit = matches(pattern, name)
                if hit is None:
                    uncertain = True
                elif hit:
                    nodes.append(sub)
                    matched = True
            if matched:
                declared = True
            elif "additionalProperties" in node.kw:
                nodes.append(node.kw["additionalProperties"])
        for holder in self.uneval:
            if self.sub:
                if not self.dynamic and not any(_evaluates(s, name) for s in self.conj):
                    nodes.append(holder.kw["unevaluatedProperties"])
                continue
            scope = holder.flat()
            if not any(_evaluates(s, name) for s in scope):
                nodes.append(holder.kw["unevaluatedProperties"])
                uncertain = uncertain or any(k in s.kw for s in scope for k in DYNAMIC)
        return nodes, declared, uncertain

    def rest(self) -> tuple[list[Node], bool, str | None]:
        """(subschemas for a name nothing declares, uncertain, the keyword that decides it)."""
        nodes: list[Node] = []
        keyword: str | None = None
        uncertain = False
        for node in self.conj:
            if "additionalProperties" in node.kw:
                nodes.append(node.kw["additionalProperties"])
                keyword = keyword or "additionalProperties"
        for holder in self.uneval:
            scope = self.conj if self.sub else holder.flat()
            if self.sub and self.dynamic:
                continue
            if not any("additionalProperties" in s.kw for s in scope):
                nodes.append(holder.kw["unevaluatedProperties"])
                keyword = keyword or "unevaluatedProperties"
                uncertain = uncertain or any(k in s.kw for s in scope for k in DYNAMIC)
        return nodes, uncertain, keyword

    def rest_at(self, keyword: str | None) -> str | None:
        """Where the keyword deciding undeclared names sits."""
        if keyword is None:
            return None
        node = first(self.conj, keyword)
        return node.at(keyword) if node is not None else None


def _evaluates(node: Node, name: str) -> bool:
    if name in node.kw.get("properties", {}) or "additionalProperties" in node.kw:
        return True
    return any(matches(p, name) for p in node.kw.get("patternProperties", {}))
