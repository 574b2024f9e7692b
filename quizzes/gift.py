"""Moodle GIFT text ↔ question drafts (see `quizzes.drafts`).

Supported: multiple choice (one right answer, or several with % weights —
a multiple-response question), true/false, short answer, matching, numerical
whole years (a date question at year precision), categories, comments,
question names, per-answer feedback, general feedback (####), escapes and the
[markdown]/[html]/[plain]/[moodle] markers. Ordering questions and dates finer
than a year cannot be written in GIFT; `quizzes.exchange` exports them as JSON.

Parsing never raises for bad input: each question becomes a `ParsedQuestion`
with its line number and either a draft or the errors that stop it.
"""

import json
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from quizzes.drafts import draft_from_question, empty_draft

ESCAPABLE = "~=#{}:\\"
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


# ---- escaping --------------------------------------------------------------

def escape(text: str) -> str:
    out = "".join("\\" + ch if ch in ESCAPABLE else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _unescape(text: str) -> str:
    result, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            result.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        result.append(ch)
        i += 1
    return "".join(result)


def _split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separator characters: [(separator or '', chunk), …]."""
    parts, current, marker, i = [], [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if ch in separators:
            parts.append((marker, "".join(current)))
            marker, current = ch, []
        else:
            current.append(ch)
        i += 1
    parts.append((marker, "".join(current)))
    return parts


def _find_unescaped(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


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
        end = _find_unescaped(text, "::", 2)
        if end < 0:
            parsed.errors.append(_("The question name is not closed with '::'."))
            return
        title, text = _unescape(text[2:end]).strip(), text[end + 2:].strip()
    opening = _find_unescaped(text, "{")
    if opening < 0:
        parsed.errors.append(_("No answer block {…}: descriptions and essays cannot be imported."))
        return
    closing = _find_unescaped(text, "}", opening)
    if closing < 0:
        parsed.errors.append(_("The answer block is not closed with '}'."))
        return
    before, answers, after = text[:opening], text[opening + 1:closing].strip(), text[closing + 1:].strip()
    if _find_unescaped(after, "{") >= 0:
        parsed.errors.append(_("Only one answer block per question can be imported."))
        return
    marker = re.match(r"^\s*\[(markdown|html|plain|moodle)\]", before)
    if marker:
        before = before[marker.end():]
        if marker.group(1) == "html":
            parsed.warnings.append(_("HTML text is kept as it is and sanitised when shown."))
    stem = _unescape(before).strip()
    if after:
        stem = f"{stem} _____ {_unescape(after)}".strip()  # Moodle's "missing word" format
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
    general = _find_unescaped(answers, "####")
    if general >= 0:
        draft["explanation"] = _unescape(answers[general + 4:]).strip()
        answers = answers[:general].strip()
    if not stem:
        parsed.errors.append(_("The question has no text."))
    _answers(parsed, draft, answers)
    if not parsed.errors:
        parsed.draft = draft


def _answers(parsed: ParsedQuestion, draft: dict, answers: str) -> None:
    if answers.startswith("#"):
        _numerical(parsed, draft, answers[1:].strip())
        return
    head = _split_unescaped(answers, "#")[0][1].strip().upper()
    if head in ("T", "TRUE", "F", "FALSE"):
        draft.update(type="truefalse", answer=head.startswith("T"))
        feedback = [chunk for _m, chunk in _split_unescaped(answers, "#")[1:] if chunk.strip()]
        if feedback:
            parsed.warnings.append(_("True/false feedback is not kept; put it in the general feedback."))
        return
    if not answers:
        parsed.errors.append(_("Essay questions (an empty answer block) cannot be imported."))
        return
    choices = []
    for marker, chunk in _split_unescaped(answers, "~="):
        if not marker:
            if chunk.strip():
                parsed.errors.append(_("Text before the first answer: %(text)s") % {"text": _unescape(chunk.strip())})
            continue
        weight = None
        chunk = chunk.strip()
        found = re.match(r"^%(-?\d+(?:\.\d+)?)%", chunk)
        if found:
            weight, chunk = float(found.group(1)), chunk[found.end():]
        body, *feedback = [c for _m, c in _split_unescaped(chunk, "#")]
        choices.append({"marker": marker, "weight": weight, "body": body,
                        "feedback": _unescape("#".join(feedback)).strip()})
    if not choices:
        parsed.errors.append(_("No answers found in the answer block."))
        return
    if all(c["marker"] == "=" and "->" in c["body"] for c in choices):
        draft["type"] = "matching"
        for choice in choices:
            item, _sep, category = choice["body"].partition("->")
            draft["pairs"].append({"item": _unescape(item).strip(), "category": _unescape(category).strip()})
        return
    if all(c["marker"] == "=" for c in choices):
        draft["type"] = "short"
        for choice in choices:
            if choice["weight"] is not None and choice["weight"] < 100:
                parsed.warnings.append(_("Partial-credit answer %(text)r is not kept.") % {
                    "text": _unescape(choice["body"]).strip()})
                continue
            draft["accepted"].append(_unescape(choice["body"]).strip())
        return
    right = [c for c in choices if c["marker"] == "="]
    weighted = [c for c in choices if c["weight"] and c["weight"] > 0]
    if right:
        draft["type"] = "single"
        if len(right) > 1:
            parsed.errors.append(_("A multiple-choice question may have only one '=' answer."))
        if weighted:
            parsed.warnings.append(_("Partial-credit weights are not kept: only the '=' answer counts as right."))
    else:
        draft["type"] = "multiple"
        if not weighted:
            parsed.errors.append(_("No right answer: mark one with '=' or give weights like ~%50%."))
    for choice in choices:
        correct = choice["marker"] == "=" or (not right and bool(choice["weight"]) and choice["weight"] > 0)
        draft["options"].append({"text": _unescape(choice["body"]).strip(), "correct": correct,
                                 "feedback": choice["feedback"]})


def _numerical(parsed: ParsedQuestion, draft: dict, body: str) -> None:
    value = _split_unescaped(body, "#")[0][1].strip()
    if value.startswith("="):
        parsed.errors.append(_("Numerical questions with several answers cannot be imported."))
        return
    number, _sep, tolerance = value.partition(":")
    if not re.fullmatch(r"\d{1,4}", number.strip()) or tolerance.strip() not in ("", "0"):
        parsed.errors.append(_("Only whole-year numerical answers (like {#1992}) can be imported, "
                               "as date questions."))
        return
    draft.update(type="date", kind=draft["kind"] if draft["kind"] != "theory" else "dates",
                 date=f"{int(number):04d}")


# ---- export ----------------------------------------------------------------

def can_export(draft: dict) -> bool:
    if draft["type"] == "ordering":
        return False
    return draft["type"] != "date" or len(draft["date"]) == 4


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
        meta = {k: draft[k] for k in ("slug", "kind", "lesson", "anchor", "points", "tags") if draft.get(k)}
        lines.append(META_PREFIX + json.dumps(meta, ensure_ascii=False))
        lines.append(f"::{escape(draft['slug'])}::[markdown]{escape(draft['stem'])}{{{_answer_block(draft)}}}")
        lines.append("")
    return "\n".join(lines)


def _answer_block(draft: dict) -> str:
    qtype = draft["type"]
    if qtype == "single":
        parts = [("=" if o["correct"] else "~") + escape(o["text"]) + (f"#{escape(o['feedback'])}" if o["feedback"] else "")
                 for o in draft["options"]]
    elif qtype == "multiple":
        right = sum(1 for o in draft["options"] if o["correct"]) or 1
        share = f"{100 / right:.5f}".rstrip("0").rstrip(".")
        parts = [f"~%{share if o['correct'] else '-' + share}%" + escape(o["text"])
                 + (f"#{escape(o['feedback'])}" if o["feedback"] else "") for o in draft["options"]]
    elif qtype == "truefalse":
        parts = ["TRUE" if draft["answer"] else "FALSE"]
    elif qtype == "short":
        parts = ["=" + escape(a) for a in draft["accepted"]]
    elif qtype == "matching":
        parts = [f"={escape(p['item'])} -> {escape(p['category'])}" for p in draft["pairs"]]
    else:  # date at year precision
        parts = [f"#{draft['date']}:0"]
    block = " ".join(parts)
    if draft.get("explanation"):
        block += f"####{escape(draft['explanation'])}"
    return block


def export_gift(questions) -> str:
    """GIFT text for the questions GIFT can express (others are skipped;
    `quizzes.exchange.export_json` carries every type)."""
    return export_gift_drafts([draft_from_question(q) for q in questions])
