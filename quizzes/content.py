"""Load question banks and quizzes from `content/questions/` and
`content/quizzes.toml`, after the course itself (`lessons.content`).

Dates and causes questions name timeline events and causes by slug; their
keys are computed here from that data, so the quizzes can never disagree
with the timeline or the causes.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lessons import editions
from lessons.content import CourseContent, upsert
from lessons.content_files import ContentError, ContentErrors, Entry, check_fields, read_entries
from lessons.models import Cause, Chapter, Course, Lesson, TimelineEvent
from quizzes.models import (
    FeedbackTiming, GradingMethod, Question,
    Quiz, Release, Topic, QuizQuestion, Tag,
)
from quizzes import limits
from quizzes.drafts import part_models, problem_snapshot
from quizzes.types import REGISTRY
from quizzes.types.essay import Rubric, RubricCriterion, RubricLevel

COMMON = {"slug", "type", "topic", "lesson", "anchor", "stem", "explanation"}
OPTIONAL = {"points", "tags"}
QUIZ_FIELDS = {"slug", "title", "topic"}
QUIZ_TITLE = Quiz._meta.get_field("title").max_length
QUIZ_OPTIONAL = {"description", "chapter", "questions", "draw", "draw_tags", "attempts", "time_limit",
                 "grading", "pass_mark", "feedback", "shuffle_questions", "published",
                 "position", "release"}


@dataclass
class QuestionDraft:
    """A validated question: its fields and its answer-key rows, unsaved."""

    entry: Entry
    fields: dict
    rows: dict  # part model → [row dicts]; "event" and "cause" name timeline events and causes by slug
    zh: dict = field(default_factory=dict)  # the Chinese edition's texts (Question.zh_hant)


def _draft(entry: Entry, content: CourseContent, errors: list[ContentError]) -> QuestionDraft | None:
    d = entry.data
    qtype = REGISTRY.get(d.get("type")) if isinstance(d.get("type"), str) else None
    if qtype is None:
        errors.append(entry.error("type", f"type must be one of {', '.join(REGISTRY)}"))
        return None
    common = COMMON - {"explanation"} if qtype.manual else COMMON  # an essay's explanation is optional
    if not check_fields(entry, common, OPTIONAL | {"explanation"} | qtype.content_keys, errors):
        return None
    d.setdefault("explanation", "")
    if d["topic"] not in ("theory", "dates", "causes"):
        errors.append(entry.error("topic", "topic must be theory, dates or causes"))
    content.check_link(entry, errors, anchor_required=True)
    before = len(errors)
    fields, rows, parts = qtype.content_parts(entry, content, errors)
    as_draft = {"type": qtype.code, "stem": d["stem"], "explanation": d["explanation"], "tags": d.get("tags"), **parts}
    for problem in limits.draft_length_problems(as_draft):
        errors.append(entry.error(None, f"question {d['slug']!r}: {problem}"))
    if len(errors) == before:
        for problem in qtype.problems(problem_snapshot(as_draft)):
            errors.append(entry.error(None, f"question {d['slug']!r}: {problem}"))
    question_fields = {"type": qtype.code, "topic": d["topic"], "stem": d["stem"].strip(),
                       "explanation": d["explanation"].strip(), "points": d.get("points", 1), "anchor": d["anchor"]}
    for registered in REGISTRY.values():  # every type's own Question fields, cleared unless this type sets them
        question_fields.update(registered.question_fields({}))
    return QuestionDraft(entry, {**question_fields, **fields}, rows)


def read_rubrics(root: Path, errors: list[ContentError]) -> list[Entry]:
    """`rubrics.toml`: each rubric's criteria, each criterion's levels (points and description)."""
    path = root / "rubrics.toml"
    rubrics = read_entries(path, "rubric", errors) if path.exists() else []
    seen = set()
    for rubric in rubrics:
        if not check_fields(rubric, {"slug", "title", "criterion"}, set(), errors):
            continue
        if rubric.data["slug"] in seen:
            errors.append(rubric.error("slug", f"duplicate rubric slug {rubric.data['slug']!r}"))
        seen.add(rubric.data["slug"])
        criteria = rubric.data["criterion"]
        if not isinstance(criteria, list) or not criteria:
            errors.append(rubric.error("criterion", "a rubric needs at least one [[rubric.criterion]]"))
            continue
        slugs = set()
        for criterion in criteria:
            if not isinstance(criterion, dict) or set(criterion) - {"slug", "title", "description", "level"} \
                    or not {"slug", "title", "level"} <= set(criterion):
                errors.append(rubric.error("criterion", "each criterion has slug, title, description and levels"))
                continue
            if criterion["slug"] in slugs:
                errors.append(rubric.error("criterion", f"duplicate criterion slug {criterion['slug']!r}"))
            slugs.add(criterion["slug"])
            levels = criterion["level"]
            if not isinstance(levels, list) or len(levels) < 2 or not all(
                    isinstance(lv, dict) and set(lv) == {"points", "description"}
                    and isinstance(lv["points"], int) and not isinstance(lv["points"], bool) and 0 <= lv["points"] <= 100
                    and isinstance(lv["description"], str) for lv in levels):
                errors.append(rubric.error("criterion", f"criterion {criterion['slug']!r} needs at least two "
                                                        "[[rubric.criterion.level]] with points (0 to 100) and a description"))
    return rubrics


def _text(entry: Entry, data: dict, key: str, errors: list[ContentError], where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        errors.append(entry.error(None, f"{where}: {key} must be text"))
        return ""
    return value.strip()


def _read_rubric_variants(rubrics: list[Entry], path: Path, errors: list[ContentError]) -> dict[str, dict]:
    """`rubrics.zh-hant.toml`: each rubric's title, its criteria's titles and descriptions and their levels'
    descriptions, criterion by criterion and level by level as in English. Points are the English file's."""
    found = {}
    for english, variant in editions.paired_entries(rubrics, path, "rubric", errors):
        v = variant.data
        for key in sorted(set(v) - {"slug", "title", "criterion"}):
            errors.append(variant.error(key, f"unknown field {key!r} in a translation of a rubric (a rubric's "
                                             "translation has title and its criteria)"))
        criteria, wanted = v.get("criterion", []), english.data["criterion"]
        if not isinstance(criteria, list) or len(criteria) != len(wanted):
            errors.append(variant.error("criterion", f"the rubric has {len(wanted)} [[rubric.criterion]] in English; "
                                                     "translate each, in the same order"))
            continue
        translated = []
        for number, (criterion, english_criterion) in enumerate(zip(criteria, wanted, strict=True), start=1):
            where = f"criterion {number} ({english_criterion['slug']!r})"
            for key in sorted(set(criterion) - {"slug", "title", "description", "level"}):
                errors.append(variant.error(None, f"{where}: unknown field {key!r} (points are the English file's)"))
            if criterion.get("slug", english_criterion["slug"]) != english_criterion["slug"]:
                errors.append(variant.error(None, f"{where}: slug {criterion['slug']!r} where the English has "
                                                  f"{english_criterion['slug']!r}"))
            levels = criterion.get("level", [])
            if not isinstance(levels, list) or len(levels) != len(english_criterion["level"]):
                errors.append(variant.error(None, f"{where}: {len(english_criterion['level'])} "
                                                  "[[rubric.criterion.level]] in English; translate each, in order"))
                continue
            for level in levels:
                for key in sorted(set(level) - {"description"}):
                    errors.append(variant.error(None, f"{where}: a level's {key!r} is the English file's; a "
                                                      "translation gives its description only"))
            translated.append({"title": _text(variant, criterion, "title", errors, where),
                               "description": _text(variant, criterion, "description", errors, where),
                               "levels": [_text(variant, level, "description", errors, where) for level in levels]})
        found[english.data["slug"]] = {"title": _text(variant, v, "title", errors, "the rubric"),
                                       "criteria": translated}
    return found


