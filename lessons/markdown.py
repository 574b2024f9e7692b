"""The one Markdown renderer: Markdown → HTML → nh3 allow-list sanitiser.

`render_markdown` is django-markdownx's markdownify function (settings), so
the editor preview and the page render the same way. Lesson pages add two
things *after* sanitising, as HTML we build and escape ourselves: links on key
terms (`[[slug]]`, `[[slug|text]]`) and embeds (`{{table:slug}}` …).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
import nh3
from django.utils.html import escape

EXTENSIONS = ["extra", "toc", "sane_lists"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}

TERM_LINK = re.compile(r"\[\[([a-z0-9][a-z0-9-]*)(?:\|([^\]\n]+))?\]\]")
EMBED_LINE = re.compile(r"^\{\{(table|chart|figure):([a-z0-9-]+)(?::([^}\n]+))?\}\}[ \t]*$", re.M)
HEADING_ID = re.compile(r"\{#([^}\s]+)\}\s*$")


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _markdown(text: str) -> tuple[str, list[dict]]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    html = md.convert(text or "")
    return html, md.toc_tokens


def render_markdown(text: str) -> str:
    """Safe HTML for any Markdown a person wrote (stems, options, previews).

    Term links show their text; embeds are dropped (they only make sense in a
    lesson page)."""
    text = TERM_LINK.sub(lambda m: m.group(2) or m.group(1).replace("-", " "), text or "")
    text = EMBED_LINE.sub("", text)
    html, _ = _markdown(text)
    return sanitise(html)


@dataclass
class RenderedLesson:
    html: str
    headings: list[dict] = field(default_factory=list)  # [{"id", "name", "level", "children"}]
    term_slugs: list[str] = field(default_factory=list)
    embeds: list[tuple[str, str, str]] = field(default_factory=list)


def render_lesson(
    text: str,
    *,
    term_html: Callable[[str, str | None], str] | None = None,
    embed_html: Callable[[str, str, str], str] | None = None,
) -> RenderedLesson:
    """Render a lesson body. `term_html(slug, text)` and `embed_html(kind,
    slug, arg)` return trusted HTML; they run after sanitising."""
    terms: list[tuple[str, str | None]] = []
    embeds: list[tuple[str, str, str]] = []

    def hold_term(match):
        terms.append((match.group(1), match.group(2)))
        return f"CBTERM{len(terms) - 1}X"

    def hold_embed(match):
        embeds.append((match.group(1), match.group(2), match.group(3) or ""))
        return f"\nCBEMBED{len(embeds) - 1}X\n"

    text = EMBED_LINE.sub(hold_embed, text or "")
    text = TERM_LINK.sub(hold_term, text)
    html, toc = _markdown(text)
    html = sanitise(html)

    def put_term(match):
        slug, shown = terms[int(match.group(1))]
        if term_html is None:
            return escape(shown or slug.replace("-", " "))
        return term_html(slug, shown)

    def put_embed(match):
        kind, slug, arg = embeds[int(match.group(1))]
        return embed_html(kind, slug, arg) if embed_html else ""

    html = re.sub(r"<p>CBEMBED(\d+)X</p>", put_embed, html)
    html = re.sub(r"CBTERM(\d+)X", put_term, html)
    # Placeholders swallowed into heading ids or attributes lose their meaning there.
    _strip_placeholders(toc)
    return RenderedLesson(html=html, headings=toc, term_slugs=[s for s, _ in terms], embeds=embeds)


def _strip_placeholders(tokens: list[dict]) -> None:
    for token in tokens:
        token["name"] = re.sub(r"CBTERM\d+X", "", token["name"]).strip()
        _strip_placeholders(token.get("children", []))


def heading_ids(tokens: list[dict]) -> list[str]:
    """Every heading id in a toc token tree, depth first."""
    ids = []
    for token in tokens:
        ids.append(token["id"])
        ids.extend(heading_ids(token.get("children", [])))
    return ids
