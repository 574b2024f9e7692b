"""Import and export of question banks: Moodle GIFT for the types GIFT has,
and our own JSON (every type, lossless). Import is two steps:
`questions_preview` reads and checks everything and saves nothing;
`quizzes.services.questions_import` creates the questions that had no errors,
checking each again with the same `import_item_check` (a dry run and a save
can never disagree about what may be written). One import holds at most
MAX_QUESTIONS questions and MAX_BYTES of text: what the preview accepts, the
import writes in a few seconds."""

import json

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lessons.models import Course
from quizzes.drafts import CourseIndex, draft_from_question, draft_problems, draft_shape_problems, empty_draft
from quizzes.gift import ParsedQuestion, can_export, export_gift_drafts, parse_gift
from quizzes.limits import draft_length_problems

MAX_QUESTIONS = 2_000
MAX_BYTES = 1_000_000

JSON_FORMAT = "casebook-questions"


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


def import_limits() -> str:
    """The cap on one import, as the import page states it."""
    return _("At most %(questions)s questions and %(megabytes)s MB per import.") % {
        "questions": number_format(MAX_QUESTIONS, force_grouping=True), "megabytes": MAX_BYTES // 1_000_000}


def parse_json(text: str) -> list[ParsedQuestion]:
    try:
        data = json.loads(text)
    except ValueError as error:
        return [ParsedQuestion(getattr(error, "lineno", 1), "", errors=[_("Not valid JSON: %(e)s") % {"e": error}])]
    except RecursionError:
        return [ParsedQuestion(1, "", errors=[_("The JSON is nested too deeply.")])]
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT or not isinstance(data.get("questions"), list):
        return [ParsedQuestion(1, "", errors=[_("This is not a Casebook questions file.")])]
    parsed = []
    lines = text.splitlines()
    for index, item in enumerate(data["questions"]):
        line = _line_of(lines, item.get("slug") if isinstance(item, dict) else None) or 1
        if isinstance(item, dict) and "kind" in item and "topic" not in item:
            item = {("topic" if key == "kind" else key): value for key, value in item.items()}  # an older export
        if not isinstance(item, dict) or not set(item) <= set(empty_draft()) or "type" not in item:
            parsed.append(ParsedQuestion(line, "", errors=[_("Question %(n)s has unknown or missing fields.") % {
                "n": index + 1}]))
            continue
        draft = {**empty_draft(), **item}
        parsed.append(ParsedQuestion(line, _source(item), draft=draft))
    return parsed


def _source(item: dict) -> str:
    try:
        text = json.dumps(item, ensure_ascii=False)[:300]
    except RecursionError:  # nested deeper than the encoder goes, though the decoder took it
        return ""
    return text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate cannot go into the page


def _line_of(lines: list[str], slug) -> int | None:
    if not slug or not isinstance(slug, str):
        return None
    needle = json.dumps(slug)
    for number, line in enumerate(lines, start=1):
        if '"slug"' in line and needle in line:
            return number
    return None


def questions_preview(text: str, *, course: Course, fmt: str = "gift") -> list[ParsedQuestion]:
    """Read and check an import; nothing is saved. A file over the cap is
    refused as a whole."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return [ParsedQuestion(1, "", errors=[_("The file is too large: at most %(megabytes)s MB can be imported "
                                                "at once. Split it into smaller files.") % {
            "megabytes": MAX_BYTES // 1_000_000}])]
    parsed = parse_json(text) if fmt == "json" else parse_gift(text)
    if len(parsed) > MAX_QUESTIONS:
        return [ParsedQuestion(1, "", errors=[_("This file has %(n)s questions; at most %(max)s can be imported at "
                                                "once. Split it into smaller files.") % {
            "n": number_format(len(parsed), force_grouping=True),
            "max": number_format(MAX_QUESTIONS, force_grouping=True)}])]
    known = CourseIndex.of(course)
    seen: set[str] = set()
    for item in parsed:
        import_item_check(item, course=course, known=known, settle=lambda item: _settle_links(item, known, seen))
    return parsed


def import_item_check(item: ParsedQuestion, *, course: Course, known: CourseIndex, settle=None) -> None:
    """Everything that stops a draft being saved (its shape, NUL characters,
    texts longer than their columns, the course's slugs and lessons) becomes
    an error of the item, whose draft is then dropped."""
    if item.draft is None:
        return
    problems = draft_shape_problems(item.draft) or draft_length_problems(item.draft)
    if not problems:
        if settle is not None:
            settle(item)
        problems = draft_problems(item.draft, course, known=known)
    item.errors += problems
    if item.errors:
        item.draft = None


def _settle_links(item: ParsedQuestion, known: CourseIndex, seen: set[str]) -> None:
    """An identifier already used and a lesson the course lacks are dropped with a warning."""
    slug = item.draft["slug"]
    if slug and (slug in seen or slug in known.slugs):
        item.warnings.append(_("The identifier %(slug)r is taken; the question gets a new one.") % {"slug": slug})
        item.draft["slug"] = ""
    if slug:
        seen.add(slug)
    lesson = item.draft["lesson"]
    if lesson and lesson not in known.lessons:
        item.warnings.append(_("No lesson %(slug)r in this course: the link to it is dropped.") % {"slug": lesson})
        item.draft.update(lesson="", anchor="")
