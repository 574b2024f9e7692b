"""Question drafts: one plain-dict shape for a question and its answer key,
shared by the authoring forms, GIFT and JSON import/export.

    {"slug", "title", "type", "topic", "stem", "explanation", "points", "tags",
     "lesson" (lesson slug or ""), "anchor",
     and each registered type's own fields (`QuestionType.draft_defaults`):
     "options": [{"text", "correct", "feedback", "weight"}]  single / multiple
     "answer": bool, "true_feedback", "false_feedback"       truefalse
     "items": [text, …]  (in the correct order)      ordering
     "pairs": [{"item", "category"}]                 matching
     "date": "YYYY" | "YYYY-MM" | "YYYY-MM-DD"       date
     "accepted": [text or {"text", "fraction", "feedback"}, …]  short
     …}

`draft_shape_problems` says why a draft read from a file does not even have
that shape; `draft_problems` says why a draft could not be saved. The writes
are `quizzes.services.question_save` (one question, new or existing) and
`questions_create` (many new ones with a fixed number of queries).
"""

from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from lessons.markdown import heading_ids, render_lesson
from lessons.models import Course, Lesson
from quizzes.models import Question, Topic
from quizzes.types import REGISTRY, get_type

TOPICS = {Topic.THEORY, Topic.DATES, Topic.CAUSES}
MAX_POINTS = 100  # as the question form allows
MAX_PARTS = 8  # options, events, pairs or accepted answers of one question
MAX_TAGS = 10
# Column sizes: PostgreSQL refuses longer text (SQLite would keep it).
SLUG_LENGTH = Question._meta.get_field("slug").max_length
ANCHOR_LENGTH = Question._meta.get_field("anchor").max_length
TITLE_LENGTH = Question._meta.get_field("title").max_length


def empty_draft(qtype: str = "single", topic: str = "theory") -> dict:
    draft = {"slug": "", "title": "", "type": qtype, "topic": topic, "stem": "", "explanation": "", "points": 1, "tags": [],
             "lesson": "", "anchor": ""}
    for registered in REGISTRY.values():
        draft.update(registered.draft_defaults())
    return draft


def draft_from_question(question: Question) -> dict:
    draft = empty_draft(question.type, question.topic)
    draft.update(
        slug=question.slug, title=question.title, stem=question.stem, explanation=question.explanation, points=question.points,
        tags=sorted(t.slug for t in question.tags.all() if t.slug != question.topic),
        lesson=question.lesson.slug if question.lesson_id else "", anchor=question.anchor,
    )
    draft.update(get_type(question.type).draft_from_question(question))
    return draft


def problem_snapshot(draft: dict) -> dict:
    """Enough of a snapshot for the type's own `problems()` check."""
    return get_type(draft["type"]).snapshot_from_draft(draft)


def _is_text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)



