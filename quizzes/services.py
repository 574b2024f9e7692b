"""The quiz rules, every write that carries one: the attempt lifecycle
(start → save answers → submit → graded, regrade, reset), instructors'
per-student grants, the quiz's settings and fixed question list, and the
question bank (save, import, delete). Every limit (dates, attempts, time) is
enforced here, on the server. Reads are in `quizzes.selectors`, grading in
`quizzes.grading`."""

import datetime
import random
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lessons import figures
from lessons import services as lesson_services
from lessons.models import Course, Lesson
from quizzes.attempt_fields import answer_prefix, flag_field
from quizzes.drafts import CourseIndex, part_models, unique_slug
from quizzes.exchange import import_item_check
from quizzes.gift import ParsedQuestion
from quizzes.grading import response_grade, responses_grade
from quizzes.models import (
    Accommodation, Attempt, AttemptReset, FeedbackTiming, Question, Quiz, QuizQuestion, Response, Tag,
)
from quizzes.selectors import (
    attempt_open_get, question_has_attempts, question_types_manual, quiz_allowance, quiz_attempts_left,
    quiz_closed_reason, quiz_publish_problems, quiz_questions_draw,
)
from quizzes.signals import quiz_grade_changed_send
from quizzes.summary import attempt_summary_write
from quizzes.types import REGISTRY, AnswerError, get_type
from quizzes.types.base import edition


class QuizRuleError(Exception):
    """An action the quiz's rules refuse; the message is for the student."""


# ---- the lifecycle ------------------------------------------------------------

def _deadline(quiz: Quiz, now, extra_minutes: int):
    if not quiz.time_limit_minutes:
        return quiz.closes_at
    deadline = now + datetime.timedelta(minutes=quiz.time_limit_minutes + extra_minutes)
    return min(deadline, quiz.closes_at) if quiz.closes_at else deadline


def attempt_start(*, quiz: Quiz, user, now=None, preview: bool = False,
                  rng: random.Random | None = None, language: str | None = None) -> Attempt:
    """Start an attempt, or return the one already in progress (resume).

    Previews (instructors trying their own quiz) skip the dates and limits
    and never count anywhere. The attempt records the edition it was started
    in (`language`, by default the active language's)."""
    now = now or timezone.now()
    # The operating system's generator: what one attempt shows must not predict the next.
    rng = rng or random.SystemRandom()
    current = attempt_open_get(quiz, user)
    if current is not None:
        if attempt_expire_if_due(current, now=now):
            current = None
        else:
            return current
    granted = quiz_allowance(quiz, user)
    if not preview:
        reason = quiz_closed_reason(quiz, now)
        if reason:
            raise QuizRuleError(reason)
        if quiz_attempts_left(quiz, user, granted["attempts"]) == 0:
            raise QuizRuleError(_("You have used all your attempts at this quiz."))
    questions = quiz_questions_draw(quiz, rng)
    if not questions:
        raise QuizRuleError(_("This quiz has no questions yet."))
    last = Attempt.objects.filter(quiz=quiz, user=user, is_preview=preview).order_by("-number").first()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz, user=user, is_preview=preview, started_at=now, language=edition(language),
                number=(last.number + 1) if last else 1,
                deadline_at=_deadline(quiz, now, granted["minutes"]),
                max_score=sum(q.points for q in questions),
            )
            responses = []
            for position, question in enumerate(questions, start=1):
                qtype = get_type(question.type)
                snapshot = qtype.snapshot(question)
                responses.append(Response(
                    attempt=attempt, question=question, position=position, snapshot=snapshot,
                    shown=qtype.present(snapshot, rng)))
            Response.objects.bulk_create(responses)
            if not preview:
                lesson_services.activity_record(user_id=user.pk, course_id=quiz.course_id, moment=now)
                figures.course_activity_changed(quiz.course_id)
    except IntegrityError:
        # Two starts at once (double click, two tabs): the other one won.
        current = attempt_open_get(quiz, user)
        if current is None:
            raise
        return current
    return attempt


def attempt_expire_if_due(attempt: Attempt, *, now=None) -> bool:
    """Submit what was saved once the deadline has passed. True if it did."""
    now = now or timezone.now()
    if attempt.is_open and attempt.deadline_at and now >= attempt.deadline_at:
        attempt_submit(attempt=attempt, now=attempt.deadline_at)
        return True
    return False


