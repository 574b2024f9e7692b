"""Moodle GIFT text ↔ question drafts (see `quizzes.drafts`).

This module reads what every question shares (name, stem, categories,
comments, general feedback, Moodle 4's '// [id:…] [tag:…]' comments, the
format markers [html] [moodle] [plain] [markdown], the '// casebook' line
that keeps what GIFT cannot say) and leaves each answer block to the question types: every type
reads its own (`QuestionType.gift_read`) and writes its own (`gift_write`),
or says it cannot be written in GIFT (ordering, dates finer than a year);
`quizzes.exchange` exports those as JSON.

Parsing never raises for bad input: each question becomes a `ParsedQuestion`
with its line number and either a draft or the errors that stop it.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.text import slugify
from django.utils.translation import gettext as _

from quizzes.drafts import draft_from_question, empty_draft
from quizzes.gift_text import escape, find_unescaped, split_format, split_unescaped, unescape
from quizzes.types import REGISTRY, get_type

META_PREFIX = "// casebook "
MAX_TEXT = 1_000_000
UNREADABLE = object()  # a metadata line that is not a JSON object


@dataclass
class ParsedQuestion:
    line: int
    source: str
    draft: dict | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class GiftBlock:
    """The inside of one question's answer block, read as far as GIFT goes
    without knowing the type; each type's `gift_read` says whether it is its own."""

    text: str
    meta: dict
    #: The format markers met in the block's texts ('html', 'moodle', …).
    formats: set = field(default_factory=set)

    unescape = staticmethod(unescape)

    def text_of(self, raw: str) -> str:
        """A text of the block (an answer, feedback, a matching item) as Casebook
        keeps it: its format marker dropped (and noted), escapes read, trimmed."""
        fmt, raw = split_format(raw)
        if fmt:
            self.formats.add(fmt)
        return unescape(raw).strip()

    @property
    def numeric(self) -> bool:
        return self.text.startswith("#")

    @property
    def numeric_text(self) -> str:
        """A numerical block's answer part (without '#' and any feedback)."""
        return split_unescaped(self.text[1:].strip(), "#")[0][1].strip()

    @cached_property
    def truefalse(self) -> str | None:
        head = split_unescaped(self.text, "#")[0][1].strip().upper()
        return ("true" if head.startswith("T") else "false") if head in ("T", "TRUE", "F", "FALSE") else None

    @property
    def truefalse_feedback(self) -> list[str]:
        """[feedback if wrong, feedback if right], as Moodle splits {TRUE#…#…}."""
        chunks = [chunk for _m, chunk in split_unescaped(self.text, "#")[1:]]
        return [self.text_of(chunks[0]) if chunks else "", self.text_of("#".join(chunks[1:]))]

    def choices(self) -> list[dict]:
        """The answers: marker ('=' or '~'), weight (a % or None), body (escaped), text and feedback."""
        return self._choices[0]

    @cached_property
    def _choices(self) -> tuple[list[dict], list[str]]:
        choices, stray = [], []
        if self.numeric or self.truefalse:
            return choices, stray
        for marker, chunk in split_unescaped(self.text, "~="):
            if not marker:
                if chunk.strip():
                    stray.append(unescape(chunk.strip()))
                continue
            weight = None
            chunk = chunk.strip()
            found = re.match(r"^%(-?\d+(?:\.\d+)?)%", chunk)
            if found:
                weight, chunk = float(found.group(1)), chunk[found.end():]
            body, *feedback = [c for _m, c in split_unescaped(chunk, "#")]
            choices.append({"marker": marker, "weight": weight, "body": body, "text": self.text_of(body),
                            "feedback": self.text_of("#".join(feedback))})
        return choices, stray

    @property
    def stray_text(self) -> list[str]:
        return self._choices[1]


# ---- parsing ---------------------------------------------------------------

ID_COMMENT = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
TAG_COMMENT = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f])+)\]")


