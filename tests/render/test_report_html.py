"""The HTML page of the scan report."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from seamguard.render.report_html import render_report_html
from tests.render.sample_report import HOSTILE_MESSAGE

DOMAIN_IDS = (
    "order_sync_continuity",
    "product_inventory_consistency",
    "financial_event_integrity",
    "schema_change_resilience",
    "recovery_efficiency",
)
VOID = {"meta", "link", "br", "path", "input", "img", "hr", "wbr"}


class _Page(HTMLParser):
    """Collects tags, attributes and text, and checks every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _card(page: str, domain_id: str) -> str:
    match = re.search(rf'<article [^>]*id="domain-{domain_id}">(.*?)</article>', page, re.S)
    assert match, domain_id
    return match.group(1)


def test_html_matches_golden(report: dict[str, Any], golden: Any) -> None:
    golden.check("render/report.html", render_report_html(report))


def test_page_is_well_formed_html5(report: dict[str, Any]) -> None:
    page = render_report_html(report)
    assert page.startswith("<!DOCTYPE html>\n")
    assert page.endswith("</html>\n")
    parsed = _parse(page)
    assert parsed.errors == []
    assert parsed.stack == []


def test_script_in_a_violation_message_is_escaped(report: dict[str, Any]) -> None:
    page = render_report_html(report)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    # The browser shows the attacker's text as text, exactly.
    assert HOSTILE_MESSAGE in "".join(_parse(page).text)


def test_attribute_and_tag_injection_is_escaped(report: dict[str, Any]) -> None:
    report["domains"][0]["contact"] = 'x" onmouseover="alert(1)@evil.example'
    report["flows"][0]["examples"]["missing"] = ["<img src=x onerror=alert(1)>"]
    report["workspace"]["name"] = "</title><script>alert(1)</script>"
    page = render_report_html(report)
    parsed = _parse(page)
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs), (
        "an event handler attribute got through"
    )
    assert not any(tag in ("img", "script") for tag, _ in parsed.tags)


def test_every_domain_has_a_card_in_order(report: dict[str, Any]) -> None:
    page = render_report_html(report)
    positions = [page.index(f'id="domain-{domain_id}"') for domain_id in DOMAIN_IDS]
    assert positions == sorted(positions)
    for domain_id in DOMAIN_IDS:
        assert f"<code>{domain_id}</code>" in _card(page, domain_id)


def test_cards_carry_status_as_text_not_only_colour(report: dict[str, Any]) -> None:
    page = render_report_html(report)
    assert "✗</span> breach" in _card(page, "order_sync_continuity")
    assert "▲</span> warning" in _card(page, "product_inventory_consistency")
    assert "✓</span> healthy" in _card(page, "schema_change_resilience")
    assert "○</span> no data" in _card(page, "recovery_efficiency")


def test_no_data_domain_shows_no_numeric_value(report: dict[str, Any]) -> None:
    report["domains"][4]["sli"]["value"] = 3.5  # a stale value must not leak through
    card = _card(render_report_html(report), "recovery_efficiency")
    value = re.search(r'<span class="sli-value">(.*?)</span>', card)
    assert value
    assert value.group(1) == "—"
    assert "3.5" not in card


def test_sli_band_owner_and_evidence_on_the_card(report: dict[str, Any]) -> None:
    card = _card(render_report_html(report), "financial_event_integrity")
    assert "99.2%" in card
    assert "≥ 99.99%" in card
    assert "breach &lt; 99.9%" in card
    assert '<a href="mailto:finance-systems@example.com">' in card
    assert "<dt>Amount delta</dt><dd>184.10</dd>" in card
    assert "payment-capture, refund-sync" in card


def test_non_email_contact_is_text_not_a_link(report: dict[str, Any]) -> None:
    report["domains"][1]["contact"] = "https://pager.example/catalog"
    card = _card(render_report_html(report), "product_inventory_consistency")
    assert "https://pager.example/catalog" in card
    assert "<a " not in card


def test_page_loads_nothing_from_outside(report: dict[str, Any]) -> None:
    page = render_report_html(report)
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name)
            if value is None:
                continue
            assert value.startswith(("#", "mailto:", "data:")), f"<{tag} {name}={value!r}>"
            assert "http://" not in value
            assert "https://" not in value
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    style = page.split("<style>")[1].split("</style>")[0]
    assert "url(" not in style
    assert "@import" not in style
    assert "Content-Security-Policy" in page


def test_flows_and_sources_tables(report: dict[str, Any]) -> None:
    page = render_report_html(report)
    flows = page.split('id="h-flows"')[1].split('id="h-sources"')[0]
    for flow in report["flows"]:
        assert f"<b>{flow['name']}</b>" in flows
    assert '<td class="num bad">8</td>' in flows  # order-sync missing
    assert '<th class="num">over limit</th>' in flows  # shown because payment-capture has some
    sources = page.split('id="h-sources"')[1]
    assert sources.count("<details>") == 2  # the two sources with violations
    assert "6 rules violated · 27 violations" in sources
    assert "data/psp/charges-2026-12-02.jsonl:239" in sources


def test_rendering_is_deterministic(report: dict[str, Any]) -> None:
    assert render_report_html(report) == render_report_html(report)


def test_empty_flows_and_sources(report: dict[str, Any]) -> None:
    report["flows"] = []
    report["sources"] = []
    del report["reports"]
    page = render_report_html(report)
    assert "No flows configured." in page
    assert "No sources configured." in page
    assert _parse(page).errors == []
