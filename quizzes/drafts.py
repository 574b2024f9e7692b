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

`draft_problems` says why a draft could not be saved; `question_save` writes
one (new or existing question) in a transaction.
"""

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


def draft_problems(draft: dict, course: Course, *, existing: Question | None = None) -> list[str]:
    """Everything that stops this draft being saved as a gradeable question."""
    problems = []
    if draft.get("type") not in TYPES:
        return [_("Unknown question type %(type)r.") % {"type": draft.get("type")}]
    if draft.get("kind") not in KINDS:
        problems.append(_("Choose the bank: theory, dates or causes."))
    if not (draft.get("stem") or "").strip():
        problems.append(_("Write the question."))
    if not isinstance(draft.get("points"), int) or draft["points"] < 1:
        problems.append(_("Points must be a whole number of at least 1."))
    slug = draft.get("slug") or ""
    if slug and slugify(slug) != slug:
        problems.append(_("The identifier may use only lower-case letters, digits and hyphens."))
    clash = Question.objects.filter(course=course, slug=slug)
    if slug and existing is not None:
        clash = clash.exclude(pk=existing.pk)
    if slug and clash.exists():
        problems.append(_("Another question of this course already uses the identifier %(slug)r.") % {"slug": slug})
    if draft.get("lesson"):
        lesson = Lesson.objects.filter(chapter__course=course, slug=draft["lesson"]).first()
        if lesson is None:
            problems.append(_("No lesson %(slug)r in this course.") % {"slug": draft["lesson"]})
        elif draft.get("anchor") and draft["anchor"] not in heading_ids_of(lesson):
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


def heading_ids_of(lesson: Lesson) -> set[str]:
    return set(heading_ids(render_lesson(lesson.body).headings))


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
    tags = sorted({slugify(t) for t in draft.get("tags") or [] if slugify(t)} | {draft["kind"]})
    question.tags.set([Tag.objects.get_or_create(slug=t)[0] for t in tags])
    return question