def _blocks(text: str):
    """Questions separated by blank lines, with their first line number,
    the category in force, the casebook metadata comment before them and
    their other comment lines (where Moodle 4 keeps [id:…] and [tag:…])."""
    category, meta, comments = "", None, []
    block, start = [], 0
    for number, raw in enumerate(text.splitlines() + [""], start=1):
        stripped = raw.strip()
        if stripped.startswith(META_PREFIX.strip()) and not block:
            try:
                meta = json.loads(stripped[len(META_PREFIX.strip()):].strip())
            except (ValueError, RecursionError):
                meta = UNREADABLE
            if not isinstance(meta, dict):
                meta = UNREADABLE
            continue
        if stripped.startswith("//"):
            comments.append(stripped)
            continue
        if stripped.startswith("$CATEGORY:") and not block:
            category = stripped.split(":", 1)[1].strip()
            comments = []
            continue
        if stripped == "":
            if block:
                yield start, "\n".join(block), category, meta, "\n".join(comments)
                block, meta = [], None
            comments = []  # as in Moodle, a question's comments are those of its paragraph
            continue
        if not block:
            start = number
        block.append(raw)


def parse_gift(text: str) -> list[ParsedQuestion]:
    if len(text) > MAX_TEXT:
        return [ParsedQuestion(1, "", errors=[_("The file is too large (at most 1,000,000 characters).")])]
    return [_parse_block(line, block, category, meta, comments)
            for line, block, category, meta, comments in _blocks(text)]


def _parse_block(line: int, block: str, category: str, meta, comments: str = "") -> ParsedQuestion:
    parsed = ParsedQuestion(line, block)
    if meta is UNREADABLE:
        parsed.warnings.append(_("The '// casebook' line before it could not be read (it must be a JSON object) "
                                 "and is ignored."))
    try:
        _fill(parsed, block, category, meta if isinstance(meta, dict) else {}, comments)
    except (ValueError, IndexError, KeyError, TypeError) as error:  # malformed beyond our checks
        parsed.draft = None
        parsed.errors.append(_("This question could not be read: %(error)s") % {"error": error})
    return parsed


def _fill(parsed: ParsedQuestion, block: str, category: str, meta: dict, comments: str) -> None:
    text = block.strip()
    title = ""
    if text.startswith("::"):
        end = find_unescaped(text, "::", 2)
        if end < 0:
            parsed.errors.append(_("The question name is not closed with '::'."))
            return
        title, text = unescape(text[2:end]).strip(), text[end + 2:].strip()
    opening = find_unescaped(text, "{")
    if opening < 0:
        parsed.errors.append(_("No answer block {…}: a description (text without a question) is not imported; "
                               "put its text in the stem of the question after it."))
        return
    closing = find_unescaped(text, "}", opening)
    if closing < 0:
        parsed.errors.append(_("The answer block is not closed with '}'."))
        return
    before, answers, after = text[:opening], text[opening + 1:closing].strip(), text[closing + 1:].strip()
    second = find_unescaped(text, "{", closing)
    if second >= 0:
        full = block.strip()  # `text` is its end, after any name
        line = parsed.line + full[:len(full) - len(text) + second].count("\n")
        parsed.errors.append(_("Two answer blocks meet (the second on line %(line)s): questions must be separated "
                               "by a blank line.") % {"line": line})
        return
    formats = set()
    fmt, before = split_format(before)
    if fmt:
        formats.add(fmt)
    stem = unescape(before).strip()
    if after:
        stem = f"{stem} _____ {unescape(after)}".strip()  # Moodle's "missing word" format
    draft = empty_draft()
    idnumber = ID_COMMENT.search(comments)
    # Metadata of the wrong type is kept as it is, for the draft checks to report.
    slug = meta.get("slug") or (idnumber.group(1).replace("\\]", "]").strip() if idnumber else "") or title
    if meta:  # written by Casebook: the name there is the title, or the slug of an untitled question
        title = meta.get("title", "")
    draft.update(stem=stem, title=title, slug=slugify(slug)[:100] if isinstance(slug, str) else slug)
    # "kind" is what files written before the topic had its name say.
    topic = meta.get("topic") or meta.get("kind") or (category.split("/")[-1].strip().lower() if category else "")
    if not isinstance(topic, str):
        draft["topic"] = topic
    else:
        draft["topic"] = topic if topic in ("theory", "dates", "causes") else "theory"
        if category and topic not in ("theory", "dates", "causes"):
            draft["tags"] = [slugify(category.split("/")[-1])]
    tags = [slugify(t.group(1).replace("\\]", "]")) for t in TAG_COMMENT.finditer(comments)]
    draft["tags"] = list(dict.fromkeys(draft["tags"] + [t for t in tags if t]))
    for key in ("lesson", "anchor", "points", "tags"):
        if key in meta:
            draft[key] = meta[key]
    general = _last_unescaped(answers, "####")
    block = GiftBlock(answers, meta, formats)
    if general >= 0:
        draft["explanation"] = block.text_of(answers[general + 4:])
        block.text = answers[:general].strip()
    if not stem:
        parsed.errors.append(_("The question has no text."))
    _answers(parsed, draft, block)
    if "html" in formats:
        parsed.warnings.append(_("HTML text is kept as it is and sanitised when shown."))
    if "moodle" in formats:
        parsed.warnings.append(_("Text in Moodle's own format ([moodle]) is kept as Markdown: its line breaks "
                                 "and any HTML may show differently."))
    if not parsed.errors:
        parsed.draft = draft


