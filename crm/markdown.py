"""Knowledge articles are written in Markdown and read by every signed-in user, so what they
render must never run script (SPEC §10: XSS-safe Markdown).

Two independent layers: markdown-it-py in CommonMark mode with raw HTML *off* (tags typed
into an article come out as text) and its link validator (no ``javascript:``/``vbscript:``/
``file:``/``data:`` links), then the nh3 sanitiser (Rust's ammonia) over the produced HTML
with an allow-list of tags, attributes and URL schemes — so a parser bug or a future option
that lets HTML through still cannot bring in an event attribute, a style or a script URL."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},  # "language-bash" from fenced blocks
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])


def _validate_link(url: str) -> bool:
    """Only web and mail links, or relative ones; markdown-it's default would still allow
    ``data:image/...`` URLs, which have no place in a help article."""
    scheme, colon, _ = url.strip().partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True  # relative URL
    return scheme.lower() in ALLOWED_SCHEMES


_parser.validateLink = _validate_link


def render_markdown(text: str) -> SafeString:
    """The article body as sanitised HTML, safe to put in a template."""
    html = _parser.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - produced by the sanitiser above
