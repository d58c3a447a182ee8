"""URI-reference resolution (RFC 3986 section 5) for ``$id`` and ``$ref``.

``urllib.parse.urljoin`` resolves relative references only for the schemes it lists, and a
schema's base may be any URI (``urn:``, ``tag:``, the default ``json-schema:///`` validators use
for a document without ``$id``), so the algorithm of section 5.2 is written out here. A
fragment is returned as written; :func:`fragment_pointer` percent-decodes it (RFC 3986 section
2.1, UTF-8) before it is read as a JSON Pointer, which is how a pointer with a space or a
non-ASCII name travels in a ``$ref`` (``#/$defs/a%20b``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# A document without ``$id`` is retrieved from here (what jsonschema-rs assumes as well), so a
# relative ``$id`` below it resolves the way the validator resolves it.
DEFAULT_BASE = "json-schema:///"

# RFC 3986 appendix B
_URI = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)

_Parts = tuple[str | None, str | None, str, str | None, str | None]


def _split(uri: str) -> _Parts:
    match = _URI.match(uri)
    if match is None:  # pragma: no cover - the pattern matches every string
        return None, None, uri, None, None
    scheme, authority, path, query, fragment = match.groups()
    return scheme, authority, path or "", query, fragment


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4."""
    out: list[str] = []
    rest = path
    while rest:
        if rest.startswith("../"):
            rest = rest[3:]
        elif rest.startswith(("./", "/./")):
            rest = rest[2:]
        elif rest == "/.":
            rest = "/"
        elif rest.startswith("/../"):
            rest = rest[3:]
            if out:
                out.pop()
        elif rest == "/..":
            rest = "/"
            if out:
                out.pop()
        elif rest in (".", ".."):
            rest = ""
        else:
            start = 1 if rest.startswith("/") else 0
            cut = rest.find("/", start)
            segment, rest = (rest, "") if cut < 0 else (rest[:cut], rest[cut:])
            out.append(segment)
    return "".join(out)


def _merge(base_authority: str | None, base_path: str, ref_path: str) -> str:
    """RFC 3986 section 5.2.3."""
    if base_authority is not None and base_path == "":
        return "/" + ref_path
    cut = base_path.rfind("/")
    return (base_path[: cut + 1] if cut >= 0 else "") + ref_path


def resolve(base: str, ref: str) -> str:
    """The target URI of reference ``ref`` against absolute URI ``base`` (RFC 3986 5.2.2)."""
    r_scheme, r_auth, r_path, r_query, r_frag = _split(ref)
    b_scheme, b_auth, b_path, b_query, _ = _split(base)
    scheme: str | None
    auth: str | None
    query: str | None
    if r_scheme is not None:
        scheme, auth, path, query = r_scheme, r_auth, _remove_dot_segments(r_path), r_query
    else:
        scheme = b_scheme
        if r_auth is not None:
            auth, path, query = r_auth, _remove_dot_segments(r_path), r_query
        else:
            auth = b_auth
            if r_path == "":
                path = b_path
                query = r_query if r_query is not None else b_query
            else:
                if r_path.startswith("/"):
                    path = _remove_dot_segments(r_path)
                else:
                    path = _remove_dot_segments(_merge(b_auth, b_path, r_path))
                query = r_query
    out = ""
    if scheme is not None:
        out += scheme + ":"
    if auth is not None:
        out += "//" + auth
    out += path
    if query is not None:
        out += "?" + query
    if r_frag is not None:
        out += "#" + r_frag
    return out


def without_fragment(uri: str) -> str:
    return uri.split("#", 1)[0]


def fragment_pointer(fragment: str) -> str:
    """A ``$ref`` fragment as the JSON Pointer (or anchor name) it encodes."""
    return unquote(fragment, errors="strict") if "%" in fragment else fragment
