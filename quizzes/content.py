"""Load question banks and quizzes from `content/questions/` and
`content/quizzes.toml`, after the course itself (`lessons.content`).

Dates and causes questions name timeline events and causes by slug; their
keys are computed here from that data, so the quizzes can never disagree
with the timeline or the causes.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lessons.content import CourseContent, upsert
from lessons.content_files import ContentError, ContentErrors, Entry, check_fields, parse_partial_date, read_entries
from lessons.models import Cause, CauseKind, Chapter, Course, Lesson, TimelineEvent
from quizzes.models import (
    AcceptedAnswer, DateKey, FeedbackTiming, GradingMethod, MatchPair, Option, OrderingItem, Question,
    Quiz, QuizKind, QuizQuestion, Tag,
)
from quizzes import limits
from quizzes.drafts import problem_snapshot
from quizzes.question_types import kind_of

COMMON = {"slug", "type", "kind", "lesson", "anchor", "stem", "explanation"}
OPTIONAL = {"points", "tags"}
BY_TYPE = {
    "single": {"option", "which", "cause_kind"},
    "multiple": {"option", "cause_kind"},
    "truefalse": {"answer"},
    "ordering": {"events", "items"},
    "date": {"event"},
    "matching": {"pair"},
    "short": {"accepted"},
}
QUIZ_FIELDS = {"slug", "title", "kind"}
QUIZ_TITLE = Quiz._meta.get_field("title").max_length
QUIZ_OPTIONAL = {"description", "chapter", "questions", "draw", "draw_tags", "attempts", "time_limit",
                 "grading", "pass_mark", "feedback", "shuffle_questions", "published",
                 "position"}


@dataclass
class QuestionDraft:
    """A validated question: its fields and its answer-key rows, unsaved."""

    entry: Entry
    fields: dict
    options: list[dict]
    items: list[dict]
    pairs: list[dict]
    date: dict | None
    accepted: list[str]


def _event_sort_key(event: Entry):
    date, precision = parse_partial_date(event.data["date"])
    return date, precision


def _comparable(a: Entry, b: Entry) -> bool:
    """Two events can be ordered when they differ at the coarser precision."""
    (da, pa), (db, pb) = _event_sort_key(a), _event_sort_key(b)
    coarse = "year" if "year" in (pa, pb) else "month" if "month" in (pa, pb) else "day"
    key = {"year": lambda d: (d.year,), "month": lambda d: (d.year, d.month), "day": lambda d: (d.year, d.month, d.day)}
    return key[coarse](da) != key[coarse](db)


def _draft(entry: Entry, content: CourseContent, errors: list[ContentError]) -> QuestionDraft | None:
    d = entry.data
    qtype = d.get("type")
    if qtype not in BY_TYPE:
        errors.append(entry.error("type", f"type must be one of {', '.join(BY_TYPE)}"))
        return None
    if not check_fields(entry, COMMON, OPTIONAL | BY_TYPE[qtype], errors):
        return None
    if d["kind"] not in ("theory", "dates", "causes"):
        errors.append(entry.error("kind", "kind must be theory, dates or causes"))
    as_texts = {"stem": d["stem"], "explanation": d["explanation"], "options": d.get("option"),
                "items": d.get("items"), "pairs": d.get("pair"), "accepted": d.get("accepted"), "tags": d.get("tags")}
    for problem in limits.draft_length_problems(as_texts):
        errors.append(entry.error(None, f"question {d['slug']!r}: {problem}"))
    content.check_link(entry, errors, anchor_required=True)
    events, causes = content.event_by_slug, content.cause_by_slug
    draft = QuestionDraft(entry, {
        "type": qtype, "kind": d["kind"], "stem": d["stem"].strip(), "explanation": d["explanation"].strip(),
        "points": d.get("points", 1), "anchor": d["anchor"], "true_false_answer": None,
    }, [], [], [], None, [])
    before = len(errors)

    if qtype in ("single", "multiple"):
        for index, option in enumerate(d.get("option", []), start=1):
            extra = set(option) - {"text", "correct", "feedback", "event", "cause"}
            if extra:
                errors.append(entry.error("option", f"option {index}: unknown field(s) {', '.join(sorted(extra))}"))
                continue
            row = {"position": index, "text": option.get("text", ""), "is_correct": bool(option.get("correct")),
                   "feedback": option.get("feedback", ""), "event": option.get("event"), "cause": option.get("cause")}
            if row["event"]:
                if row["event"] not in events:
                    errors.append(entry.error("event", f"option {index}: unknown timeline event {row['event']!r}"))
                    continue
                row["text"] = row["text"] or events[row["event"]].data["title"]
            if row["cause"]:
                if row["cause"] not in causes:
                    errors.append(entry.error("cause", f"option {index}: unknown cause {row['cause']!r}"))
                    continue
                row["text"] = row["text"] or causes[row["cause"]].data["title"]
            if not row["text"]:
                errors.append(entry.error("option", f"option {index} has no text"))
            draft.options.append(row)
        which, cause_kind = d.get("which"), d.get("cause_kind")
        if which:
            dated = [o for o in draft.options if o["event"]]
            if which not in ("earliest", "latest") or len(dated) != len(draft.options):
                errors.append(entry.error("which", "'which' needs 'earliest' or 'latest' and an event on every option"))
            else:
                ordered = sorted(dated, key=lambda o: _event_sort_key(events[o["event"]]))
                pick = ordered[0] if which == "earliest" else ordered[-1]
                rivals = [o for o in dated if o is not pick]
                if any(not _comparable(events[pick["event"]], events[o["event"]]) for o in rivals):
                    errors.append(entry.error("which", "two options tie at their dates' precision"))
                for option in draft.options:
                    option["is_correct"] = option is pick
        if cause_kind:
            if cause_kind not in CauseKind.values:
                errors.append(entry.error("cause_kind", f"unknown cause kind {cause_kind!r}"))
            for option in draft.options:
                if option["cause"]:
                    option["is_correct"] = causes[option["cause"]].data["kind"] == cause_kind
    elif qtype == "truefalse":
        if not isinstance(d.get("answer"), bool):
            errors.append(entry.error("answer", "a truefalse question needs answer = true or false"))
        draft.fields["true_false_answer"] = d.get("answer")
    elif qtype == "ordering":
        if "events" in d:
            missing = [slug for slug in d["events"] if slug not in events]
            if missing:
                errors.append(entry.error("events", f"unknown timeline event(s): {', '.join(missing)}"))
            else:
                chosen = sorted((events[s] for s in d["events"]), key=_event_sort_key)
                for first, second in zip(chosen, chosen[1:], strict=False):
                    if not _comparable(first, second):
                        errors.append(entry.error("events", f"events {first.data['slug']!r} and "
                                                            f"{second.data['slug']!r} tie at their precision"))
                draft.items = [{"position": i, "text": e.data["title"], "event": e.data["slug"]}
                               for i, e in enumerate(chosen, start=1)]
        else:
            draft.items = [{"position": i, "text": text, "event": None}
                           for i, text in enumerate(d.get("items", []), start=1)]
        if not 3 <= len(draft.items) <= 6 and not (len(errors) > before):
            errors.append(entry.error("events" if "events" in d else "items", "an ordering question needs 3 to 6 items"))
    elif qtype == "date":
        event = events.get(d.get("event"))
        if event is None:
            errors.append(entry.error("event", f"unknown timeline event {d.get('event')!r}"))
        else:
            date, precision = parse_partial_date(event.data["date"])
            draft.date = {"date": date, "precision": precision, "event": event.data["slug"]}
    elif qtype == "matching":
        for index, pair in enumerate(d.get("pair", []), start=1):
            if "cause" in pair:
                cause = causes.get(pair["cause"])
                if cause is None:
                    errors.append(entry.error("cause", f"pair {index}: unknown cause {pair['cause']!r}"))
                    continue
                label = str(CauseKind(cause.data["kind"]).label)
                draft.pairs.append({"position": index, "item": cause.data["title"],
                                    "category": label[:1].upper() + label[1:], "cause": pair["cause"]})
            elif {"item", "category"} <= set(pair):
                draft.pairs.append({"position": index, "item": pair["item"], "category": pair["category"],
                                    "cause": None})
            else:
                errors.append(entry.error("pair", f"pair {index} needs either cause, or item and category"))
    elif qtype == "short":
        accepted = d.get("accepted")
        if not isinstance(accepted, list) or not all(isinstance(a, str) for a in accepted):
            errors.append(entry.error("accepted", "accepted must be a list of strings"))
        else:
            draft.accepted = accepted

    if len(errors) == before:
        as_draft = {"options": [{"correct": o["is_correct"]} for o in draft.options], "items": draft.items, "pairs": draft.pairs,
                    "accepted": draft.accepted, "answer": draft.fields["true_false_answer"],
                    "date": d.get("event") and content.event_by_slug[d["event"]].data["date"]}
        for problem in kind_of(qtype).problems(problem_snapshot(as_draft)):
            errors.append(entry.error(None, f"question {d['slug']!r}: {problem}"))
    return draft


def read_questions(root: Path, content: CourseContent) -> tuple[list[QuestionDraft], list[Entry]]:
    errors: list[ContentError] = []
    entries: list[Entry] = []
    for path in sorted((root / "questions").glob("*.toml")):
        entries += read_entries(path, "question", errors)
    drafts = [draft for entry in entries if (draft := _draft(entry, content, errors))]
    seen: dict[str, Entry] = {}
    for entry in entries:
        slug = entry.data.get("slug")
        if slug in seen:
            errors.append(entry.error("slug", f"duplicate question slug {slug!r} (also at {seen[slug].path}:{seen[slug].line})"))
        seen[slug] = entry

    quizzes_path = root / "quizzes.toml"
    quizzes = read_entries(quizzes_path, "quiz", errors) if quizzes_path.exists() else []
    chapters = {c["number"] for c in content.chapters}
    for quiz in quizzes:
        if not check_fields(quiz, QUIZ_FIELDS, QUIZ_OPTIONAL, errors):
            continue
        q = quiz.data
        if q["kind"] not in QuizKind.values:
            errors.append(quiz.error("kind", f"kind must be one of {', '.join(QuizKind.values)}"))
        for key, limit in (("title", QUIZ_TITLE), ("description", limits.QUIZ_DESCRIPTION)):
            if isinstance(q.get(key), str) and len(q[key]) > limit:
                errors.append(quiz.error(key, limits.too_long(key, q[key], limit)))
        if "chapter" in q and q["chapter"] not in chapters:
            errors.append(quiz.error("chapter", f"no chapter {q['chapter']!r}"))
        if bool(q.get("questions")) == bool(q.get("draw")):
            errors.append(quiz.error(None, "give either 'questions' (fixed) or 'draw' (N at random)"))
        for slug in q.get("questions", []):
            if slug not in seen:
                errors.append(quiz.error("questions", f"unknown question {slug!r}"))
        if q.get("grading", "highest") not in GradingMethod.values:
            errors.append(quiz.error("grading", f"grading must be one of {', '.join(GradingMethod.values)}"))
        if q.get("feedback", "after_submit") not in FeedbackTiming.values:
            errors.append(quiz.error("feedback", f"feedback must be one of {', '.join(FeedbackTiming.values)}"))
        if not 0 <= q.get("pass_mark", 60) <= 100:
            errors.append(quiz.error("pass_mark", "pass_mark is a percentage, 0 to 100"))
    if errors:
        raise ContentErrors(errors)
    return drafts, quizzes


def _replace_rows(model, question: Question, wanted: list[dict], report: Counter) -> None:
    """Make the question's key rows equal `wanted`; touch nothing when they already are."""
    fields = list(wanted[0]) if wanted else []
    current = [{f: getattr(row, f + "_id" if f in ("event", "cause") else f) for f in fields}
               for row in model.objects.filter(question=question).order_by("pk")]
    if current == wanted and (wanted or not model.objects.filter(question=question).exists()):
        return
    model.objects.filter(question=question).delete()
    model.objects.bulk_create([model(question=question, **{
        (f + "_id" if f in ("event", "cause") else f): v for f, v in row.items()}) for row in wanted])
    report[(str(model._meta.verbose_name_plural), "rewritten")] += 1


