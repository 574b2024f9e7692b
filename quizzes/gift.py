"""Moodle GIFT text ↔ question drafts (see `quizzes.drafts`).

This module reads what every question shares (name, stem, categories,
comments, general feedback, the '// casebook' line that keeps what GIFT
cannot say) and leaves each answer block to the question types: every type
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
from quizzes.gift_text import escape, find_unescaped, split_unescaped, unescape
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

    unescape = staticmethod(unescape)

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
        return [chunk for _m, chunk in split_unescaped(self.text, "#")[1:] if chunk.strip()]

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
            choices.append({"marker": marker, "weight": weight, "body": body, "text": unescape(body).strip(),
                            "feedback": unescape("#".join(feedback)).strip()})
        return choices, stray

    @property
    def stray_text(self) -> list[str]:
        return self._choices[1]


# ---- parsing ---------------------------------------------------------------

def _blocks(text: str):
    """Questions separated by blank lines, with their first line number,
    the category in force and the casebook metadata comment before them."""
    category, meta = "", None
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
            continue
        if stripped.startswith("$CATEGORY:") and not block:
            category = stripped.split(":", 1)[1].strip()
            continue
        if stripped == "":
            if block:
                yield start, "\n".join(block), category, meta
                block, meta = [], None
            continue
        if not block:
            start = number
        block.append(raw)


def parse_gift(text: str) -> list[ParsedQuestion]:
    if len(text) > MAX_TEXT:
        return [ParsedQuestion(1, "", errors=[_("The file is too large (at most 1,000,000 characters).")])]
    return [_parse_block(line, block, category, meta) for line, block, category, meta in _blocks(text)]


def _parse_block(line: int, block: str, category: str, meta) -> ParsedQuestion:
    parsed = ParsedQuestion(line, block)
    if meta is UNREADABLE:
        parsed.warnings.append(_("The '// casebook' line before it could not be read (it must be a JSON object) "
                                 "and is ignored."))
    try:
        _fill(parsed, block, category, meta if isinstance(meta, dict) else {})
    except (ValueError, IndexError, KeyError, TypeError) as error:  # malformed beyond our checks
        parsed.draft = None
        parsed.errors.append(_("This question could not be read: %(error)s") % {"error": error})
    return parsed


def _fill(parsed: ParsedQuestion, block: str, category: str, meta: dict) -> None:
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
        parsed.errors.append(_("No answer block {…}: descriptions and essays cannot be imported."))
        return
    closing = find_unescaped(text, "}", opening)
    if closing < 0:
        parsed.errors.append(_("The answer block is not closed with '}'."))
        return
    before, answers, after = text[:opening], text[opening + 1:closing].strip(), text[closing + 1:].strip()
    if find_unescaped(after, "{") >= 0:
        parsed.errors.append(_("Only one answer block per question can be imported."))
        return
    marker = re.match(r"^\s*\[(markdown|html|plain|moodle)\]", before)
    if marker:
        before = before[marker.end():]
        if marker.group(1) == "html":
            parsed.warnings.append(_("HTML text is kept as it is and sanitised when shown."))
    stem = unescape(before).strip()
    if after:
        stem = f"{stem} _____ {unescape(after)}".strip()  # Moodle's "missing word" format
    draft = empty_draft()
    # Metadata of the wrong type is kept as it is, for the draft checks to report.
    slug = meta.get("slug") or title
    draft.update(stem=stem, slug=slugify(slug)[:100] if isinstance(slug, str) else slug)
    kind = meta.get("kind") or (category.split("/")[-1].strip().lower() if category else "")
    if not isinstance(kind, str):
        draft["kind"] = kind
    else:
        draft["kind"] = kind if kind in ("theory", "dates", "causes") else "theory"
        if category and kind not in ("theory", "dates", "causes"):
            draft["tags"] = [slugify(category.split("/")[-1])]
    for key in ("lesson", "anchor", "points", "tags"):
        if key in meta:
            draft[key] = meta[key]
    general = find_unescaped(answers, "####")
    if general >= 0:
        draft["explanation"] = unescape(answers[general + 4:]).strip()
        answers = answers[:general].strip()
    if not stem:
        parsed.errors.append(_("The question has no text."))
    _answers(parsed, draft, GiftBlock(answers, meta))
    if not parsed.errors:
        parsed.draft = draft


def _answers(parsed: ParsedQuestion, draft: dict, block: GiftBlock) -> None:
    if not block.text:
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
        if draft["kind"] != category:
            category = draft["kind"]
            lines += [f"$CATEGORY: {category}", ""]
        meta = {k: draft[k] for k in ("slug", "type", "kind", "lesson", "anchor", "points", "tags") if draft.get(k)}
        meta.update(get_type(draft["type"]).gift_meta(draft))
        lines.append(META_PREFIX + json.dumps(meta, ensure_ascii=False))
        lines.append(f"::{escape(draft['slug'])}::[markdown]{escape(draft['stem'])}{{{_answer_block(draft)}}}")
        lines.append("")
    return "\n".join(lines)


def _answer_block(draft: dict) -> str:
    block = get_type(draft["type"]).gift_write(draft)
    if draft.get("explanation"):
        block += f"####{escape(draft['explanation'])}"
    return block


def export_gift(questions) -> str:
    """GIFT text for the questions GIFT can express (others are skipped;
    `quizzes.exchange.export_json` carries every type)."""
    return export_gift_drafts([draft_from_question(q) for q in questions])