def attempt_save(*, attempt: Attempt, data, now=None, check_positions=()) -> dict[int, str]:
    """Save the answers in `data` (a form's POST) for every question of the
    attempt. Returns {position: error message} for answers that were malformed;
    those keep their previous saved value. `check_positions` are questions the
    student asked to check (immediate feedback): their answer becomes final.
    A question is flagged when its flag field is in `data`, and unflagged when it is not."""
    now = now or timezone.now()
    if not attempt.is_open:
        raise QuizRuleError(_("This attempt has already been submitted."))
    if attempt_expire_if_due(attempt, now=now):
        raise QuizRuleError(_("Time ran out: your saved answers were submitted."))
    errors: dict[int, str] = {}
    immediate = attempt.quiz.feedback_timing == FeedbackTiming.IMMEDIATE
    for response in attempt.responses.all():
        # "Come back to this": the student's own mark, kept even on a final or malformed answer.
        fields = []
        flagged = flag_field(response.position) in data
        if flagged != response.flagged:
            response.flagged = flagged
            fields.append("flagged")
        if response.checked_at is None:  # a checked answer is final
            qtype = get_type(response.snapshot["type"])
            try:
                answer = qtype.parse(data, answer_prefix(response.position), response.snapshot, response.shown)
            except AnswerError as error:
                errors[response.position] = str(error)
            else:
                if answer != response.answer:
                    response.answer, response.answered_at = answer, now
                    fields += ["answer", "answered_at"]
                if immediate and response.position in check_positions and answer is not None and not qtype.manual:
                    response.checked_at = now
                    response_grade(response)
                    fields += ["checked_at", "fraction", "score"]
        if fields:
            response.save(update_fields=fields)
    return errors


@transaction.atomic
def attempt_submit(*, attempt: Attempt, now=None) -> Attempt:
    """Grade and close an attempt. A second submit (double click, two tabs,
    a late request) is refused: only the first one counts."""
    now = now or timezone.now()
    if attempt.deadline_at and now > attempt.deadline_at:
        now = attempt.deadline_at  # answers saved before the deadline are what counts
    claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(submitted_at=now)
    if not claimed:
        raise QuizRuleError(_("This attempt has already been submitted."))
    if not attempt.is_preview:
        lesson_services.activity_record(user_id=attempt.user_id, course_id=attempt.quiz.course_id, moment=now,
                                        attempts=1)
    responses = list(attempt.responses.all())
    score = responses_grade(responses)
    Response.objects.bulk_update(responses, ["fraction", "score"])
    if score is None:
        Attempt.objects.filter(pk=attempt.pk).update(score=None, grading=Attempt.Grading.AWAITING)
        attempt.refresh_from_db()
        attempt_summary_write(attempt)
        return attempt  # the grade changes (and the LMS hears of it) when a person has graded it
    Attempt.objects.filter(pk=attempt.pk).update(score=score)
    attempt.refresh_from_db()
    attempt_summary_write(attempt)
    quiz_grade_changed_send(attempt=attempt)
    return attempt


@transaction.atomic
def attempt_regrade(*, attempt: Attempt) -> tuple[float | None, float]:
    """Grade a submitted attempt again against its snapshots; returns (old, new).
    An essay's score is a person's: it is read, never written back (a grade given meanwhile stays)."""
    Attempt.objects.select_for_update().filter(pk=attempt.pk).first()  # one after another with essay grades
    attempt.refresh_from_db(fields=["grading", "score"])
    old = attempt.score
    responses = list(attempt.responses.all())
    score = responses_grade(responses)
    Response.objects.bulk_update([r for r in responses if not get_type(r.snapshot["type"]).manual],
                                 ["fraction", "score"])
    if attempt.grading == Attempt.Grading.AWAITING:
        attempt_summary_write(attempt)
        return old, None  # its essays' grades are a person's; the total waits for them
    attempt.score = score
    attempt.save(update_fields=["score"])
    attempt_summary_write(attempt)
    if not attempt.grading:
        quiz_grade_changed_send(attempt=attempt)
    return old, attempt.score


