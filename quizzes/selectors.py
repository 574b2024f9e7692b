"""Reads for the quiz pages and the student's progress: what a student is
allowed on a quiz (dates, attempts, time), the questions an attempt draws,
whether its feedback shows, summaries of a student's attempts and the review
of one attempt; and, for the instructor area, the courses on its home and
what a quiz or question still needs or already has."""

import datetime
import random
from dataclasses import dataclass

from django.db.models import Avg, Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.markdown import render_markdown
from lessons.models import Course
from lessons.selectors import Outline, course_outline

from quizzes.grading import quiz_grade_percent
from quizzes.models import Accommodation, Attempt, FeedbackTiming, Question, Quiz, Response, Topic
from quizzes.types import REGISTRY, get_type
from quizzes.types.base import localized


# ---- what a student is allowed -------------------------------------------------

def quiz_closed_reason(quiz: Quiz, now: datetime.datetime) -> str | None:
    if not quiz.published:
        return _("This quiz is not published.")
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz has not opened yet.")
    if quiz.closes_at and now >= quiz.closes_at:
        return _("This quiz has closed.")
    return None


def quiz_allowance(quiz: Quiz, user) -> dict:
    """Extra minutes and attempts granted to this student on this quiz."""
    totals = Accommodation.objects.filter(quiz=quiz, user=user).aggregate(
        minutes=Sum("extra_minutes"), attempts=Sum("extra_attempts"))
    return {"minutes": totals["minutes"] or 0, "attempts": totals["attempts"] or 0}


def quiz_attempts_left(quiz: Quiz, user, extra_attempts: int | None = None) -> int | None:
    """None means unlimited."""
    if not quiz.attempts_allowed:
        return None
    if extra_attempts is None:
        extra_attempts = quiz_allowance(quiz, user)["attempts"]
    used = Attempt.objects.counted().filter(quiz=quiz, user=user).count()
    return max(0, quiz.attempts_allowed + extra_attempts - used)


def attempt_open_get(quiz: Quiz, user) -> Attempt | None:
    """The student's attempt in progress on this quiz, if any."""
    return Attempt.objects.filter(quiz=quiz, user=user, submitted_at__isnull=True).first()


def attempt_time_left(attempt: Attempt, now=None) -> float | None:
    """Seconds until the attempt's deadline; None when it has none."""
    if attempt.deadline_at is None:
        return None
    return max(0.0, (attempt.deadline_at - (now or timezone.now())).total_seconds())


def attempt_feedback_visible(attempt: Attempt, now=None) -> bool:
    """May the review show which answers were right, the key and explanations?"""
    if attempt.is_open:
        return False
    if attempt.grading and not attempt.is_preview:
        return False  # awaiting grading (or release): no key, no marks
    if attempt.is_preview:
        return True
    timing = attempt.quiz.feedback_timing
    if timing in (FeedbackTiming.IMMEDIATE, FeedbackTiming.AFTER_SUBMIT):
        return True
    if timing == FeedbackTiming.AFTER_CLOSE:
        closes = attempt.quiz.closes_at
        return closes is not None and (now or timezone.now()) >= closes
    return False


def attempt_incomplete_warnings(responses) -> dict[int, str]:
    """{position: warning} for saved answers that are only part of what their
    question asks (a month and year where the full date is asked). They are
    saved as typed; the student is told before submitting them."""
    warnings = {}
    for response in responses:
        if response.answer is not None:
            warning = get_type(response.snapshot["type"]).incomplete(response.snapshot, response.answer)
            if warning:
                warnings[response.position] = warning
    return warnings


# ---- choosing questions -------------------------------------------------------

def question_types_manual() -> list[str]:
    """The codes of the types a person grades (essays): no timed or drawn quiz holds them."""
    return [code for code, qtype in REGISTRY.items() if qtype.manual]


def _question_queryset():
    kinds = REGISTRY.values()
    return Question.objects.select_related("lesson__chapter__course", *{s for k in kinds for s in k.select}) \
        .prefetch_related(*{p for k in kinds for p in k.prefetch})


def quiz_pool(quiz: Quiz):
    """The bank a drawn quiz picks from: same course, topic, chapter and tags."""
    pool = Question.objects.filter(course=quiz.course, archived=False).exclude(type__in=question_types_manual())
    if quiz.topic != Topic.MIXED:
        pool = pool.filter(topic=quiz.topic)
    if quiz.chapter_id:
        pool = pool.filter(lesson__chapter=quiz.chapter_id)
    tags = list(quiz.draw_tags.values_list("pk", flat=True))
    if tags:
        pool = pool.filter(tags__in=tags).distinct()
    return pool


