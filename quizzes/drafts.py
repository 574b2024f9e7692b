"""Question drafts: one plain-dict shape for a question and its answer key,
shared by the authoring forms, GIFT and JSON import/export.

    {"slug", "type", "kind", "stem", "explanation", "points", "tags",
     "lesson" (lesson slug or ""), "anchor",
     "options": [{"text", "correct", "feedback"}]   single / multiple
     "answer": bool                                  truefalse
     "items": [text, …]  (in the correct order)      ordering
     "pairs": [{"item", "category"}]                 matching
     "date": "YYYY" | "YYYY-MM" | "YYYY-MM-DD"       date
     "accepted": [text, …]}                          short

`draft_shape_problems` says why a draft read from a file does not even have
that shape; `draft_problems` says why a draft could not be saved;
`question_save` writes one (new or existing question) in a transaction and
`questions_create` many new ones with a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lessons.content_files import parse_partial_date
from lessons.markdown import heading_ids, render_lesson
from lessons.models import Course, Lesson
from quizzes.models import (
    AcceptedAnswer, DateKey, MatchPair, Option, OrderingItem, Question, QuestionType, QuizKind, Tag,
)
from quizzes.question_types import kind_of

TYPES = set(QuestionType.values)
KINDS = {QuizKind.THEORY, QuizKind.DATES, QuizKind.CAUSES}
MAX_POINTS = 100  # as the question form allows
MAX_PARTS = 8  # options, events, pairs or accepted answers of one question
MAX_TAGS = 10
# Column sizes: PostgreSQL refuses longer text (SQLite would keep it).
SLUG_LENGTH = Question._meta.get_field("slug").max_length
ANCHOR_LENGTH = Question._meta.get_field("anchor").max_length
TAG_LENGTH = Tag._meta.get_field("slug").max_length
ITEM_LENGTH = OrderingItem._meta.get_field("text").max_length
PAIR_ITEM_LENGTH = MatchPair._meta.get_field("item").max_length
CATEGORY_LENGTH = MatchPair._meta.get_field("category").max_length
ACCEPTED_LENGTH = AcceptedAnswer._meta.get_field("text").max_length


def empty_draft(qtype: str = "single", kind: str = "theory") -> dict:
    return {"slug": "", "type": qtype, "kind": kind, "stem": "", "explanation": "", "points": 1, "tags": [],
            "lesson": "", "anchor": "", "options": [], "answer": None, "items": [], "pairs": [], "date": "",
            "accepted": []}


def draft_from_question(question: Question) -> dict:
    draft = empty_draft(question.type, question.kind)
    draft.update(
        slug=question.slug, stem=question.stem, explanation=question.explanation, points=question.points,
        tags=sorted(t.slug for t in question.tags.all() if t.slug != question.kind),
        lesson=question.lesson.slug if question.lesson_id else "", anchor=question.anchor,
        options=[{"text": o.text, "correct": o.is_correct, "feedback": o.feedback} for o in question.options.all()],
        answer=question.true_false_answer,
        items=[i.text for i in question.ordering_items.all()],
        pairs=[{"item": p.item, "category": p.category} for p in question.match_pairs.all()],
        accepted=[a.text for a in question.accepted_answers.all()],
    )
    if question.type == QuestionType.DATE and hasattr(question, "date_key"):
        key = question.date_key
        draft["date"] = {"year": f"{key.date.year:04d}", "month": key.date.strftime("%Y-%m")}.get(
            key.precision, key.date.isoformat())
    return draft


def problem_snapshot(draft: dict) -> dict:
    """Enough of a snapshot for the type's own `problems()` check."""
    precision = None
    if draft.get("date"):
        try:
            precision = parse_partial_date(draft["date"])[1]
        except ValueError:
            precision = None
    pairs = draft.get("pairs") or []
    return {
        "options": [{"id": i} for i, _ in enumerate(draft.get("options") or [], start=1)],
        "items": [{"id": i} for i, _ in enumerate((draft.get("items") or pairs), start=1)],
        "categories": sorted({p["category"] for p in pairs if p.get("category")}),
        "precision": precision,
        "key": {"correct": [i for i, o in enumerate(draft.get("options") or [], start=1) if o.get("correct")],
                "answer": draft.get("answer"), "accepted": draft.get("accepted") or []},
    }


