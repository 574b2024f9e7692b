"""The one Markdown renderer: Markdown → HTML → nh3 allow-list sanitiser.

`render_markdown` is django-markdownx's markdownify function (settings), so
the editor preview and the page render the same way. Lesson pages add two
things *after* sanitising, as HTML we build and escape ourselves: links on key
terms (`[[slug]]`, `[[slug|text]]`) and embeds (`{{table:slug}}` …).

The parser is markdown-it-py (CommonMark, plus tables, footnotes and
definition lists): its time grows linearly with the input, also on hostile
input such as thousands of nested brackets, where Python-Markdown took
seconds for a few kilobytes. Headings take an explicit id written after them,
`## Title {#the-id}`, as Python-Markdown's attr_list did; a heading without one
gets a slug of its text, as Python-Markdown's toc extension made it.

Ids in the output are only the ones the renderer made: an author's own
`<a id="timer">` would otherwise clobber an element of the page around it.
Outside lessons, heading ids carry `USER_ID_PREFIX` for the same reason.
"""

import copy
import hashlib
import html as html_lib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version

import nh3
from django.core.cache import cache
from django.utils.html import escape
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

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
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# The longest lesson body, in characters (the course's longest has 13,801), and
# so the longest text the editor's preview renders.
LESSON_MAX = 40_000
USER_ID_PREFIX = "user-content-"
# The ids markdown-it-py's footnote plugin gives a reference and its note.
FOOTNOTE_ID = re.compile(r"^fn(?:ref)?\d+(?::\d+)?$")

TERM_LINK = re.compile(r"\[\[([a-z0-9][a-z0-9-]*)(?:\|([^\]\n]+))?\]\]")
EMBED_LINE = re.compile(r"^\{\{(table|chart|figure):([a-z0-9-]+)(?::([^}\n]+))?\}\}[ \t]*$", re.M)
# `## Title {#id}` (also `{: #id }`, and classes or key=value, which are dropped).
HEADING_ATTRS = re.compile(r"[ \t]+\{:?[ \t]*([^}\n]*?)[ \t]*\}[ \t]*$")
PLACEHOLDER_TERM = re.compile(r"CBTERM\d+X")


def _slugify(text: str) -> str:
    """Python-Markdown toc's slug, so that headings without an explicit id keep theirs."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _unique(candidate: str, used: set[str]) -> str:
    while candidate in used or not candidate:
        found = re.match(r"^(.*)_([0-9]+)$", candidate)
        candidate = f"{found.group(1)}_{int(found.group(2)) + 1}" if found else f"{candidate}_1"
    used.add(candidate)
    return candidate


def _explicit_heading_ids(state) -> None:
    """Core rule, before inline parsing: take `{#id}` off the end of each
    heading's text and keep it as that heading's id."""
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        inline = state.tokens[index + 1]
        found = HEADING_ATTRS.search(inline.content)
        if found:
            inline.content = inline.content[:found.start()]
            explicit = next((part[1:] for part in found.group(1).split() if part.startswith("#") and part[1:]), None)
            if explicit:
                token.meta["explicit_id"] = explicit


def _heading_ids(state) -> None:
    """Core rule, last: give every heading its id (explicit, or
    a slug of its text made unique) and note the headings in env["headings"]."""
    prefix = state.env.get("id_prefix", "")
    headings = state.env.setdefault("headings", [])
    openings = [(token, state.tokens[index + 1]) for index, token in enumerate(state.tokens)
                if token.type == "heading_open"]
    used = {token.meta["explicit_id"] for token, _ in openings if "explicit_id" in token.meta}
    for token, inline in openings:
        name = _inline_text(inline)
        heading_id = token.meta.get("explicit_id") or _unique(_slugify(name), used)
        token.attrSet("id", prefix + heading_id)
        headings.append({"level": int(token.tag[1]), "id": heading_id, "name": name})


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False}).enable("table")
    md.use(footnote_plugin).use(deflist_plugin)
    md.core.ruler.before("inline", "explicit_heading_ids", _explicit_heading_ids)
    md.core.ruler.push("heading_ids", _heading_ids)
    return md


PARSER = _parser()


def sanitise(html: str, *, ids: set[str] = frozenset()) -> str:
    """Allow-listed tags and attributes only; of ids, only those in `ids` and footnotes' own."""

    def keep_id(element: str, attribute: str, value: str) -> str | None:
        if attribute != "id":
            return value
        if (element[:1] == "h" and value in ids) or (element in ("a", "li") and FOOTNOTE_ID.match(value)):
            return value
        return None

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_id,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _render(text: str, *, id_prefix: str) -> tuple[str, list[dict]]:
    """Sanitised HTML and the headings [{"level", "id", "name"}] in document order."""
    env = {"id_prefix": id_prefix}
    tokens = PARSER.parse(text or "", env)
    html = PARSER.renderer.render(tokens, PARSER.options, env)
    headings = env.get("headings", [])
    return sanitise(html, ids={id_prefix + h["id"] for h in headings}), headings