def quiz_questions_draw(quiz: Quiz, rng: random.Random) -> list[Question]:
    """The questions of a new attempt, in the order it shows them: drawn from the pool, or the quiz's own list."""
    if quiz.draw_count:
        ids = sorted(quiz_pool(quiz).values_list("pk", flat=True))
        chosen = rng.sample(ids, min(quiz.draw_count, len(ids)))
        by_id = _question_queryset().in_bulk(chosen)
        questions = [by_id[pk] for pk in chosen]
    else:
        order = list(quiz.quiz_questions.values_list("question_id", flat=True))
        by_id = _question_queryset().in_bulk(order)
        questions = [by_id[pk] for pk in order]
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    return questions


# ---- the instructor area ---------------------------------------------------------

def quiz_publish_problems(quiz: Quiz) -> list[str]:
    """What the quiz still needs before students can take it (empty: nothing)."""
    if quiz.draw_count:
        if not quiz_pool(quiz).exists():
            return [_("It draws questions at random from the bank, but no question of the bank matches its topic, "
                      "chapter and tags: write or import such questions, or change what it draws from.")]
        return []
    if not quiz.quiz_questions.exists():
        return [_("It has no questions yet: add questions from the bank below, or set “Questions drawn” "
                  "to draw them at random from the bank for each attempt.")]
    return []


def quiz_has_attempts(quiz: Quiz) -> bool:
    return Attempt.objects.counted().filter(quiz=quiz).exists()


def question_has_attempts(question: Question) -> bool:
    return Response.objects.filter(question=question).exists()


# ---- summaries and reviews ------------------------------------------------------


@dataclass
class QuizSummary:
    quiz: Quiz
    attempts: list[Attempt]
    open_attempt: Attempt | None
    attempts_left: int | None
    grade: float | None
    closed_reason: str | None
    attempts_allowed: int | None = None  # with the student's extra attempts; None: unlimited
    time_limit_minutes: int | None = None  # with the student's extra time; None: no limit

    @property
    def best(self) -> float | None:
        scores = _released_percents(self.attempts)
        return max(scores) if scores else None

    @property
    def latest(self) -> float | None:
        return None if not self.attempts or self.attempts[-1].awaiting else self.attempts[-1].percent

    @property
    def awaiting(self) -> int:
        """Submitted attempts whose grade a person has not given (or released) yet."""
        return sum(1 for a in self.attempts if a.awaiting)

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade >= self.quiz.pass_mark

    @property
    def due(self) -> bool:
        return self.closed_reason is None and quiz_is_due(self.quiz, timezone.now())


def _released_percents(attempts) -> list[float]:
    """The percentages a student may see: not of attempts awaiting grading or release."""
    return [a.percent for a in attempts if a.percent is not None and not a.awaiting]


def quiz_summary(quiz: Quiz, user, now=None) -> QuizSummary:
    now = now or timezone.now()
    attempts = list(Attempt.objects.counted().filter(quiz=quiz, user=user).order_by("number"))
    submitted = [a for a in attempts if not a.is_open]
    limited = quiz.attempts_allowed or quiz.time_limit_minutes
    granted = quiz_allowance(quiz, user) if limited else {"minutes": 0, "attempts": 0}
    return QuizSummary(
        quiz=quiz, attempts=submitted,
        open_attempt=next((a for a in attempts if a.is_open), None),
        attempts_left=quiz_attempts_left(quiz, user, granted["attempts"]),
        attempts_allowed=quiz.attempts_allowed + granted["attempts"] if quiz.attempts_allowed else None,
        time_limit_minutes=quiz.time_limit_minutes + granted["minutes"] if quiz.time_limit_minutes else None,
        grade=quiz_grade_percent(quiz, _released_percents(submitted)),
        closed_reason=quiz_closed_reason(quiz, now),
    )


def attempt_review(attempt: Attempt, now=None) -> dict:
    """Everything the review page may show, honouring the feedback setting."""
    visible = attempt_feedback_visible(attempt, now)
    items = []
    for response in attempt.responses.select_related("essay_grade"):
        snapshot = localized(response.snapshot)
        qtype = get_type(snapshot["type"])
        item = {"position": response.position, "stem_html": snapshot["stem_html"], "points": snapshot["points"],
                "answer_text": qtype.describe(snapshot, response.answer), "answered": response.answer is not None,
                "manual": qtype.manual}
        if qtype.manual:
            item["answer_html"] = render_markdown(qtype.describe(snapshot, response.answer))
        if visible and qtype.manual:
            item["essay"] = _essay_result(snapshot, getattr(response, "essay_grade", None), response.snapshot)
        if visible:
            item.update(
                fraction=response.fraction, score=response.score, key_text=qtype.describe_key(snapshot),
                explanation_html=snapshot["explanation_html"], lesson_url=snapshot["lesson_url"],
                lesson_title=snapshot["lesson_title"],
                feedback_html=qtype.feedback_html(snapshot, response.answer) if response.answer else [])
        items.append(item)
    return {"feedback_visible": visible, "items": items, "awaiting": attempt.awaiting}