def draft_shape_problems(draft: dict) -> list[str]:
    """Why a draft read from a file is not even the shape of one: a field of
    the wrong type, or text longer than its column. Checked before anything
    else looks at the draft, so nothing after has to guess."""
    problems = []
    texts = []
    for name, message in (
            ("type", _("The question type must be text.")), ("topic", _("The topic must be text.")),
            ("stem", _("The question must be text.")), ("explanation", _("The explanation must be text.")),
            ("slug", _("The identifier must be text.")), ("lesson", _("The lesson must be text.")),
            ("anchor", _("The heading id must be text.")), ("title", _("The title must be text."))):
        if isinstance(draft.get(name), str):
            texts.append(draft[name])
        else:
            problems.append(message)
    if isinstance(draft.get("slug"), str) and len(draft["slug"]) > SLUG_LENGTH:
        problems.append(_("The identifier may be at most %(n)s characters.") % {"n": SLUG_LENGTH})
    if isinstance(draft.get("title"), str) and len(draft["title"]) > TITLE_LENGTH:
        problems.append(_("The title may be at most %(n)s characters.") % {"n": TITLE_LENGTH})
    if isinstance(draft.get("anchor"), str) and len(draft["anchor"]) > ANCHOR_LENGTH:
        problems.append(_("The heading id may be at most %(n)s characters.") % {"n": ANCHOR_LENGTH})
    points = draft.get("points")
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        problems.append(_("Points must be a whole number from 1 to %(max)s.") % {"max": MAX_POINTS})
    tags = draft.get("tags")
    if not _is_text_list(tags):
        problems.append(_("Tags must be a list of text."))
    elif len(tags) > MAX_TAGS:
        problems.append(_("A question may have at most %(n)s tags.") % {"n": MAX_TAGS})
    else:
        texts += tags

    qtype = REGISTRY.get(draft.get("type")) if isinstance(draft.get("type"), str) else None
    if qtype is not None:
        if any(isinstance(draft.get(name), list) and len(draft[name]) > MAX_PARTS
               for name, default in qtype.draft_defaults().items() if isinstance(default, list)):
            problems.append(_("A question may have at most %(n)s options, events, pairs or accepted answers.") % {
                "n": MAX_PARTS})
            return problems
        problems += [str(p) for p in qtype.draft_problems(draft)]
        texts += [text for name in qtype.draft_defaults() for text in _strings(draft.get(name))]

    # PostgreSQL cannot store NUL, and no database can store half a surrogate pair.
    if any("\x00" in text or not _encodable(text) for text in texts):
        problems.append(_("Text may not contain NUL characters or unpaired surrogates."))
    return problems


def _strings(value) -> list[str]:
    """Every text inside a draft field (lists and objects walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    return []


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class CourseIndex:
    """The question slugs and lessons of a course, read once to check or save
    many drafts (an import) with a fixed number of queries."""

    slugs: set[str]
    lessons: dict[str, int]  # slug → pk
    _headings: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, course: Course) -> "CourseIndex":
        return cls(slugs=set(Question.objects.filter(course=course).values_list("slug", flat=True)),
                   lessons=dict(Lesson.objects.filter(chapter__course=course).values_list("slug", "pk")))

    def heading_ids(self, lesson_pk: int) -> set[str]:
        if lesson_pk not in self._headings:
            self._headings[lesson_pk] = set(heading_ids(render_lesson(
                Lesson.objects.values_list("body", flat=True).get(pk=lesson_pk)).headings))
        return self._headings[lesson_pk]


def draft_problems(draft: dict, course: Course, *, existing: Question | None = None,
                   known: CourseIndex | None = None) -> list[str]:
    """Everything that stops this draft being saved as a gradeable question.
    `known` is the course's index when many drafts are checked at once."""
    problems = draft_shape_problems(draft)
    if problems:
        return problems
    if draft["type"] not in REGISTRY:
        return [_("Unknown question type %(type)r.") % {"type": draft["type"]}]
    if draft["topic"] not in TOPICS:
        problems.append(_("Choose the topic: theory, dates or causes."))
    if not draft["stem"].strip():
        problems.append(_("Write the question."))
    slug = draft["slug"]
    if slug and slugify(slug) != slug:
        problems.append(_("The identifier may use only lower-case letters, digits and hyphens."))
    known = known or CourseIndex.of(course)
    if slug and slug in known.slugs and (existing is None or existing.slug != slug):
        problems.append(_("Another question of this course already uses the identifier %(slug)r.") % {"slug": slug})
    if draft["lesson"]:
        lesson_pk = known.lessons.get(draft["lesson"])
        if lesson_pk is None:
            problems.append(_("No lesson %(slug)r in this course.") % {"slug": draft["lesson"]})
        elif draft["anchor"] and draft["anchor"] not in known.heading_ids(lesson_pk):
            problems.append(_("The lesson has no heading %(anchor)r.") % {"anchor": draft["anchor"]})
    problems += [str(p) for p in get_type(draft["type"]).problems(problem_snapshot(draft))]
    return problems


def unique_slug(queryset, base: str, fallback: str = "question") -> str:
    """`base` as a slug, with -2, -3 … added until no row of `queryset` has it."""
    base = slugify(base)[:80] or fallback
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def part_models() -> list:
    """Every model that holds answer-key rows, whatever the type."""
    return list(dict.fromkeys(model for registered in REGISTRY.values() for model in registered.part_models))