def write_questions(course: Course, lessons: dict[str, Lesson], drafts: list[QuestionDraft],
                    quizzes: list[Entry], report: Counter) -> None:
    events = dict(TimelineEvent.objects.filter(course=course).values_list("slug", "pk"))
    causes = dict(Cause.objects.filter(course=course).values_list("slug", "pk"))
    questions: dict[str, Question] = {}
    for draft in drafts:
        d = draft.entry.data
        question = upsert(Question, {"course": course, "slug": d["slug"]},
                          {**draft.fields, "lesson": lessons[d["lesson"]]}, report)
        questions[d["slug"]] = question
        tags = sorted(set(d.get("tags", [])) | {d["kind"]})
        if sorted(question.tags.values_list("slug", flat=True)) != tags:
            question.tags.set([Tag.objects.get_or_create(slug=t)[0] for t in tags])
        _replace_rows(Option, question, [{**o, "event": events.get(o["event"]), "cause": causes.get(o["cause"])}
                                         for o in draft.options], report)
        _replace_rows(OrderingItem, question, [{**i, "event": events.get(i["event"])} for i in draft.items], report)
        _replace_rows(MatchPair, question, [{**p, "cause": causes.get(p["cause"])} for p in draft.pairs], report)
        _replace_rows(AcceptedAnswer, question, [{"text": a} for a in draft.accepted], report)
        if draft.date:
            upsert(DateKey, {"question": question}, {"date": draft.date["date"], "precision": draft.date["precision"],
                                                     "event_id": events[draft.date["event"]]}, report)
        else:
            DateKey.objects.filter(question=question).delete()

    chapters = {c.number: c for c in Chapter.objects.filter(course=course)}
    for position, entry in enumerate(quizzes, start=1):
        q = entry.data
        quiz = upsert(Quiz, {"course": course, "slug": q["slug"]}, {
            "title": q["title"], "kind": q["kind"], "description": q.get("description", "").strip(),
            "chapter": chapters.get(q.get("chapter")), "draw_count": q.get("draw", 0),
            "attempts_allowed": q.get("attempts", 0), "time_limit_minutes": q.get("time_limit"),
            "grading_method": q.get("grading", GradingMethod.HIGHEST), "pass_mark": q.get("pass_mark", 60),
            "feedback_timing": q.get("feedback", FeedbackTiming.AFTER_SUBMIT),
            "shuffle_questions": q.get("shuffle_questions", False),
            "published": q.get("published", True), "position": q.get("position", position),
        }, report)
        wanted = [questions[slug].pk if slug in questions else Question.objects.get(course=course, slug=slug).pk
                  for slug in q.get("questions", [])]
        current = list(quiz.quiz_questions.order_by("position").values_list("question_id", flat=True))
        if current != wanted:
            quiz.quiz_questions.all().delete()
            QuizQuestion.objects.bulk_create([QuizQuestion(quiz=quiz, question_id=pk, position=i)
                                              for i, pk in enumerate(wanted, start=1)])
            report[("quiz questions", "rewritten")] += 1
        tags = sorted(q.get("draw_tags", []))
        if sorted(quiz.draw_tags.values_list("slug", flat=True)) != tags:
            quiz.draw_tags.set([Tag.objects.get_or_create(slug=t)[0] for t in tags])