def _essay_result(snapshot: dict, grade, english: dict | None = None) -> dict:
    """A released essay grade as the student reads it: the level reached on each
    criterion (of the rubric it was graded under), the comments and the model answer.
    `snapshot` is the reader's edition of the question; its rubric's words are shown when the grade was given
    under that same rubric (the English `english` snapshot's), else the grade's own copy."""
    rows = []
    shown = (snapshot["key"].get("rubric") or {}).get("criteria", [])
    graded_under = (grade.rubric or {}).get("criteria") if grade is not None else None
    same = english is not None and graded_under == (english["key"].get("rubric") or {}).get("criteria")
    if grade is not None and grade.rubric:
        for number, criterion in enumerate(grade.rubric["criteria"]):
            index = grade.levels.get(criterion["slug"])
            if same and number < len(shown):
                criterion = {**criterion, "title": shown[number]["title"], "levels": [
                    {**level, "description": words.get("description", level["description"])}
                    for level, words in zip(criterion["levels"], shown[number]["levels"], strict=False)]}
            level = criterion["levels"][index] if index is not None else None
            rows.append({"title": criterion["title"], "level": level,
                         "top": max(lv["points"] for lv in criterion["levels"]),
                         "comment": grade.comments.get(criterion["slug"], "")})
    return {"criteria": rows, "comment": grade.comment if grade else "",
            "model_answer_html": snapshot["key"].get("model_answer_html", "")}


@dataclass
class CourseProgress:
    outline: Outline
    quizzes: list[QuizSummary]
    topics: list[dict]


def student_progress(user, now=None) -> list[CourseProgress]:
    """For each course the student is enrolled in: lessons per chapter, every
    quiz with best/latest score and attempts left, and strength by topic.
    A fixed number of queries per course, whatever the number of quizzes."""
    now = now or timezone.now()
    result = []
    for course in Course.objects.published().filter(enrolments__user=user):
        course.localize()
        quizzes = [quiz.localize() for quiz in course.quizzes.published().select_related("chapter")
                   .order_by("position", "title")]
        for quiz in quizzes:
            if quiz.chapter is not None:
                quiz.chapter.localize()
        attempts: dict[int, list[Attempt]] = {}
        for attempt in Attempt.objects.counted().filter(user=user, quiz__course=course).order_by("number"):
            attempts.setdefault(attempt.quiz_id, []).append(attempt)
        extra = dict(Accommodation.objects.filter(user=user, quiz__course=course).values("quiz_id")
                     .annotate(total=Sum("extra_attempts")).values_list("quiz_id", "total"))
        summaries = []
        for quiz in quizzes:
            mine = attempts.get(quiz.pk, [])
            submitted = [a for a in mine if not a.is_open]
            left = None if not quiz.attempts_allowed else max(
                0, quiz.attempts_allowed + (extra.get(quiz.pk) or 0) - len(mine))
            summaries.append(QuizSummary(
                quiz=quiz, attempts=submitted, open_attempt=next((a for a in mine if a.is_open), None),
                attempts_left=left,
                attempts_allowed=quiz.attempts_allowed + (extra.get(quiz.pk) or 0) if quiz.attempts_allowed else None,
                grade=quiz_grade_percent(quiz, _released_percents(submitted)),
                closed_reason=quiz_closed_reason(quiz, now)))
        topics = list(
            Response.objects.filter(attempt__user=user, attempt__is_preview=False, attempt__quiz__course=course,
                                    attempt__submitted_at__isnull=False, attempt__grading="", question__isnull=False)
            .values("question__topic").annotate(average=Avg("fraction"), answered=Count("id"))
            .order_by("question__topic"))
        for topic in topics:
            topic["percent"] = round(100 * (topic["average"] or 0))
            topic["strength"] = "strong" if topic["percent"] >= 75 else "weak" if topic["percent"] < 50 else "fair"
        result.append(CourseProgress(course_outline(course, user), summaries, topics))
    return result


@dataclass
class QuizResult:
    quiz: Quiz
    best: float | None
    attempts: int
    open_attempt_id: int | None = None
    now: datetime.datetime | None = None
    awaiting: int = 0  # submitted attempts awaiting grading (or release)

    @property
    def resume_url(self) -> str | None:
        return reverse("quizzes:attempt", kwargs={"pk": self.open_attempt_id}) if self.open_attempt_id else None

    @property
    def due(self) -> bool:
        """Open now and closing at a known time: worth a "due in …" line."""
        return quiz_is_due(self.quiz, self.now or timezone.now())


