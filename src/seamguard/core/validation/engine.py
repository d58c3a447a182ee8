"""Compile a contract once; check records against it.

Structure is checked by jsonschema-rs (formats asserted, unknown formats refused when the
contract is compiled: a format nobody checks would pass everything). Semantic rules judge
numbers from the exact JSON literal.

Three parsers. The exact one (:mod:`seamguard.core.jsonexact`) keeps decimals as written and
reports duplicate keys, at several times the cost of a parser written in C or Rust. So a record
is first parsed fast, and judged exactly instead whenever that could differ:

* **canonical text** (what orjson writes: compact, UTF-8, numbers in their shortest form, as
  most platforms send webhooks): parsed with orjson and written back; when that gives the same
  bytes, the text has no duplicate key (a dropped pair would be missing) and every fraction is
  written as its float's shortest form, so comparing floats orders them as their literals
  (a non-integer ``multipleOf`` in the schema turns this way off: float division is not exact);
* **any other text**: parsed with msgspec, fractions as exact Decimals and big integers kept;
  a duplicate key, which it drops silently, is caught by counting ``:`` in the raw bytes and
  in the re-serialisation (a dropped pair always takes at least one ``:`` with it; an escaped
  ``\\u003a`` could hide one, so its presence sends the record the exact way);
* either refuses it (syntax, NaN, a lone surrogate, a BOM, deep nesting): the exact parser
  gives the definitive verdict and position;
* anything is found: the fast pass only clears records, so findings always quote the numbers
  as written;
* a semantic rule meets a float (canonical text only): rules read numbers through
  :func:`seamguard.core.canon.as_decimal`, which raises
  :class:`~seamguard.core.canon.InexactNumber` for floats, and the record is judged again.

The contract's ``money`` rules are first asked as one JSON Schema that only clears
(:mod:`~seamguard.core.validation.rules.money_clearance`), run by the same Rust validator; the
rules it cannot clear run in Python. A run over many records that are not canonical stops
trying the canonical way after a while (it would parse each record twice).

Rule kinds that read every number of a document (``cel``, ``consumer_profile``) or keep state
across records are never given the fast path. Callers that need the document itself (to
reconcile it) ask for the exact one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import jsonschema_rs
import msgspec
import orjson

from seamguard.core import pointer as jp
from seamguard.core.canon import InexactNumber
from seamguard.core.contract import Contract, thaw
from seamguard.core.jsonexact import loads_exact
from seamguard.core.validation.extensible import check_extensible, extensible_enums, tolerated
from seamguard.core.validation.rules import (
    BatchFinding,
    BatchRule,
    BatchSession,
    RuleCheck,
    compile_rules,
)
from seamguard.core.validation.rules.money_clearance import clearance_schema
from seamguard.core.validation.verdict import Verdict, Violation
from seamguard.errors import ContractError, Location

_DRAFTS = {
    "http://json-schema.org/draft-04/schema": jsonschema_rs.Draft4Validator,
    "http://json-schema.org/draft-06/schema": jsonschema_rs.Draft6Validator,
    "http://json-schema.org/draft-07/schema": jsonschema_rs.Draft7Validator,
    "https://json-schema.org/draft/2019-09/schema": jsonschema_rs.Draft201909Validator,
    "https://json-schema.org/draft/2020-12/schema": jsonschema_rs.Draft202012Validator,
}


@dataclass(frozen=True)
class CompiledContract:
    """A contract ready to check records: schema compiled, rules compiled."""

    contract: Contract
    validator: Any
    rules: tuple[RuleCheck, ...]
    # Rules that need state across the records of a run (unique, cumulative): see
    # batch_session(). check_raw/check_document never run them.
    batch_rules: tuple[BatchRule, ...] = ()
    # Whether records may be parsed fast first (see the module docstring), and how: the
    # clearing schema of the money rules, the rules left to run in Python on the fast pass,
    # whether canonical (orjson) text may be trusted.
    fast: bool = False
    # Schema pointers of the enums marked ``x-extensible: true``: an unknown value there is a
    # warning (consumers promised to tolerate it), never an error, and never silent.
    extensible_enums: frozenset[str] = frozenset()
    # The fast pass itself (see make_fast_pass): JSON text -> the document when it is clean,
    # else NOT_CLEARED. None when the contract has none.
    fast_pass: Callable[[bytes | memoryview], Any] | None = field(
        default=None, compare=False, repr=False
    )

    def batch_session(self) -> BatchSession:
        """Fresh state for one run of records (one source scan, one validate call).

        Feed it every parsed document in record order, right after ``check_raw``::

            session = compiled.batch_session()
            for rec in records:
                doc, verdict = compiled.check_raw(rec.raw, rec.number, rec.line)
                if doc is not None:
                    verdict = session.merge(verdict, doc)  # adds e.g. unique.duplicate
                ...
            leftovers = session.finish()  # end-of-run findings (record, violation)

        A batch finding belongs to the record it is fed with, so quarantine sees it.
        """
        return BatchSession([rule.start() for rule in self.batch_rules])

    def check_batch(self, records: Iterable[tuple[int, Any]]) -> tuple[BatchFinding, ...]:
        """Every batch finding over ``(record number, document)`` pairs in order (the
        non-streaming form of :meth:`batch_session`), sorted by record."""
        session = self.batch_session()
        found = [BatchFinding(n, v) for n, doc in records for v in session.feed(n, doc)]
        return tuple(sorted([*found, *session.finish()]))

    def check_bytes(self, raw: bytes | str, record: int, line: int | None = None) -> Verdict:
        """Parse one JSON document and check it (the verdict only, so the fast pass may serve)."""
        return self.check_raw(raw, record, line, exact_document=False)[1]

    def check_raw(
        self,
        raw: bytes | str,
        record: int,
        line: int | None = None,
        *,
        exact_document: bool = True,
    ) -> tuple[Any, Verdict]:
        """Parse one JSON document and check it; returns the document (None when it could not be
        parsed) with the verdict. The verdict is always the exact one. A caller that only needs
        the verdict passes ``exact_document=False`` to allow the fast pass; the document it gets
        back may then hold floats."""
        if self.fast and not exact_document:
            fast = self._check_fast(raw, record, line)
            if fast is not None:
                return fast
        data = raw.encode("utf-8") if isinstance(raw, str) else raw
        doc = loads_decimal(data)
        if doc is not UNPARSED:
            # The same document the exact parser gives (see loads_decimal), at a fraction of
            # its cost: only a text it cannot vouch for needs the exact parser.
            return doc, self.check_document(doc, record, line, large=len(data) > LARGE_RECORD_BYTES)
        return self._check_exact(raw, record, line)

    def _check_exact(
        self, raw: bytes | str, record: int, line: int | None = None
    ) -> tuple[Any, Verdict]:
        """The reference judgement: the exact parser, then the checks."""
        doc, issues = loads_exact(raw)
        if doc is None and issues:
            issue = issues[0]
            where = ""
            if issue.line is not None:
                where = (
                    f" (line {issue.line}, column {issue.column})"
                    if line is None
                    else (f" (column {issue.column})")
                )
            return None, Verdict(
                record=record,
                line=line,
                violations=(
                    Violation(
                        path="",
                        rule="json.malformed",
                        keyword="json",
                        message=issue.message + where,
                    ),
                ),
            )
        parse_violations = [
            Violation(path=i.pointer, rule="json.duplicate-key", keyword="json", message=i.message)
            for i in issues
        ]
        large = len(raw) > LARGE_RECORD_BYTES
        return doc, self.check_document(doc, record, line, extra=parse_violations, large=large)

    def clears(self, raw: bytes | memoryview) -> bool:
        """Whether the fast pass clears this JSON text: no finding at all under the exact
        semantics. False says nothing (the record may be fine): judge it with check_raw. A
        loop over many records takes :attr:`fast_pass` once instead."""
        return self.fast_pass is not None and self.fast_pass(raw) is not NOT_CLEARED

    def _check_fast(
        self, raw: bytes | str, record: int, line: int | None
    ) -> tuple[Any, Verdict] | None:
        if self.fast_pass is None:
            return None
        doc = self.fast_pass(raw.encode("utf-8") if isinstance(raw, str) else raw)
        if doc is NOT_CLEARED:
            return None
        return doc, Verdict(record=record, line=line, violations=())

    def check_document(
        self,
        doc: Any,
        record: int,
        line: int | None = None,
        *,
        extra: Sequence[Violation] = (),
        large: bool = False,
    ) -> Verdict:
        """Check an already-parsed (exact) document. For a ``large`` one only the first schema
        violation is collected: listing them all costs memory in proportion to the payload."""
        found: list[Violation] = list(extra)
        try:
            if not self.validator.is_valid(doc):
                if large:
                    schema_found = _first_violation(self.validator, doc)
                else:
                    schema_found = _schema_violations(self.validator.iter_errors(doc))
                if self.extensible_enums:
                    schema_found = [tolerated(v, self.extensible_enums) for v in schema_found]
                found.extend(schema_found)
            for rule in self.rules:
                found.extend(rule(doc))
        except (RecursionError, ValueError) as exc:
            # Nesting beyond what the validator (or Python) follows: an attacker-sized payload is
            # a finding about that record, never a crash of the run.
            found.append(
                Violation(
                    path="",
                    rule="json.too-deep",
                    keyword="json",
                    message=f"the document nests too deeply to be checked ({_short(str(exc))})",
                )
            )
        # Several rules can make the same finding (an unknown currency judged by each money
        # rule that reads it): report it once, under the first rule that made it.
        unique: dict[tuple[str, str, str], Violation] = {}
        for v in found:
            unique.setdefault((v.path, v.rule, v.message), v)
        return Verdict(record=record, line=line, violations=tuple(sorted(unique.values())))


NOT_CLEARED: Any = object()
"""What the fast pass returns for a record it does not clear."""

# Non-canonical records in a row after which the canonical parse is tried only every _RETRY-th.
_GIVE_UP = 16
_RETRY = 64


UNPARSED: Any = object()
"""What :func:`loads_decimal` returns for a text it cannot vouch for."""

_DECODE = msgspec.json.Decoder(float_hook=Decimal).decode
_ENCODE = msgspec.json.Encoder().encode
_MSGSPEC_ERRORS = (msgspec.DecodeError, msgspec.EncodeError, RecursionError, ValueError)


def loads_decimal(data: bytes | memoryview) -> Any:
    """The document of a JSON text exactly as :func:`~seamguard.core.jsonexact.loads_exact`
    gives it (integers as ints, fractions as Decimals as written), parsed by msgspec; or
    :data:`UNPARSED` when it cannot vouch for that: the text does not parse, or it may hold
    a duplicate key, which msgspec drops silently (caught by counting ``:`` in the text and in
    its re-serialisation: a dropped pair always takes at least one ``:`` with it; an escaped
    ``\\u003a`` could hide one, so its presence declines too)."""
    if isinstance(data, memoryview):
        data = data.tobytes()
    try:
        doc = _DECODE(data)
        again = _ENCODE(doc)
    except _MSGSPEC_ERRORS:
        return UNPARSED
    if data.count(b":") != again.count(b":"):
        return UNPARSED
    if b"\\u003" in data and (b"\\u003a" in data or b"\\u003A" in data):
        return UNPARSED
    return doc


def make_fast_pass(
    validator: Any, clearance: Any, rules: Sequence[RuleCheck], *, canonical: bool
) -> Callable[[bytes | memoryview], Any]:
    """The fast pass over one JSON text (see the module docstring): the document when it is
    clean under ``validator`` (the schema, with the money clearing schema merged in or as
    ``clearance``) and ``rules`` (those the clearing schema does not cover), else
    :data:`NOT_CLEARED`. Everything it calls is bound here once: it runs for every record."""
    loads, dumps, decode_error, encode_error = (
        orjson.loads,
        orjson.dumps,
        orjson.JSONDecodeError,
        orjson.JSONEncodeError,
    )
    is_valid = validator.is_valid
    also = clearance.is_valid if clearance is not None else None
    misses = 0

    def fast_pass(data: bytes | memoryview) -> Any:
        nonlocal misses
        if len(data) > LARGE_RECORD_BYTES:
            return NOT_CLEARED
        doc: Any = NOT_CLEARED
        if canonical and (misses < _GIVE_UP or misses % _RETRY == 0):
            try:
                doc = loads(data)
                if dumps(doc) == data:
                    misses = 0
                else:
                    doc = NOT_CLEARED
            except (decode_error, encode_error):
                doc = NOT_CLEARED
            if doc is NOT_CLEARED:
                misses += 1
        if doc is NOT_CLEARED:
            doc = loads_decimal(data)
            if doc is UNPARSED:
                return NOT_CLEARED
        try:
            if not is_valid(doc) or (also is not None and not also(doc)):
                return NOT_CLEARED
            for rule in rules:
                for _ in rule(doc):
                    return NOT_CLEARED
        except (InexactNumber, RecursionError, ValueError):
            return NOT_CLEARED
        return doc

    return fast_pass


MAX_SCHEMA_VIOLATIONS = 100
MAX_MESSAGE = 300
# Past this size a record's schema errors are not all listed (jsonschema-rs builds every error
# of iter_errors up front, which for a megabyte array of bad items takes gigabytes).
LARGE_RECORD_BYTES = 256 * 1024


def _first_violation(validator: Any, doc: Any) -> list[Violation]:
    try:
        validator.validate(doc)
    except jsonschema_rs.ValidationError as error:
        return [
            _schema_violation(error),
            Violation(
                path="",
                rule="schema.truncated",
                keyword="schema",
                message=f"record larger than {LARGE_RECORD_BYTES // 1024} KiB: only its first "
                "schema violation is listed",
                severity="info",
            ),
        ]
    return []


def _short(text: str) -> str:
    """Messages quote the offending value; a megabyte array must not become a megabyte message."""
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _schema_violations(errors: Any) -> list[Violation]:
    """At most :data:`MAX_SCHEMA_VIOLATIONS` per record, then one line saying there are more: a
    record failing a million array items is one bad record, not a million findings (and the
    iteration stops there, so its cost stays bounded too)."""
    out: list[Violation] = []
    for error in errors:
        if len(out) == MAX_SCHEMA_VIOLATIONS:
            out.append(
                Violation(
                    path="",
                    rule="schema.truncated",
                    keyword="schema",
                    message=f"more than {MAX_SCHEMA_VIOLATIONS} schema violations; the rest are not listed",
                    severity="info",
                )
            )
            break
        out.append(_schema_violation(error))
    return out


def _schema_violation(error: Any) -> Violation:
    path_tokens: list[str | int] = list(error.instance_path)
    schema_tokens: list[str | int] = list(error.schema_path)
    keyword = str(schema_tokens[-1]) if schema_tokens else "schema"
    kind = error.kind
    if keyword == "required" and getattr(kind, "property", None) is not None:
        # Report a missing property at its own path, the namespace consumers' reads use.
        path_tokens.append(str(kind.property))
    return Violation(
        path=jp.join(path_tokens),
        rule=f"schema.{keyword}",
        keyword=keyword,
        message=_short(str(error.message)),
        schema_pointer="/schema" + jp.join(schema_tokens),
    )


def _library_hint_removed(message: str) -> str:
    # jsonschema-rs suggests changing its own options; seamguard refuses unknown formats on
    # purpose (fail closed), so the hint would only mislead.
    return message.split(". Adjust configuration", 1)[0]


def _refuse_external(uri: str) -> Any:
    """Loading a contract never reaches the network or the file system: a ``$ref`` outside the
    contract would make its meaning depend on whatever answers there (and be a way to make
    seamguard fetch a URL or read a file). Contracts inline their schemas or use ``$defs``."""
    raise ValueError(f"external $ref {uri} is not fetched; inline it under $defs")


def compile_contract(contract: Contract) -> CompiledContract:
    """Compile the schema (checking it against its meta-schema) and the semantic rules."""
    schema = thaw(contract.schema)
    cls = (
        _DRAFTS.get(str(schema.get("$schema", "")).rstrip("#"))
        if isinstance(schema, dict)
        else None
    )
    if isinstance(schema, dict) and "$schema" in schema and cls is None:
        raise ContractError(
            f"unknown $schema {schema['$schema']!r}: seamguard reads JSON Schema drafts 4, 6, 7, "
            "2019-09 and 2020-12 (https://json-schema.org/draft/2020-12/schema, ...)",
            location=Location(file=contract.source_file, pointer="/schema/$schema"),
        )
    check_extensible(schema, contract.source_file)
    try:
        jsonschema_rs.meta.validate(schema) if isinstance(schema, dict) else None
    except jsonschema_rs.ValidationError as exc:
        raise ContractError(
            f"schema is not valid JSON Schema: {exc.message}",
            location=Location(
                file=contract.source_file, pointer="/schema" + jp.join(list(exc.instance_path))
            ),
        ) from None
    except Exception:
        pass
    kwargs: dict[str, Any] = {
        "validate_formats": True,
        "ignore_unknown_formats": False,
        "retriever": _refuse_external,
    }
    try:
        validator = (
            cls(schema, **kwargs)
            if cls is not None
            else jsonschema_rs.validator_for(schema, **kwargs)
        )
    except jsonschema_rs.ValidationError as exc:
        raise ContractError(
            f"schema cannot be compiled: {_library_hint_removed(exc.message)}",
            location=Location(
                file=contract.source_file, pointer="/schema" + jp.join(list(exc.instance_path))
            ),
        ) from None
    except (ValueError, TypeError) as exc:
        raise ContractError(
            f"schema cannot be compiled: {exc}",
            location=Location(file=contract.source_file, pointer="/schema"),
        ) from None
    try:
        rules, batch_rules = compile_rules(contract.rules)
    except ContractError as exc:  # placed at the rule's own key, in this contract's file
        raise exc.with_location(
            Location(file=contract.source_file, pointer=exc.location.pointer)
        ) from None
    fast = not batch_rules and all(spec.kind in FAST_SAFE_KINDS for spec in contract.rules)
    fast_validator, clearance, fast_rules = validator, None, rules
    if fast:
        clearing, covered = clearance_schema(contract.rules)
        if clearing is not None:
            fast_rules = compile_rules(contract.rules, skip=covered)[0]
            if _mergeable(schema, cls):
                # One validator call instead of two: the clearing schema as one more
                # conjunct of the root (which changes nothing else, see _mergeable).
                merged = {**schema, "allOf": [*schema.get("allOf", []), clearing]}
                fast_validator = (
                    cls(merged, **kwargs)
                    if cls is not None
                    else jsonschema_rs.validator_for(merged, **kwargs)
                )
            else:
                clearance = jsonschema_rs.Draft202012Validator(clearing)
    return CompiledContract(
        contract=contract,
        validator=validator,
        rules=rules,
        batch_rules=batch_rules,
        fast=fast,
        extensible_enums=extensible_enums(schema),
        fast_pass=make_fast_pass(
            fast_validator, clearance, fast_rules, canonical=not _floats_untrusted(schema)
        )
        if fast
        else None,
    )


def _mergeable(schema: Any, cls: Any) -> bool:
    """Whether one more ``allOf`` conjunct at the root of ``schema`` means exactly "and also
    that": not when the draft ignores siblings of a root ``$ref`` (drafts 4 to 7),
    and not when ``unevaluated*`` keywords would see the conjunct's properties as evaluated."""
    if not isinstance(schema, dict) or not isinstance(schema.get("allOf", []), list):
        return False
    if "$ref" in schema and cls in (
        jsonschema_rs.Draft4Validator,
        jsonschema_rs.Draft6Validator,
        jsonschema_rs.Draft7Validator,
    ):
        return False
    return not any(
        "unevaluatedProperties" in node or "unevaluatedItems" in node for node in _objects(schema)
    )


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every object anywhere in a schema document. The safety checks look at all of them, not
    only at the keywords that hold subschemas: a ``$ref`` can pull in a schema kept under any
    key (``#/components/N``), and a false alarm only costs the fast way."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


_EXACT_FLOAT_INTS = 2**53
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _floats_untrusted(schema: Any) -> bool:
    """Whether floats from canonical text cannot be trusted against this schema: a ``multipleOf``
    or ``uniqueItems`` anywhere, or an integer constant beyond 2^53 in a bound,
    ``enum`` or ``const`` (the shortest form of a float that large is not its value:
    ``1.2345678901234567e+19`` is 12345678901234567000, its float 12345678901234567168)."""
    for node in _objects(schema):
        # Any multipleOf: float division is not exact, and a whole float beyond 2^53 is not the
        # number it is written as (1.2345678901234567e+19 is not a multiple of 16; its float
        # is). uniqueItems compares such a float with an integer written in full.
        if "multipleOf" in node or node.get("uniqueItems") is True:
            return True
        if any(_big_int(node.get(k)) for k in _BOUNDS) or any(
            _holds_big_int(node[k]) for k in ("enum", "const") if k in node
        ):
            return True
    return False


def _big_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > _EXACT_FLOAT_INTS


def _holds_big_int(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_holds_big_int(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_big_int(v) for v in value)
    return _big_int(value)


# Rule kinds that read numbers only through canon.as_decimal (so a float makes the record be
# judged exactly) and hold no state across records.
FAST_SAFE_KINDS = frozenset({"money", "sum", "same_currency", "provider_amount", "identifier"})