def _is_text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_object_list(value, keys: set[str], types: dict[str, type]) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, dict) and keys <= set(v) <= set(types) and all(isinstance(v[k], types[k]) for k in v)
        for v in value)


def _too_long(texts, limit: int) -> bool:
    return any(len(text) > limit for text in texts)


def draft_shape_problems(draft: dict) -> list[str]:
    """Why a draft read from a file is not even the shape of one: a field of
    the wrong type, or text longer than its column. Checked before anything
    else looks at the draft, so nothing after has to guess."""
    problems = []
    texts = []
    for name, message in (
            ("type", _("The question type must be text.")), ("kind", _("The bank must be text.")),
            ("stem", _("The question must be text.")), ("explanation", _("The explanation must be text.")),
            ("slug", _("The identifier must be text.")), ("lesson", _("The lesson must be text.")),
            ("anchor", _("The heading id must be text.")), ("date", _("The date must be text."))):
        if isinstance(draft.get(name), str):
            texts.append(draft[name])
        else:
            problems.append(message)
    if isinstance(draft.get("slug"), str) and len(draft["slug"]) > SLUG_LENGTH:
        problems.append(_("The identifier may be at most %(n)s characters.") % {"n": SLUG_LENGTH})
    if isinstance(draft.get("anchor"), str) and len(draft["anchor"]) > ANCHOR_LENGTH:
        problems.append(_("The heading id may be at most %(n)s characters.") % {"n": ANCHOR_LENGTH})
    points = draft.get("points")
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        problems.append(_("Points must be a whole number from 1 to %(max)s.") % {"max": MAX_POINTS})
    answer = draft.get("answer")  # "" is the question form's "not chosen yet"
    if not (answer is None or answer == "" or isinstance(answer, bool)):
        problems.append(_("The true/false answer must be true or false."))

    tags = draft.get("tags")
    if not _is_text_list(tags):
        problems.append(_("Tags must be a list of text."))
    elif len(tags) > MAX_TAGS:
        problems.append(_("A question may have at most %(n)s tags.") % {"n": MAX_TAGS})
    elif _too_long((slugify(t) for t in tags), TAG_LENGTH):
        problems.append(_("A tag may be at most %(n)s characters.") % {"n": TAG_LENGTH})
    else:
        texts += tags

    parts = [draft.get(name) for name in ("options", "items", "pairs", "accepted")]
    if any(isinstance(part, list) and len(part) > MAX_PARTS for part in parts):
        problems.append(_("A question may have at most %(n)s options, events, pairs or accepted answers.") % {
            "n": MAX_PARTS})
        return problems

    options = draft.get("options")
    if not _is_object_list(options, {"text"}, {"text": str, "correct": bool, "feedback": str}):
        problems.append(_("The options must be a list of objects with text, correct and feedback."))
    else:
        texts += [o["text"] for o in options] + [o.get("feedback", "") for o in options]

    items = draft.get("items")
    if not _is_text_list(items):
        problems.append(_("The events must be a list of text."))
    elif _too_long(items, ITEM_LENGTH):
        problems.append(_("An event may be at most %(n)s characters.") % {"n": ITEM_LENGTH})
    else:
        texts += items

    pairs = draft.get("pairs")
    if not _is_object_list(pairs, {"item", "category"}, {"item": str, "category": str}):
        problems.append(_("The matching pairs must be a list of objects with item and category."))
    elif _too_long((p["item"] for p in pairs), PAIR_ITEM_LENGTH):
        problems.append(_("A matching item may be at most %(n)s characters.") % {"n": PAIR_ITEM_LENGTH})
    elif _too_long((p["category"] for p in pairs), CATEGORY_LENGTH):
        problems.append(_("A category may be at most %(n)s characters.") % {"n": CATEGORY_LENGTH})
    else:
        texts += [p["item"] for p in pairs] + [p["category"] for p in pairs]

    accepted = draft.get("accepted")
    if not _is_text_list(accepted):
        problems.append(_("The accepted answers must be a list of text."))
    elif _too_long(accepted, ACCEPTED_LENGTH):
        problems.append(_("An accepted answer may be at most %(n)s characters.") % {"n": ACCEPTED_LENGTH})
    else:
        texts += accepted

    # PostgreSQL cannot store NUL, and no database can store half a surrogate pair.
    if any("\x00" in text or not _encodable(text) for text in texts):
        problems.append(_("Text may not contain NUL characters or unpaired surrogates."))
    return problems


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
    if draft["type"] not in TYPES:
        return [_("Unknown question type %(type)r.") % {"type": draft["type"]}]
    if draft["kind"] not in KINDS:
        problems.append(_("Choose the bank: theory, dates or causes."))
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
    qtype = draft["type"]
    if qtype == QuestionType.DATE:
        try:
            parse_partial_date(draft.get("date") or "")
        except ValueError:
            problems.append(_("Give the date as YYYY, YYYY-MM or YYYY-MM-DD, for example 2008-08-07."))
            return problems
    if qtype == QuestionType.ORDERING and not 3 <= len(draft.get("items") or []) <= 6:
        problems.append(_("An ordering question needs 3 to 6 events."))
        return problems
    if qtype == QuestionType.MATCHING and any(not p.get("item") or not p.get("category")
                                              for p in draft.get("pairs") or []):
        problems.append(_("Every matching item needs a category."))
        return problems
    problems += [str(p) for p in kind_of(qtype).problems(problem_snapshot(draft))]
    return problems


