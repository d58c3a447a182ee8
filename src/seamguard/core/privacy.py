"""Personal data in records: where it sits, and keeping it out of what seamguard shows.

Quarantine keeps raw payloads, and commerce payloads carry names, e-mail addresses, phone
numbers, postal addresses and IP addresses. Whatever leaves the store (exports, ``quarantine
show``, reports, ``validate`` output) goes through this module unless the user explicitly asks
for the originals; finding messages never quote a personal value at all.

*Where* personal data sits comes from a contract's ``personal_data`` pointers (``*`` stands for
any array item or object member, as everywhere else). A contract that declares none gets the
built-in table :data:`BUILTIN_PERSONAL_KEYS` (``email`` wherever it appears, ``name`` inside a
``customer`` or ``billing`` object, ...), so an ad-hoc contract is not an open door.

Pure: no I/O, and documents passed in are never mutated (a redacted copy shares the subtrees
that needed no change).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from seamguard.core import pointer as jp
from seamguard.core.jsonexact import loads_exact
from seamguard.core.validation.verdict import Verdict

MARKER = "[redacted]"


class _Unknown:
    """The document a finding was made on is not available (payload purged or unparseable)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class BuiltinKeys:
    """One row of the built-in personal-data table.

    An object member whose key is one of ``keys`` holds personal data (its whole value is
    redacted), wherever it appears or, when ``under`` is given, only inside an object whose own
    key is one of ``under`` (arrays in between do not count: ``/customers/0/name`` is inside
    ``customers``). Keys compare without case, ``_`` or ``-``: ``first_name``, ``firstName`` and
    ``First-Name`` are one key. With ``plain_only`` the member is personal only when its value
    is not an object or array (``"customer": "Jane Doe <jane@example.com>"``); an object there
    is looked into instead.
    """

    what: str
    keys: tuple[str, ...]
    under: tuple[str, ...] = ()
    plain_only: bool = False  # personal only as a plain value: an object there is walked into


# Applies to a contract that declares no personal_data; docs/contracts.md lists it (a test keeps
# the two in step). Bare "name" only counts next to people: at the top of a product it is not.
BUILTIN_PERSONAL_KEYS: tuple[BuiltinKeys, ...] = (
    BuiltinKeys(
        "e-mail addresses",
        (
            "email",
            "email_address",
            "contact_email",
            "customer_email",
            "billing_email",
            "buyer_email",
            "receipt_email",
        ),
    ),
    BuiltinKeys(
        "phone numbers", ("phone", "phone_number", "mobile", "mobile_phone", "telephone", "fax")
    ),
    BuiltinKeys(
        "names of people",
        (
            "first_name",
            "last_name",
            "middle_name",
            "full_name",
            "given_name",
            "family_name",
            "surname",
        ),
    ),
    BuiltinKeys(
        "a name next to a person's details",
        ("name",),
        under=(
            "customer",
            "billing",
            "shipping",
            "billing_details",
            "shipping_details",
            "customer_details",
            "payer",
            "buyer",
            "recipient",
            "contact",
            "owner",
        ),
    ),
    BuiltinKeys(
        "postal addresses (whole objects)",
        (
            "address",
            "addresses",
            "billing_address",
            "shipping_address",
            "default_address",
            "street",
            "address1",
            "address2",
            "address_line1",
            "address_line2",
        ),
    ),
    BuiltinKeys(
        "network identifiers",
        (
            "ip",
            "ip_address",
            "browser_ip",
            "client_ip",
            "customer_ip",
            "customer_ip_address",
            "remote_ip",
            "user_agent",
            "customer_user_agent",
        ),
    ),
    BuiltinKeys(
        "birth dates and identity numbers",
        ("birth_date", "date_of_birth", "birthday", "dob", "ssn", "national_id", "tax_id"),
    ),
    BuiltinKeys(
        "payment card and bank details",
        ("card_number", "credit_card_number", "cardholder_name", "iban", "account_number"),
    ),
    BuiltinKeys(
        "a person given as a plain value",
        ("customer", "payer", "buyer", "recipient", "contact", "customer_details"),
        plain_only=True,
    ),
)