# ---- instructors' per-student actions -------------------------------------------

def accommodation_problem(*, quiz: Quiz, extra_minutes: int, extra_attempts: int) -> str | None:
    """Why this grant cannot be given (for a form to show), or None when it can."""
    if extra_minutes < 0 or extra_attempts < 0 or not (extra_minutes or extra_attempts):
        return _("Grant at least one extra minute or one extra attempt.")
    if extra_minutes and not quiz.time_limit_minutes:
        return _("This quiz has no time limit, so extra time would change nothing.")
    return None


def accommodation_grant(*, quiz: Quiz, user, granted_by, extra_minutes: int = 0, extra_attempts: int = 0,
                        note: str = "", now=None) -> Accommodation:
    """Give one student extra time and/or extra attempts on a quiz. Each grant
    is a new row (who, when); an attempt in progress on a timed quiz gets the
    extra minutes at once, so a student who is mid-quiz is not cut off."""
    if problem := accommodation_problem(quiz=quiz, extra_minutes=extra_minutes, extra_attempts=extra_attempts):
        raise QuizRuleError(problem)
    with transaction.atomic():
        grant = Accommodation.objects.create(quiz=quiz, user=user, extra_minutes=extra_minutes,
                                             extra_attempts=extra_attempts, granted_by=granted_by, note=note)
        current = attempt_open_get(quiz, user)
        if extra_minutes and current is not None and current.deadline_at is not None:
            deadline = current.deadline_at + datetime.timedelta(minutes=extra_minutes)
            if quiz.closes_at:
                deadline = min(deadline, quiz.closes_at)
            Attempt.objects.filter(pk=current.pk).update(deadline_at=deadline)
    return grant


@transaction.atomic
def attempt_reset(*, attempt: Attempt, reset_by, note: str = ""):
    """Delete a student's attempt so it no longer counts and the attempt is
    theirs to take again; the returned `AttemptReset` row keeps what it was,
    who reset it and when. Previews are not the instructor's to reset here."""
    if attempt.is_preview:
        raise QuizRuleError(_("Previews do not count and cannot be reset."))
    record = AttemptReset.objects.create(
        quiz_id=attempt.quiz_id, user_id=attempt.user_id, number=attempt.number, started_at=attempt.started_at,
        submitted_at=attempt.submitted_at, score=attempt.score, max_score=attempt.max_score,
        reset_by=reset_by, note=note)
    attempt.delete()  # its summaries are taken again as it goes (quizzes.summary.attempt_deleted)
    quiz_grade_changed_send(attempt=attempt)
    return record


@transaction.atomic
def attempts_delete(*, attempts: Iterable[Attempt]) -> int:
    """Delete attempts and their answers (the admin's action, once confirmed: no record is kept, unlike a
    reset); the listeners (the LMS) hear once for each student and quiz whose grade that changed. Returns how
    many were deleted."""
    attempts = list(attempts)
    Attempt.objects.filter(pk__in=[attempt.pk for attempt in attempts]).delete()
    for attempt in {(a.quiz_id, a.user_id): a for a in attempts if not a.is_preview}.values():
        quiz_grade_changed_send(attempt=attempt)
    return len(attempts)


# ---- a quiz's settings and question list -------------------------------------------