def _last_unescaped(text: str, target: str) -> int:
    """Where the last unescaped `target` starts (Moodle finds general feedback with strrpos), or -1."""
    found, at = -1, find_unescaped(text, target)
    while at >= 0:
        found, at = at, find_unescaped(text, target, at + 1)
    return found


def _answers(parsed: ParsedQuestion, draft: dict, block: GiftBlock) -> None:
    if not block.text:  # {}: an essay
        if not any(qtype.gift_read(block, parsed, draft) for qtype in REGISTRY.values() if qtype.manual):
            parsed.errors.append(_("Essay questions (an empty answer block) cannot be imported."))
        return
    for text in block.stray_text:
        parsed.errors.append(_("Text before the first answer: %(text)s") % {"text": text})
    if not block.numeric and not block.truefalse and not block.choices():
        parsed.errors.append(_("No answers found in the answer block."))
        return
    if not any(qtype.gift_read(block, parsed, draft) for qtype in REGISTRY.values()):
        parsed.errors.append(_("Casebook has no question type for this answer block."))


# ---- export ----------------------------------------------------------------

def can_export(draft: dict) -> bool:
    return get_type(draft["type"]).gift_write(draft) is not None


def export_gift_drafts(drafts: list[dict]) -> str:
    lines = ["// Casebook questions in Moodle GIFT format.",
             "// Lines starting '// casebook' keep what GIFT cannot (lesson link, points, tags).", ""]
    category = None
    for draft in drafts:
        if not can_export(draft):
            continue
        if draft["topic"] != category:
            category = draft["topic"]
            lines += [f"$CATEGORY: {category}", ""]
        meta = {k: draft[k] for k in ("slug", "title", "type", "topic", "lesson", "anchor", "points", "tags")
                if draft.get(k)}
        meta.update(get_type(draft["type"]).gift_meta(draft))
        lines.append(META_PREFIX + json.dumps(meta, ensure_ascii=False))
        if draft.get("slug") or draft.get("tags"):  # Moodle 4 reads these as the idnumber and tags
            lines.append("// " + " ".join([f"[id:{_bracketed(draft['slug'])}]"] * bool(draft.get("slug"))
                                          + [f"[tag:{_bracketed(t)}]" for t in draft.get("tags") or []]))
        name = f"::{escape(draft.get('title') or draft['slug'])}::" if draft.get("title") or draft["slug"] else ""
        lines.append(f"{name}[markdown]{escape(draft['stem'])}{{{_answer_block(draft)}}}")
        lines.append("")
    return "\n".join(lines)


def _bracketed(text: str) -> str:
    return text.replace("]", "\\]")


def _answer_block(draft: dict) -> str:
    block = get_type(draft["type"]).gift_write(draft)
    if draft.get("explanation"):
        block += f"####{escape(draft['explanation'])}"
    return block


def export_gift(questions) -> str:
    """GIFT text for the questions GIFT can express (others are skipped;
    `quizzes.exchange.export_json` carries every type)."""
    return export_gift_drafts([draft_from_question(q) for q in questions])