def quiz_is_due(quiz: Quiz, now: datetime.datetime) -> bool:
    return (quiz.closes_at is not None and now < quiz.closes_at
            and (quiz.opens_at is None or quiz.opens_at <= now))


def _quiz_results(quizzes: QuerySet[Quiz], user, now: datetime.datetime) -> list[QuizResult]:
    """The user's best percentage, submitted count and open attempt on each
    quiz. Two queries (the quizzes, the attempts), whatever their number."""
    best: dict[int, list[float]] = {}
    open_ids: dict[int, int] = {}
    awaiting: dict[int, int] = {}
    if user.is_authenticated:
        for pk, quiz_id, score, max_score, submitted_at, grading in Attempt.objects.counted().filter(
                user=user, quiz__in=quizzes.values("pk")).values_list(
                "pk", "quiz_id", "score", "max_score", "submitted_at", "grading"):
            if submitted_at is None:
                open_ids[quiz_id] = pk
            elif grading:
                awaiting[quiz_id] = awaiting.get(quiz_id, 0) + 1
            elif max_score:
                best.setdefault(quiz_id, []).append(round(100 * score / max_score, 1))
    results = []
    for quiz in list(quizzes):
        scores = best.get(quiz.pk, [])
        quiz.localize()  # the reader's edition of its title
        results.append(QuizResult(quiz, max(scores) if scores else None, len(scores), open_ids.get(quiz.pk), now,
                                  awaiting.get(quiz.pk, 0)))
    return results


def course_quiz_results(course: Course, user, now=None) -> dict[int | None, list[QuizResult]]:
    """Published quizzes of a course grouped by chapter id (None: course-wide),
    with the user's best percentage and open attempt on each. Two queries."""
    quizzes = course.quizzes.published().order_by("position", "title")
    grouped: dict[int | None, list[QuizResult]] = {}
    for result in _quiz_results(quizzes, user, now or timezone.now()):
        grouped.setdefault(result.quiz.chapter_id, []).append(result)
    return grouped


def quiz_agenda(user, now=None) -> dict[int, list[QuizResult]]:
    """Per course id, the student's quizzes that need doing: an attempt left
    open, or a closing date still ahead. Two queries, whatever the number of
    courses."""
    now = now or timezone.now()
    if not user.is_authenticated:
        return {}
    quizzes = (Quiz.objects.published().filter(course__published=True, course__enrolments__user=user)
               .select_related("course")
               .order_by(F("closes_at").asc(nulls_last=True), "position", "title"))
    agenda: dict[int, list[QuizResult]] = {}
    for result in _quiz_results(quizzes, user, now):
        if result.open_attempt_id or result.due:
            agenda.setdefault(result.quiz.course_id, []).append(result)
    return agenda


def _count_per_course(queryset: QuerySet) -> Coalesce:
    return Coalesce(Subquery(queryset.filter(course=OuterRef("pk")).order_by().values("course")
                             .annotate(n=Count("pk")).values("n")), 0)


def courses_authored(user) -> QuerySet[Course]:
    """The courses the user authors, for the instructor area's home, each with
    `quiz_count` and `question_count`. One query. The counts are subqueries: joining quizzes and
    questions (and classes) to the courses would count their product, which
    took 28 s for an instructor of 127 classes."""
    return Course.objects.authored_by(user).annotate(
        quiz_count=_count_per_course(Quiz.objects.all()),
        question_count=_count_per_course(Question.objects.all()))


def lesson_headings(course: Course) -> dict[str, list[tuple[str, str]]]:
    """Each lesson's headings as (id, text), by lesson slug, for the question
    editor's "heading" choice. One query; each body is rendered once per edit
    of the lesson (cached under its update time)."""
    from django.core.cache import cache

    from lessons.markdown import render_lesson
    from lessons.models import Lesson

    headings = {}
    for pk, slug, updated, body in Lesson.objects.filter(chapter__course=course).values_list(
            "pk", "slug", "updated_at", "body"):
        key = f"lesson-headings:{pk}:{updated.timestamp()}"
        found = cache.get(key)
        if found is None:
            found = [(h["id"], "— " * (h["level"] - 2) + h["name"]) for h in _flat(render_lesson(body).headings)]
            cache.set(key, found, 24 * 3600)
        headings[slug] = found
    return headings


def _flat(tokens: list[dict]) -> list[dict]:
    return [item for token in tokens for item in [token, *_flat(token.get("children", []))]]