def unique_slug(queryset, base: str, fallback: str = "question") -> str:
    """`base` as a slug, with -2, -3 … added until no row of `queryset` has it."""
    base = slugify(base)[:80] or fallback
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def question_save(*, course: Course, draft: dict, question: Question | None = None) -> Question:
    """Create or update a question and replace its answer-key rows from a
    validated draft. Attempts already made keep their own snapshots."""
    lesson = Lesson.objects.filter(chapter__course=course, slug=draft.get("lesson")).first() \
        if draft.get("lesson") else None
    fields = {
        "type": draft["type"], "kind": draft["kind"], "stem": draft["stem"].strip(),
        "explanation": (draft.get("explanation") or "").strip(), "points": draft.get("points", 1),
        "lesson": lesson, "anchor": draft.get("anchor", "") if lesson else "",
        "true_false_answer": draft.get("answer") if draft["type"] == QuestionType.TRUE_FALSE else None,
    }
    if question is None:
        question = Question.objects.create(course=course, slug=draft.get("slug") or unique_slug(
            Question.objects.filter(course=course), f"{draft['kind']}-{draft['stem'][:40]}"), **fields)
    else:
        for name, value in fields.items():
            setattr(question, name, value)
        if draft.get("slug"):
            question.slug = draft["slug"]
        question.save()
    for model in (Option, OrderingItem, MatchPair, AcceptedAnswer, DateKey):
        model.objects.filter(question=question).delete()
    qtype = draft["type"]
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        Option.objects.bulk_create([
            Option(question=question, position=i, text=o["text"], is_correct=bool(o.get("correct")),
                   feedback=o.get("feedback") or "") for i, o in enumerate(draft["options"], start=1)])
    elif qtype == QuestionType.ORDERING:
        OrderingItem.objects.bulk_create([OrderingItem(question=question, position=i, text=text)
                                          for i, text in enumerate(draft["items"], start=1)])
    elif qtype == QuestionType.MATCHING:
        MatchPair.objects.bulk_create([MatchPair(question=question, position=i, item=p["item"], category=p["category"])
                                       for i, p in enumerate(draft["pairs"], start=1)])
    elif qtype == QuestionType.SHORT:
        AcceptedAnswer.objects.bulk_create([AcceptedAnswer(question=question, text=a) for a in draft["accepted"]])
    elif qtype == QuestionType.DATE:
        date, precision = parse_partial_date(draft["date"])
        DateKey.objects.create(question=question, date=date, precision=precision)
    question.tags.set([Tag.objects.get_or_create(slug=t)[0] for t in sorted(_tag_slugs(draft))])
    return question


