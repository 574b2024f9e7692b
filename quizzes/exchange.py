"""Import and export of question banks: Moodle GIFT for the types GIFT has,
and our own JSON (every type, lossless). Import is two steps: `preview`
reads and checks everything and saves nothing; `save` creates the questions
that had no errors."""

import json

from django.db import transaction
from django.utils.translation import gettext as _

from lessons.models import Course, Lesson
from quizzes.drafts import draft_from_question, draft_problems, question_save, unique_slug
from quizzes.gift import ParsedQuestion, can_export, export_gift_drafts, parse_gift
from quizzes.limits import draft_length_problems
from quizzes.models import Question

JSON_FORMAT = "casebook-questions"
DRAFT_KEYS = {"slug", "type", "kind", "stem", "explanation", "points", "tags", "lesson", "anchor", "options",
              "answer", "items", "pairs", "date", "accepted"}


def export_json(questions) -> str:
    drafts = [draft_from_question(q) for q in questions]
    return json.dumps({"format": JSON_FORMAT, "version": 1, "questions": drafts}, ensure_ascii=False, indent=2)


def export_files(questions) -> dict[str, str]:
    """{'gift': text, 'json': text}: GIFT where it can say it, JSON for everything."""
    drafts = [draft_from_question(q) for q in questions]
    return {"gift": export_gift_drafts(drafts),
            "json": json.dumps({"format": JSON_FORMAT, "version": 1, "questions": drafts},
                               ensure_ascii=False, indent=2),
            "gift_skipped": sum(1 for d in drafts if not can_export(d))}


def parse_json(text: str) -> list[ParsedQuestion]:
    try:
        data = json.loads(text)
    except ValueError as error:
        return [ParsedQuestion(getattr(error, "lineno", 1), "", errors=[_("Not valid JSON: %(e)s") % {"e": error}])]
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT or not isinstance(data.get("questions"), list):
        return [ParsedQuestion(1, "", errors=[_("This is not a Casebook questions file.")])]
    parsed = []
    lines = text.splitlines()
    for index, item in enumerate(data["questions"]):
        line = _line_of(lines, item.get("slug") if isinstance(item, dict) else None) or 1
        if not isinstance(item, dict) or not set(item) <= DRAFT_KEYS or "type" not in item:
            parsed.append(ParsedQuestion(line, "", errors=[_("Question %(n)s has unknown or missing fields.") % {
                "n": index + 1}]))
            continue
        draft = {"slug": "", "kind": "theory", "stem": "", "explanation": "", "points": 1, "tags": [],
                 "lesson": "", "anchor": "", "options": [], "answer": None, "items": [], "pairs": [],
                 "date": "", "accepted": [], **item}
        parsed.append(ParsedQuestion(line, json.dumps(item, ensure_ascii=False)[:300], draft=draft))
    return parsed


def _line_of(lines: list[str], slug) -> int | None:
    if not slug:
        return None
    needle = json.dumps(slug)
    for number, line in enumerate(lines, start=1):
        if '"slug"' in line and needle in line:
            return number
    return None


def preview(text: str, *, course: Course, fmt: str = "gift") -> list[ParsedQuestion]:
    """Read and check an import; nothing is saved."""
    parsed = parse_json(text) if fmt == "json" else parse_gift(text)
    seen: set[str] = set()
    for item in parsed:
        if item.draft is None:
            continue
        slug = item.draft.get("slug")
        if slug and (slug in seen or Question.objects.filter(course=course, slug=slug).exists()):
            item.warnings.append(_("The identifier %(slug)r is taken; the question gets a new one.") % {"slug": slug})
            item.draft["slug"] = ""
        if slug:
            seen.add(slug)
        lesson = item.draft.get("lesson")
        if lesson and not Lesson.objects.filter(chapter__course=course, slug=lesson).exists():
            item.warnings.append(_("No lesson %(slug)r in this course: the link to it is dropped.") % {"slug": lesson})
            item.draft.update(lesson="", anchor="")
        try:
            item.errors += draft_length_problems(item.draft) + draft_problems(item.draft, course)
        except (TypeError, KeyError, AttributeError, ValueError):
            item.errors.append(_("The question's fields have the wrong shape."))
        if item.errors:
            item.draft = None
    return parsed


@transaction.atomic
def save(parsed: list[ParsedQuestion], *, course: Course) -> list[Question]:
    """Create the questions of a preview that had no errors."""
    created = []
    for item in parsed:
        if item.draft is None:
            continue
        draft = dict(item.draft)
        if not draft.get("slug"):
            draft["slug"] = unique_slug(Question.objects.filter(course=course), f"{draft['kind']}-{draft['stem'][:40]}")
        created.append(question_save(course=course, draft=draft))
    return created