@lru_cache(maxsize=4096)  # the same few keys recur in every record
def normalize_key(key: str) -> str:
    """How built-in keys compare: ``firstName``, ``first_name`` and ``First-Name`` are one."""
    return key.lower().replace("_", "").replace("-", "")


_ANYWHERE = frozenset(
    normalize_key(k)
    for row in BUILTIN_PERSONAL_KEYS
    if not row.under and not row.plain_only
    for k in row.keys
)
_PLAIN = frozenset(
    normalize_key(k) for row in BUILTIN_PERSONAL_KEYS if row.plain_only for k in row.keys
)
_UNDER: dict[str, frozenset[str]] = {}
for _row in BUILTIN_PERSONAL_KEYS:
    if _row.under:
        for _k in _row.keys:
            _UNDER[normalize_key(_k)] = _UNDER.get(normalize_key(_k), frozenset()) | frozenset(
                normalize_key(p) for p in _row.under
            )
del _row, _k
_PERSON_CONTAINERS = frozenset().union(*_UNDER.values(), _PLAIN)


def _builtin_key(key: str, parent: str | None, value: Any = None) -> bool:
    """Whether the built-in table makes the member ``key`` (inside ``parent``) personal; for a
    ``plain_only`` key that depends on ``value``, which a bare path does not know: it then
    counts as personal."""
    k = normalize_key(key)
    if k in _ANYWHERE:
        return True
    if k in _PLAIN and not isinstance(value, (dict, list)):
        return True
    parents = _UNDER.get(k)
    return parents is not None and parent is not None and normalize_key(parent) in parents