# Part of the lesson cache's key: bump it when the rendering rules above
# change, so that no page keeps HTML rendered by the old rules. The parser's
# and the sanitiser's versions are in the key too.
RENDERER_VERSION = "1"
_RENDERER = f"{RENDERER_VERSION}:{version('markdown-it-py')}:{version('mdit-py-plugins')}:{version('nh3')}"
LESSON_CACHE_SECONDS = 7 * 24 * 3600


def _render_lesson_cached(text: str) -> tuple[str, list[dict]]:
    """`_render` of a lesson body, cached under a hash of the body and the
    renderer: an edited body has a new key, so nothing needs invalidating.
    The cached HTML still has the term and embed placeholders, which
    `render_lesson` fills per request (they depend on the course's data and
    the reader's language)."""
    key = "lesson-html:" + hashlib.sha256(f"{_RENDERER}\0{text}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _render(text, id_prefix="")
        cache.set(key, found, LESSON_CACHE_SECONDS)
    html, headings = found
    return html, copy.deepcopy(headings)


def render_markdown(text: str) -> str:
    """Safe HTML for any Markdown a person wrote (stems, options, previews).

    Term links show their text; embeds are dropped (they only make sense in a
    lesson page). Heading ids are prefixed so they cannot clash with the page's."""
    text = TERM_LINK.sub(lambda m: m.group(2) or m.group(1).replace("-", " "), text or "")
    text = EMBED_LINE.sub("", text)
    html, _ = _render(text, id_prefix=USER_ID_PREFIX)
    return html


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
    html, headings = _render_lesson_cached(text)

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
    # Placeholders swallowed into heading names lose their meaning there.
    for heading in headings:
        heading["name"] = html_lib.escape(" ".join(PLACEHOLDER_TERM.sub("", heading["name"]).split()), quote=False)
    return RenderedLesson(html=html, headings=_nest(headings), term_slugs=[s for s, _ in terms], embeds=embeds)


def _nest(flat: list[dict]) -> list[dict]:
    """Headings as a tree: each under the nearest earlier heading of a higher level."""
    roots: list[dict] = []
    stack: list[dict] = []
    for heading in flat:
        node = {**heading, "children": []}
        while stack and stack[-1]["level"] >= node["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots


def heading_ids(tokens: list[dict]) -> list[str]:
    """Every heading id in a toc token tree, depth first."""
    ids = []
    for token in tokens:
        ids.append(token["id"])
        ids.extend(heading_ids(token.get("children", [])))
    return ids


def heading_text(body: str, anchor: str) -> str:
    """The text of the heading `## Text {#anchor}` in a lesson's Markdown ("" when there is none)."""
    if not anchor:
        return ""
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") and stripped.endswith(f"{{#{anchor}}}"):
            return stripped.lstrip("#").removesuffix(f"{{#{anchor}}}").strip()
    return ""