def _rubric_points(entry: Entry) -> int:
    return sum(max(lv["points"] for lv in c["level"]) for c in entry.data["criterion"])


def read_questions(root: Path, content: CourseContent) -> tuple[list[QuestionDraft], list[Entry]]:
    errors: list[ContentError] = []
    rubrics = read_rubrics(root, errors)
    content.rubric_entries = [] if errors else rubrics
    content.rubrics = {} if errors else {r.data["slug"]: _rubric_points(r) for r in rubrics}
    if not errors and editions.variant_of(root / "rubrics.toml").exists():
        content.zh["rubric"] = _read_rubric_variants(rubrics, editions.variant_of(root / "rubrics.toml"), errors)
    entries: list[Entry] = []
    for path in editions.english_files(sorted((root / "questions").glob("*.toml"))):
        entries += read_entries(path, "question", errors)
    drafts = [draft for entry in entries if (draft := _draft(entry, content, errors))]
    _read_question_variants(drafts, entries, content, errors)
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
        if q["topic"] not in Topic.values:
            errors.append(quiz.error("topic", f"topic must be one of {', '.join(Topic.values)}"))
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
            elif q.get("time_limit") and REGISTRY.get(seen[slug].data.get("type")) and \
                    REGISTRY[seen[slug].data["type"]].manual:
                errors.append(quiz.error("questions", f"a timed quiz holds no essays ({slug!r})"))
        if q.get("grading", "highest") not in GradingMethod.values:
            errors.append(quiz.error("grading", f"grading must be one of {', '.join(GradingMethod.values)}"))
        if q.get("release", Release.IMMEDIATE) not in Release.values:
            errors.append(quiz.error("release", f"release must be one of {', '.join(Release.values)}"))
        if q.get("feedback", "after_submit") not in FeedbackTiming.values:
            errors.append(quiz.error("feedback", f"feedback must be one of {', '.join(FeedbackTiming.values)}"))
        if not 0 <= q.get("pass_mark", 60) <= 100:
            errors.append(quiz.error("pass_mark", "pass_mark is a percentage, 0 to 100"))
    for slug, texts in editions.read_variant_entries(quizzes, "quiz", "quiz", errors).items():
        content.zh.setdefault("quiz", {})[slug] = texts
    if errors:
        raise ContentErrors(errors)
    return drafts, quizzes