class PublishError(Exception):
    """The quiz cannot be published yet; `problems` says what it still needs."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@transaction.atomic
def quiz_duplicate(*, quiz: Quiz) -> Quiz:
    """A copy of the quiz, unpublished, with the same settings, questions and draw tags."""
    questions = list(quiz.quiz_questions.order_by("position").values_list("question_id", "position"))
    tags = list(quiz.draw_tags.all())
    copy = Quiz.objects.get(pk=quiz.pk)
    copy.pk = None
    copy.slug = unique_slug(Quiz.objects.filter(course=quiz.course), f"{quiz.slug}-copy", fallback="quiz")
    copy.title = f"{quiz.title} (copy)"
    copy.published = False
    copy.save()
    QuizQuestion.objects.bulk_create([QuizQuestion(quiz=copy, question_id=q, position=p) for q, p in questions])
    copy.draw_tags.set(tags)
    return copy


def quiz_set_published(*, quiz: Quiz, published: bool) -> None:
    """Publish or hide the quiz; publishing one students could not take raises PublishError."""
    if published and (problems := quiz_publish_problems(quiz)):
        raise PublishError(problems)
    Quiz.objects.filter(pk=quiz.pk).update(published=published)
    quiz.published = published
    figures.content_changed()  # the dashboards list published quizzes; an update() sends no signal


@transaction.atomic
def quiz_question_add(*, quiz: Quiz, question: Question) -> bool:
    """Add a question at the end; False when it was already there, is not the quiz's course's, or is an essay
    and the quiz is timed."""
    return quiz_questions_add(quiz=quiz, question_ids=[question.pk]) == 1


@transaction.atomic
def quiz_questions_add(*, quiz: Quiz, question_ids: list[int]) -> int:
    """Add the bank's questions of these ids at the end, in the order given,
    skipping those already in the quiz, archived, of another course, or essays when the quiz is timed;
    how many were added."""
    present = set(quiz.quiz_questions.values_list("question_id", flat=True))
    bank = Question.objects.filter(course_id=quiz.course_id, archived=False, pk__in=question_ids)
    if quiz.time_limit_minutes:
        bank = bank.exclude(type__in=question_types_manual())
    usable = set(bank.values_list("pk", flat=True))
    wanted = [pk for pk in dict.fromkeys(question_ids) if pk in usable and pk not in present]
    last = quiz.quiz_questions.aggregate(last=Max("position"))["last"] or 0
    QuizQuestion.objects.bulk_create([QuizQuestion(quiz=quiz, question_id=pk, position=last + i)
                                      for i, pk in enumerate(wanted, start=1)])
    return len(wanted)


@transaction.atomic
def quiz_question_remove(*, quiz: Quiz, question_id: int) -> list[Quiz]:
    """Take a question out of the quiz; returns the quiz in a list when that left it, published, with nothing
    for students to take: it is hidden again."""
    quiz.quiz_questions.filter(question_id=question_id).delete()
    _renumber(quiz, list(quiz.quiz_questions.order_by("position").values_list("question_id", flat=True)))
    return _unpublish_unready([quiz])


def _unpublish_unready(quizzes: list[Quiz]) -> list[Quiz]:
    """Hide each published quiz that students could no longer take (no questions left); returns those."""
    hidden = [quiz for quiz in quizzes if quiz.published and quiz_publish_problems(quiz)]
    Quiz.objects.filter(pk__in=[quiz.pk for quiz in hidden]).update(published=False)
    for quiz in hidden:
        quiz.published = False
    if hidden:
        figures.content_changed()
    return hidden


@transaction.atomic
def quiz_question_move(*, quiz: Quiz, question_id: int, direction: str) -> None:
    order = list(quiz.quiz_questions.order_by("position").values_list("question_id", flat=True))
    if question_id not in order or direction not in ("up", "down"):
        return
    index = order.index(question_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        _renumber(quiz, order)


def _renumber(quiz: Quiz, order: list[int]) -> None:
    """Rewrite positions without tripping the unique (quiz, position) constraint."""
    rows = {row.question_id: row for row in quiz.quiz_questions.all()}
    for offset, row in enumerate(rows.values(), start=1):
        row.position = 10_000 + offset
    QuizQuestion.objects.bulk_update(rows.values(), ["position"])
    for position, question_id in enumerate(order, start=1):
        rows[question_id].position = position
    QuizQuestion.objects.bulk_update(rows.values(), ["position"])


@transaction.atomic
def question_delete(*, question: Question) -> tuple[bool, list[Quiz]]:
    """Delete a question no attempt used; archive one that attempts did (it
    leaves the bank and every quiz's list, and past attempts keep it).
    Returns whether it was archived rather than deleted, and the published quizzes it left with no
    questions, which are hidden again."""
    quizzes = list(Quiz.objects.filter(quiz_questions__question=question).distinct())
    if not question_has_attempts(question):
        question.delete()
    else:
        QuizQuestion.objects.filter(question=question).delete()
        Question.objects.filter(pk=question.pk).update(archived=True)
        question.archived = True
    for quiz in quizzes:
        _renumber(quiz, list(quiz.quiz_questions.order_by("position").values_list("question_id", flat=True)))
    return question.archived, _unpublish_unready(quizzes)


# ---- the question bank ------------------------------------------------------------

@transaction.atomic
def question_save(*, course: Course, draft: dict, question: Question | None = None) -> Question:
    """Create or update a question and replace its answer-key rows from a
    validated draft. Attempts already made keep their own snapshots."""
    lesson = Lesson.objects.filter(chapter__course=course, slug=draft.get("lesson")).first() \
        if draft.get("lesson") else None
    qtype = get_type(draft["type"])
    fields = {
        "type": draft["type"], "topic": draft["topic"], "stem": draft["stem"].strip(),
        "title": (draft.get("title") or "").strip(),
        "explanation": (draft.get("explanation") or "").strip(), "points": draft.get("points", 1),
        "lesson": lesson, "anchor": draft.get("anchor", "") if lesson else "", **_question_fields(qtype, draft),
    }
    if question is None:
        question = Question.objects.create(course=course, slug=draft.get("slug") or unique_slug(
            Question.objects.filter(course=course), f"{draft['topic']}-{draft['stem'][:40]}"), **fields)
    else:
        for name, value in fields.items():
            setattr(question, name, value)
        if draft.get("slug"):
            question.slug = draft["slug"]
        question.save()
    for model in part_models():
        model.objects.filter(question=question).delete()
    for model, rows in _by_model(qtype.part_rows(question, draft)).items():
        model.objects.bulk_create(rows)
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
def questions_create(*, course: Course, drafts: list[dict], known: CourseIndex | None = None) -> list[Question]:
    """Create new questions from validated drafts (an import) with a number of
    queries that does not grow with the number of questions: bulk inserts of
    the questions, then of each kind of part, then of their tags. A slug
    already taken (or left blank) is replaced by a fresh one. `known` is the
    course's index if the caller has just read it."""
    known = known or CourseIndex.of(course)
    questions = []
    for draft in drafts:
        slug = draft.get("slug")
        if not slug or slug in known.slugs:
            slug = _free_slug(known.slugs, f"{draft['topic']}-{draft['stem'][:40]}")
        known.slugs.add(slug)
        lesson_id = known.lessons.get(draft.get("lesson") or "")
        questions.append(Question(
            course=course, slug=slug, title=(draft.get("title") or "").strip(), type=draft["type"], topic=draft["topic"],
            stem=draft["stem"].strip(),
            explanation=(draft.get("explanation") or "").strip(), points=draft.get("points", 1),
            lesson_id=lesson_id, anchor=draft.get("anchor", "") if lesson_id else "",
            **_question_fields(get_type(draft["type"]), draft)))
    Question.objects.bulk_create(questions)

    rows = [row for question, draft in zip(questions, drafts, strict=True)
            for row in get_type(draft["type"]).part_rows(question, draft)]
    for model, of_model in _by_model(rows).items():
        model.objects.bulk_create(of_model)

    tag_slugs = [_tag_slugs(draft) for draft in drafts]
    tags = _tags_by_slug(set().union(*tag_slugs)) if drafts else {}
    Question.tags.through.objects.bulk_create([
        Question.tags.through(question_id=question.pk, tag_id=tags[slug].pk)
        for question, slugs in zip(questions, tag_slugs, strict=True) for slug in slugs])
    return questions


def _tag_slugs(draft: dict) -> set[str]:
    return {slugify(t) for t in draft.get("tags") or [] if slugify(t)} | {draft["topic"]}


def _question_fields(qtype, draft: dict) -> dict:
    """The Question row's type-owned fields: this type's values, every other type's cleared."""
    cleared = {name: empty for registered in REGISTRY.values() for name, empty in registered.question_fields({}).items()}
    return {**cleared, **qtype.question_fields(draft)}


def _by_model(rows: list) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(type(row), []).append(row)
    return grouped


def questions_import(*, course: Course, parsed: list[ParsedQuestion]) -> list[Question]:
    """Create the questions of an import's preview (`exchange.questions_preview`)
    that had no errors, checked again as the preview checked them (a draft that
    fails now gets the error and is left out)."""
    known = CourseIndex.of(course)
    for item in parsed:
        import_item_check(item, course=course, known=known)
    return questions_create(course=course, drafts=[item.draft for item in parsed if item.draft is not None],
                            known=known)