@dataclass(frozen=True)
class PersonalData:
    """Where personal data sits in the records of one contract.

    ``pointers`` are the contract's ``personal_data`` (``*`` for any item or member); with
    ``builtin`` the table :data:`BUILTIN_PERSONAL_KEYS` applies instead. Build it with
    :meth:`of`, which picks the table exactly when a contract declares no pointer.
    """

    pointers: tuple[str, ...] = ()
    builtin: bool = False
    _tokens: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)
    _by_first: Mapping[str, tuple[tuple[str, ...], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        tokens = tuple(jp.parse(p) for p in self.pointers)
        object.__setattr__(self, "_tokens", tokens)
        # Findings are judged one by one against every pointer: index them by first token so
        # a finding meets only the few that can match it (a "*" first token matches any).
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for t in tokens:
            by_first.setdefault(t[0] if t else "", []).append(t)
        wild = tuple(by_first.get(jp.WILDCARD, ())) + tuple(by_first.get("", ()))
        index = {k: tuple(v) + wild for k, v in by_first.items() if k not in (jp.WILDCARD, "")}
        object.__setattr__(self, "_by_first", {**index, "": wild})

    def _candidates(self, tokens: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        if not tokens or tokens[0] == jp.WILDCARD:
            return self._tokens
        return self._by_first.get(tokens[0], self._by_first[""])

    @staticmethod
    def of(declared: Sequence[str]) -> PersonalData:
        """A contract's personal data: its declared pointers, or the built-in table when none."""
        return _personal_data_of(tuple(declared))

    def covers(self, path: str) -> bool:
        """True when the instance location ``path`` is personal data or inside it."""
        return self._covers(_parse(path))

    def _covers(self, tokens: Sequence[str]) -> bool:
        if any(_prefix(p, tokens) for p in self._candidates(tokens)):
            return True
        if self.builtin:
            parent: str | None = None
            for token in tokens:
                if token.isdigit():
                    continue  # an array index: arrays are transparent to the built-in table
                if normalize_key(token) not in _PLAIN and _builtin_key(token, parent):
                    return True
                parent = token
        return False

    def may_hold(self, path: str) -> bool:
        """True when personal data may sit below ``path`` whatever the document: a declared
        pointer runs through it, or (built-in table) it names a person's container such as
        ``/customer`` (where a string instead of an object is likely the person's details)."""
        return self._may_hold(_parse(path))

    def _may_hold(self, tokens: Sequence[str]) -> bool:
        if any(_prefix(tokens, p) for p in self._candidates(tokens)):
            return True
        if self.builtin:
            named = [t for t in tokens if not t.isdigit()]
            return bool(named) and normalize_key(named[-1]) in _PERSON_CONTAINERS
        return False


# Finding paths repeat across records (the same fields fail again and again).
_parse = lru_cache(maxsize=4096)(jp.parse)


@lru_cache(maxsize=256)
def _personal_data_of(declared: tuple[str, ...]) -> PersonalData:
    # Cached: callers ask once per invalid record, and a contract's pointers never change.
    return PersonalData(pointers=declared) if declared else PersonalData(builtin=True)


def _prefix(prefix: Sequence[str], tokens: Sequence[str]) -> bool:
    """``prefix`` (either side may hold ``*``) names ``tokens`` or one of its ancestors."""
    if len(prefix) > len(tokens):
        return False
    return all(a == b or jp.WILDCARD in (a, b) for a, b in zip(prefix, tokens, strict=False))


def _blank(value: Any) -> bool:
    # null, "", [] and {} carry nothing personal; keeping them shows *that* a field was empty,
    # which is often the very reason a record was held back.
    return value is None or (isinstance(value, (str, list, dict)) and not value)


class _Walk:
    """One pass over a document: the redacted copy, and the concrete pointers it replaced.
    With ``copy=False`` only the pointers are collected (no copy is built: finding where the
    personal values are is what judging a finding's message needs)."""

    def __init__(self, personal: PersonalData, *, copy: bool = True) -> None:
        self.personal = personal
        self.copy = copy
        self.found: list[str] = []
        self.values: list[Any] = []  # the value at each of ``found``
        self._at: list[str | int] = []

    def run(self, doc: Any) -> Any:
        return self._node(doc, self.personal._tokens, None)

    def _node(self, value: Any, live: tuple[tuple[str, ...], ...], parent: str | None) -> Any:
        if live:
            if any(not rest for rest in live):
                return self._hit(value)
            if _wrong_shape(value, live):
                # A pointer leads deeper, but the value cannot hold what it names: a customer
                # given as a string is most likely the personal data itself, in another shape.
                return self._hit(value)
        elif not self.personal.builtin:
            return value  # nothing personal can sit below here
        if isinstance(value, dict):
            builtin = self.personal.builtin
            if not self.copy:
                # Which pointers continue below each member, found once for all members.
                named, wild = _index(live)
                for key, item in value.items():
                    if builtin and _builtin_key(key, parent, item):
                        self._at.append(key)
                        self._hit(item)
                        self._at.pop()
                        continue
                    rests = named.get(key, ()) + wild if named else wild
                    if rests or (builtin and isinstance(item, dict | list)):
                        self._at.append(key)
                        self._node(item, rests, key)
                        self._at.pop()
                return value
            out: dict[str, Any] = {}
            changed = False
            for key, item in value.items():
                self._at.append(key)
                if builtin and _builtin_key(key, parent, item):
                    new = self._hit(item)
                else:
                    new = self._node(item, _step(live, key) if live else live, key)
                self._at.pop()
                changed = changed or new is not item
                out[key] = new
            return out if changed else value
        if isinstance(value, list):
            items: list[Any] = []
            changed = False
            for n, item in enumerate(value):
                self._at.append(n)
                new = self._node(item, _step(live, str(n)) if live else live, parent)
                self._at.pop()
                if self.copy:
                    changed = changed or new is not item
                    items.append(new)
            return items if changed else value
        return value

    def _hit(self, value: Any) -> Any:
        if _blank(value):
            return value
        self.found.append(jp.join(self._at))
        self.values.append(value)
        return MARKER


def _wrong_shape(value: Any, live: tuple[tuple[str, ...], ...]) -> bool:
    if isinstance(value, dict):
        return False
    if isinstance(value, list):
        # An array where a pointer names an object member (/customer/email on a list).
        return any(not (rest[0] == jp.WILDCARD or rest[0].isdigit()) for rest in live)
    return True


def _index(
    live: tuple[tuple[str, ...], ...],
) -> tuple[dict[str, tuple[tuple[str, ...], ...]], tuple[tuple[str, ...], ...]]:
    """The pointers of ``live`` that go on under each member name, and those under any (``*``)."""
    named: dict[str, tuple[tuple[str, ...], ...]] = {}
    wild: tuple[tuple[str, ...], ...] = ()
    for rest in live:
        if rest[0] == jp.WILDCARD:
            wild += (rest[1:],)
        else:
            named[rest[0]] = (*named.get(rest[0], ()), rest[1:])
    return named, wild


def _step(live: tuple[tuple[str, ...], ...], token: str) -> tuple[tuple[str, ...], ...]:
    return tuple(rest[1:] for rest in live if rest[0] in (token, jp.WILDCARD))


def redact(doc: Any, personal: PersonalData) -> Any:
    """``doc`` with every non-empty value at a personal-data location replaced by
    :data:`MARKER` (an object or array there is replaced whole). A value a pointer should lead
    into but cannot (a string or number, or an array where an object member is named) is
    replaced too. ``doc`` is not mutated."""
    return _Walk(personal).run(doc)


def personal_locations(doc: Any, personal: PersonalData) -> tuple[str, ...]:
    """Concrete pointers of the non-empty personal values in ``doc``, in document order."""
    walk = _Walk(personal, copy=False)
    walk.run(doc)
    return tuple(walk.found)


@dataclass(frozen=True)
class RedactedRaw:
    """A payload with its personal data taken out.

    ``data`` is the original bytes when nothing personal was found, else the redacted document
    re-serialised (compact JSON, numbers exactly as written, a duplicate key once with its last
    value). A payload that is not JSON cannot be redacted field by field: ``data`` is then one
    JSON string naming its length (``"[redacted: 12 bytes, not JSON]"``), so an export stays
    one JSON document per line. ``replaced`` counts the values replaced.
    """

    data: bytes
    replaced: int
    parsed: bool

    @property
    def changed(self) -> bool:
        """True when ``data`` differs from the original payload."""
        return self.replaced > 0 or not self.parsed


def redact_raw(raw: bytes, personal: PersonalData) -> RedactedRaw:
    """Parse ``raw`` exactly, redact it, and serialise it again (see :class:`RedactedRaw`)."""
    doc = document_of(raw)
    if doc is UNKNOWN:
        return _unparseable(raw)
    walk = _Walk(personal)
    try:
        redacted = walk.run(doc)
        if not walk.found:
            return RedactedRaw(data=raw, replaced=0, parsed=True)
        text = _dump(redacted)
    except RecursionError:  # nested past what can be walked: it cannot be redacted per field
        return _unparseable(raw)
    return RedactedRaw(data=text.encode("utf-8"), replaced=len(walk.found), parsed=True)


def _unparseable(raw: bytes) -> RedactedRaw:
    marker = json.dumps(f"[redacted: {len(raw)} bytes, not JSON]")
    return RedactedRaw(data=marker.encode("utf-8"), replaced=0, parsed=False)


def document_of(raw: bytes) -> Any:
    """The exactly parsed payload, or :data:`UNKNOWN` when it is not JSON."""
    doc, issues = loads_exact(raw)
    if doc is None and any(i.kind == "malformed" for i in issues):
        return UNKNOWN
    return doc


def _dump(value: Any) -> str:
    """Compact JSON that writes exact numbers as they were parsed (Decimal, big int)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)  # from the JSON literal, so finite and valid JSON again
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{_string(k)}:{_dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dump(v) for v in value) + "]"
    raise TypeError(f"{type(value).__name__} is not JSON data")  # pragma: no cover


def _string(text: str) -> str:
    # A lone surrogate (from a "\ud800" escape) cannot be written as UTF-8: keep it escaped.
    ascii_only = any("\ud800" <= ch <= "\udfff" for ch in text)
    return json.dumps(text, ensure_ascii=ascii_only)


# Schema keywords whose messages name property names or the schema's own value, never the
# instance: "x" is a required property, ('zz' was unexpected), 5 was expected.
_NAMES_ONLY = frozenset(
    {"required", "dependentRequired", "additionalProperties", "unevaluatedProperties", "const"}
)


def withheld_message(keyword: str, path: str) -> str:
    """The message a finding gets instead of one that would quote personal data."""
    return f"{keyword} failed at {path or '/'} (value not shown: personal data)"


def quotes_personal(
    rule: str, keyword: str, path: str, personal: PersonalData, doc: Any = UNKNOWN
) -> bool:
    """Whether the message of a finding may quote personal data.

    Any finding at or under a personal-data location may (money, CEL and schema messages quote
    the value they judge). A ``schema.*`` finding above one quotes the whole instance there
    (``{...} is not valid under any of the schemas``), so it may too: above a declared pointer
    always (the instance may hold the personal value in an unexpected shape), and for the
    built-in table when ``doc`` has a personal key below ``path`` (always when ``doc`` is
    :data:`UNKNOWN`). Keywords whose messages name only property names (``required``,
    ``additionalProperties``, ...) never quote a value.
    """
    return _Judge(personal, doc).quotes(rule, keyword, path)


class _Judge:
    """Decides finding by finding for one document, walking it at most once."""

    def __init__(self, personal: PersonalData, doc: Any) -> None:
        self.personal = personal
        self.doc = doc
        self._found: tuple[str, ...] | None = None
        self._hits: list[Any] = []  # the values at _found
        self._values: frozenset[str] | None = None

    def quotes(self, rule: str, keyword: str, path: str, message: str = "") -> bool:
        tokens = _parse(path)
        if self.personal._covers(tokens):
            return True
        # Whatever the rule and path: a message that quotes a personal value of this document
        # (a unique key, a currency set, a cumulative key naming an e-mail) is withheld.
        if (
            message
            and self.doc is not UNKNOWN
            and any(v in message for v in self._personal_values())
        ):
            return True
        if not rule.startswith("schema.") or keyword in _NAMES_ONLY or rule == "schema.truncated":
            return False
        if self.personal._may_hold(tokens):
            return True
        if not self.personal.builtin:
            return False
        # The built-in table matches keys anywhere: look for them in the instance quoted.
        if self.doc is UNKNOWN:
            return True
        return any(_prefix(tokens, _parse(loc)) for loc in self._locations())

    def _personal_values(self) -> frozenset[str]:
        """The text of every scalar at or under a personal location (3 characters or more:
        shorter ones would match by accident)."""
        if self._values is None:
            texts: set[str] = set()
            self._locations()
            for start in self._hits:
                stack = [start]
                while stack:
                    node = stack.pop()
                    if isinstance(node, dict):
                        stack.extend(node.values())
                    elif isinstance(node, list):
                        stack.extend(node)
                    elif node is not None and not isinstance(node, bool):
                        text = str(node)
                        if len(text) >= 3:
                            texts.add(text)
            self._values = frozenset(texts)
        return self._values

    def _locations(self) -> tuple[str, ...]:
        if self._found is None:
            walk = _Walk(self.personal, copy=False)
            try:
                walk.run(self.doc)
                self._found, self._hits = tuple(walk.found), walk.values
            except RecursionError:
                # Cannot tell where: treat the whole document as personal.
                self._found, self._hits = ("",), [self.doc]
        return self._found


def withhold(verdict: Verdict, doc: Any, personal: PersonalData) -> Verdict:
    """The verdict with every message that may quote personal data replaced by a generic one
    naming the keyword and path (:func:`withheld_message`). ``doc`` is the checked document, or
    :data:`UNKNOWN`."""
    if not verdict.violations:
        return verdict
    judge = _Judge(personal, doc)
    out = [
        replace(v, message=withheld_message(v.keyword, v.path))
        if judge.quotes(v.rule, v.keyword, v.path, v.message)
        else v
        for v in verdict.violations
    ]
    # Two findings differing only in the quoted value are now one finding: report it once.
    return replace(verdict, violations=tuple(sorted(dict.fromkeys(out))))


def withhold_reasons(
    reasons: Iterable[Mapping[str, Any]], personal: PersonalData, doc: Any = UNKNOWN
) -> tuple[dict[str, Any], ...]:
    """Stored quarantine reasons (``{rule, path, keyword, message, ...}``) with messages that
    may quote personal data replaced, as :func:`withhold` does for a verdict. Idempotent."""
    judge = _Judge(personal, doc)
    out = []
    for reason in reasons:
        item = dict(reason)
        rule, path = str(item.get("rule") or ""), str(item.get("path") or "")
        keyword = str(item.get("keyword") or rule.partition(".")[2] or rule)
        if "message" in item and judge.quotes(rule, keyword, path, str(item["message"])):
            item["message"] = withheld_message(keyword, path)
        out.append(item)
    return tuple(out)