def _read_question_variants(drafts: list[QuestionDraft], entries: list[Entry], content: CourseContent,
                            errors: list[ContentError]) -> None:
    """Each question's `.zh-hant` entry: the same slugs in the same order, no key
    field, and the type's own parts mirrored (`QuestionType.content_translation`)."""
    draft_of = {id(d.entry): d for d in drafts}
    by_file: dict[Path, list[Entry]] = {}
    for entry in entries:
        by_file.setdefault(entry.path, []).append(entry)
    for path, english in by_file.items():
        variant_path = editions.variant_of(path)
        if not variant_path.exists():
            continue
        for entry, variant in editions.paired_entries(english, variant_path, "question", errors):
            draft = draft_of.get(id(entry))
            if draft is None:
                continue
            qtype = REGISTRY[draft.fields["type"]]
            allowed = {"stem", "explanation"} | qtype.translatable_keys
            editions.key_field_errors(variant, {k: v for k, v in variant.data.items() if k not in allowed}, "", errors)
            unknown = set(variant.data) - allowed - {"slug"} - editions.KEY_FIELDS
            for key in sorted(unknown):
                errors.append(variant.error(key, f"unknown field {key!r} in a translation of a {qtype.code} question"))
            texts = {k: variant.data[k].strip() for k in ("stem", "explanation") if isinstance(variant.data.get(k), str)}
            for key in ("stem", "explanation"):
                if key in variant.data and not isinstance(variant.data[key], str):
                    errors.append(variant.error(key, f"{key} must be text"))
            texts.update(qtype.content_translation(entry, variant, content, draft.rows, errors))
            draft.zh = texts


REFERENCES = ("event", "cause", "rubric")