def _free_slug(taken: set[str], base: str, fallback: str = "question") -> str:
    """`unique_slug` against a set of slugs already read."""
    base = slugify(base)[:80] or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _tags_in(slugs: set[str]) -> list[Tag]:
    ordered = sorted(slugs)
    # Chunks keep `IN (…)` under SQLite's limit on query parameters.
    return [tag for i in range(0, len(ordered), 500) for tag in Tag.objects.filter(slug__in=ordered[i:i + 500])]


def _tags_by_slug(slugs: set[str]) -> dict[str, Tag]:
    """The tags with these slugs, created where missing (tags are shared by every course)."""
    found = {tag.slug: tag for tag in _tags_in(slugs)}
    missing = slugs - set(found)
    if missing:
        # ignore_conflicts: another import may create the same tag meanwhile.
        Tag.objects.bulk_create([Tag(slug=slug) for slug in sorted(missing)], ignore_conflicts=True)
        found.update({tag.slug: tag for tag in _tags_in(missing)})
    return found


@transaction.atomic
def questions_create(*, course: Course, drafts: list[dict]) -> list[Question]:
    """Create new questions from validated drafts (an import) with a number of
    queries that does not grow with the number of questions: bulk inserts of
    the questions, then of each kind of part, then of their tags. A slug
    already taken (or left blank) is replaced by a fresh one."""
    known = CourseIndex.of(course)
    questions = []
    for draft in drafts:
        slug = draft.get("slug")
        if not slug or slug in known.slugs:
            slug = _free_slug(known.slugs, f"{draft['kind']}-{draft['stem'][:40]}")
        known.slugs.add(slug)
        lesson_id = known.lessons.get(draft.get("lesson") or "")
        questions.append(Question(
            course=course, slug=slug, type=draft["type"], kind=draft["kind"], stem=draft["stem"].strip(),
            explanation=(draft.get("explanation") or "").strip(), points=draft.get("points", 1),
            lesson_id=lesson_id, anchor=draft.get("anchor", "") if lesson_id else "",
            true_false_answer=draft.get("answer") if draft["type"] == QuestionType.TRUE_FALSE else None))
    Question.objects.bulk_create(questions)

    options, items, pairs, accepted, dates = [], [], [], [], []
    for question, draft in zip(questions, drafts, strict=True):
        qtype = draft["type"]
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            options += [Option(question=question, position=i, text=o["text"], is_correct=bool(o.get("correct")),
                               feedback=o.get("feedback") or "") for i, o in enumerate(draft["options"], start=1)]
        elif qtype == QuestionType.ORDERING:
            items += [OrderingItem(question=question, position=i, text=text)
                      for i, text in enumerate(draft["items"], start=1)]
        elif qtype == QuestionType.MATCHING:
            pairs += [MatchPair(question=question, position=i, item=p["item"], category=p["category"])
                      for i, p in enumerate(draft["pairs"], start=1)]
        elif qtype == QuestionType.SHORT:
            accepted += [AcceptedAnswer(question=question, text=a) for a in draft["accepted"]]
        elif qtype == QuestionType.DATE:
            date, precision = parse_partial_date(draft["date"])
            dates.append(DateKey(question=question, date=date, precision=precision))
    for model, rows in ((Option, options), (OrderingItem, items), (MatchPair, pairs), (AcceptedAnswer, accepted),
                        (DateKey, dates)):
        model.objects.bulk_create(rows)

    tag_slugs = [_tag_slugs(draft) for draft in drafts]
    tags = _tags_by_slug(set().union(*tag_slugs)) if drafts else {}
    Question.tags.through.objects.bulk_create([
        Question.tags.through(question_id=question.pk, tag_id=tags[slug].pk)
        for question, slugs in zip(questions, tag_slugs, strict=True) for slug in slugs])
    return questions


def _tag_slugs(draft: dict) -> set[str]:
    return {slugify(t) for t in draft.get("tags") or [] if slugify(t)} | {draft["kind"]}