def write_rubrics(course: Course, rubrics: list[Entry], report: Counter, zh: dict | None = None) -> dict[str, int]:
    """Rubrics by slug, updated in place; a grade already given keeps its own copy of the rubric."""
    ids = {}
    for entry in rubrics:
        d = entry.data
        rubric = upsert(Rubric, {"course": course, "slug": d["slug"]},
                        {"title": d["title"], "zh_hant": (zh or {}).get(d["slug"], {})}, report)
        ids[d["slug"]] = rubric.pk
        wanted = [(c["slug"], c["title"], c.get("description", "").strip(),
                   [(lv["points"], lv["description"].strip()) for lv in c["level"]]) for c in d["criterion"]]
        current = [(c.slug, c.title, c.description, [(lv.points, lv.description) for lv in c.levels.all()])
                   for c in rubric.criteria.prefetch_related("levels")]
        if current != wanted:
            rubric.criteria.all().delete()
            for position, (slug, title, description, levels) in enumerate(wanted, start=1):
                criterion = RubricCriterion.objects.create(rubric=rubric, position=position, slug=slug, title=title,
                                                           description=description)
                RubricLevel.objects.bulk_create([RubricLevel(criterion=criterion, position=i, points=points,
                                                             description=text)
                                                 for i, (points, text) in enumerate(levels, start=1)])
            report[("rubrics", "rewritten")] += 1
    return ids


def _replace_rows(model, question: Question, wanted: list[dict], report: Counter) -> None:
    """Make the question's key rows equal `wanted`; touch nothing when they already are."""
    fields = list(wanted[0]) if wanted else []
    current = [{f: getattr(row, f + "_id" if f in REFERENCES else f) for f in fields}
               for row in model.objects.filter(question=question).order_by("pk")]
    if current == wanted and (wanted or not model.objects.filter(question=question).exists()):
        return
    model.objects.filter(question=question).delete()
    model.objects.bulk_create([model(question=question, **{
        (f + "_id" if f in REFERENCES else f): v for f, v in row.items()}) for row in wanted])
    report[(str(model._meta.verbose_name_plural), "rewritten")] += 1


def write_questions(course: Course, lessons: dict[str, Lesson], drafts: list[QuestionDraft],
                    quizzes: list[Entry], report: Counter, zh: dict | None = None,
                    rubrics: list[Entry] = ()) -> None:
    events = dict(TimelineEvent.objects.filter(course=course).values_list("slug", "pk"))
    causes = dict(Cause.objects.filter(course=course).values_list("slug", "pk"))
    rubric_ids = write_rubrics(course, list(rubrics), report, (zh or {}).get("rubric"))
    questions: dict[str, Question] = {}
    for draft in drafts:
        d = draft.entry.data
        question = upsert(Question, {"course": course, "slug": d["slug"]},
                          {**draft.fields, "lesson": lessons[d["lesson"]], "zh_hant": draft.zh}, report)
        questions[d["slug"]] = question
        tags = sorted(set(d.get("tags", [])) | {d["topic"]})
        if sorted(question.tags.values_list("slug", flat=True)) != tags:
            question.tags.set([Tag.objects.get_or_create(slug=t)[0] for t in tags])
        for model in part_models():
            wanted = [{**row, **{name: refs[row[name]] if row[name] else None
                                 for name, refs in (("event", events), ("cause", causes), ("rubric", rubric_ids))
                                 if name in row}}
                      for row in draft.rows.get(model, [])]
            _replace_rows(model, question, wanted, report)

    chapters = {c.number: c for c in Chapter.objects.filter(course=course)}
    for position, entry in enumerate(quizzes, start=1):
        q = entry.data
        quiz = upsert(Quiz, {"course": course, "slug": q["slug"]}, {
            "title": q["title"], "topic": q["topic"], "description": q.get("description", "").strip(),
            "chapter": chapters.get(q.get("chapter")), "draw_count": q.get("draw", 0),
            "attempts_allowed": q.get("attempts", 0), "time_limit_minutes": q.get("time_limit"),
            "grading_method": q.get("grading", GradingMethod.HIGHEST), "pass_mark": q.get("pass_mark", 60),
            "feedback_timing": q.get("feedback", FeedbackTiming.AFTER_SUBMIT),
            "shuffle_questions": q.get("shuffle_questions", False), "release": q.get("release", Release.IMMEDIATE),
            "published": q.get("published", True), "position": q.get("position", position),
            "zh_hant": (zh or {}).get("quiz", {}).get(q["slug"], {}),
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


