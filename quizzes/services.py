"""The attempt lifecycle and the quiz rules: start → save answers → submit →
graded. Every limit (dates, attempts, time) is enforced here, on the server."""

import datetime
import random

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons import figures
from quizzes.models import (
    Accommodation, Attempt, AttemptReset, FeedbackTiming, GradingMethod, Question, Quiz, Topic, Response,
)
from quizzes.signals import quiz_grade_changed
from quizzes.summary import attempt_summary_write
from quizzes.types import REGISTRY, AnswerError, get_type
from quizzes.types.base import edition


class QuizRuleError(Exception):
    """An action the quiz's rules refuse; the message is for the student."""


# ---- what a student is allowed -------------------------------------------------

def quiz_closed_reason(quiz: Quiz, now: datetime.datetime) -> str | None:
    if not quiz.published:
        return _("This quiz is not published.")
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz has not opened yet.")
    if quiz.closes_at and now >= quiz.closes_at:
        return _("This quiz has closed.")
    return None


def allowance(quiz: Quiz, user) -> dict:
    """Extra minutes and attempts granted to this student on this quiz."""
    totals = Accommodation.objects.filter(quiz=quiz, user=user).aggregate(
        minutes=Sum("extra_minutes"), attempts=Sum("extra_attempts"))
    return {"minutes": totals["minutes"] or 0, "attempts": totals["attempts"] or 0}


def attempts_left(quiz: Quiz, user, extra_attempts: int | None = None) -> int | None:
    """None means unlimited."""
    if not quiz.attempts_allowed:
        return None
    if extra_attempts is None:
        extra_attempts = allowance(quiz, user)["attempts"]
    used = Attempt.objects.counted().filter(quiz=quiz, user=user).count()
    return max(0, quiz.attempts_allowed + extra_attempts - used)


def _deadline(quiz: Quiz, now, extra_minutes: int):
    if not quiz.time_limit_minutes:
        return quiz.closes_at
    deadline = now + datetime.timedelta(minutes=quiz.time_limit_minutes + extra_minutes)
    return min(deadline, quiz.closes_at) if quiz.closes_at else deadline


# ---- choosing questions -------------------------------------------------------

def _question_queryset():
    kinds = REGISTRY.values()
    return Question.objects.select_related("lesson__chapter__course", *{s for k in kinds for s in k.select}) \
        .prefetch_related(*{p for k in kinds for p in k.prefetch})


def draw_pool(quiz: Quiz):
    """The bank a drawn quiz picks from: same course, topic, chapter and tags."""
    pool = Question.objects.filter(course=quiz.course, archived=False).exclude(
        type__in=[c for c, t in REGISTRY.items() if t.manual])
    if quiz.topic != Topic.MIXED:
        pool = pool.filter(topic=quiz.topic)
    if quiz.chapter_id:
        pool = pool.filter(lesson__chapter=quiz.chapter_id)
    tags = list(quiz.draw_tags.values_list("pk", flat=True))
    if tags:
        pool = pool.filter(tags__in=tags).distinct()
    return pool


def select_questions(quiz: Quiz, rng: random.Random) -> list[Question]:
    if quiz.draw_count:
        ids = sorted(draw_pool(quiz).values_list("pk", flat=True))
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


# ---- the lifecycle ------------------------------------------------------------

def open_attempt(quiz: Quiz, user) -> Attempt | None:
    return Attempt.objects.filter(quiz=quiz, user=user, submitted_at__isnull=True).first()


def attempt_start(*, quiz: Quiz, user, now=None, preview: bool = False,
                  rng: random.Random | None = None, language: str | None = None) -> Attempt:
    """Start an attempt, or return the one already in progress (resume).

    Previews (instructors trying their own quiz) skip the dates and limits
    and never count anywhere. The attempt records the edition it was started
    in (`language`, by default the active language's)."""
    now = now or timezone.now()
    # The operating system's generator: what one attempt shows must not predict the next.
    rng = rng or random.SystemRandom()
    current = open_attempt(quiz, user)
    if current is not None:
        if attempt_expire_if_due(current, now=now):
            current = None
        else:
            return current
    granted = allowance(quiz, user)
    if not preview:
        reason = quiz_closed_reason(quiz, now)
        if reason:
            raise QuizRuleError(reason)
        if attempts_left(quiz, user, granted["attempts"]) == 0:
            raise QuizRuleError(_("You have used all your attempts at this quiz."))
    questions = select_questions(quiz, rng)
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
                figures.course_activity_changed(quiz.course_id)
    except IntegrityError:
        # Two starts at once (double click, two tabs): the other one won.
        current = open_attempt(quiz, user)
        if current is None:
            raise
        return current
    return attempt


def time_left(attempt: Attempt, now=None) -> float | None:
    if attempt.deadline_at is None:
        return None
    return max(0.0, (attempt.deadline_at - (now or timezone.now())).total_seconds())


def attempt_expire_if_due(attempt: Attempt, *, now=None) -> bool:
    """Submit what was saved once the deadline has passed. True if it did."""
    now = now or timezone.now()
    if attempt.is_open and attempt.deadline_at and now >= attempt.deadline_at:
        attempt_submit(attempt=attempt, now=attempt.deadline_at)
        return True
    return False


def flag_field(position: int) -> str:
    """The form field that carries a question's "come back to this" flag."""
    return f"q{position}-flag"


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
                answer = qtype.parse(data, f"q{response.position}", response.snapshot, response.shown)
            except AnswerError as error:
                errors[response.position] = str(error)
            else:
                if answer != response.answer:
                    response.answer, response.answered_at = answer, now
                    fields += ["answer", "answered_at"]
                if immediate and response.position in check_positions and answer is not None and not qtype.manual:
                    response.checked_at = now
                    response.fraction = qtype.grade(response.snapshot, answer)
                    response.score = response.fraction * response.snapshot["points"]
                    fields += ["checked_at", "fraction", "score"]
        if fields:
            response.save(update_fields=fields)
    return errors


def attempt_incomplete(responses) -> dict[int, str]:
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
    responses = list(attempt.responses.all())
    for response in responses:
        if get_type(response.snapshot["type"]).manual and response.answer is None:
            response.fraction, response.score = 0.0, 0.0  # an essay left blank needs no reader
    score = _grade_responses(responses)
    Response.objects.bulk_update(responses, ["fraction", "score"])
    if score is None:
        Attempt.objects.filter(pk=attempt.pk).update(score=None, grading=Attempt.Grading.AWAITING)
        attempt.refresh_from_db()
        attempt_summary_write(attempt)
        return attempt  # the grade changes (and the LMS hears of it) when a person has graded it
    Attempt.objects.filter(pk=attempt.pk).update(score=score)
    attempt.refresh_from_db()
    attempt_summary_write(attempt)
    _grade_changed(attempt)
    return attempt


def _grade_responses(responses) -> float | None:
    """Grade the automatic answers in place; the total, or None while an essay waits for a person."""
    waiting = False
    for response in responses:
        qtype = get_type(response.snapshot["type"])
        if qtype.manual:
            waiting = waiting or response.score is None
            continue
        response.fraction = qtype.grade(response.snapshot, response.answer)
        response.score = response.fraction * response.snapshot["points"]
    return None if waiting else round(sum(r.score or 0.0 for r in responses), 4)


def _grade_changed(attempt: Attempt) -> None:
    if not attempt.is_preview:
        quiz_grade_changed.send(sender=Attempt, attempt=attempt)


@transaction.atomic
def attempt_regrade(*, attempt: Attempt) -> tuple[float | None, float]:
    """Grade a submitted attempt again against its snapshots; returns (old, new).
    An essay's score is a person's: it is read, never written back (a grade given meanwhile stays)."""
    Attempt.objects.select_for_update().filter(pk=attempt.pk).first()  # one after another with essay grades
    attempt.refresh_from_db(fields=["grading", "score"])
    old = attempt.score
    responses = list(attempt.responses.all())
    score = _grade_responses(responses)
    Response.objects.bulk_update([r for r in responses if not get_type(r.snapshot["type"]).manual],
                                 ["fraction", "score"])
    attempt_summary_write(attempt)
    if attempt.grading == Attempt.Grading.AWAITING:
        return old, None  # its essays' grades are a person's; the total waits for them
    attempt.score = score
    attempt.save(update_fields=["score"])
    if not attempt.grading:
        _grade_changed(attempt)
    return old, attempt.score


# ---- results ------------------------------------------------------------------

def feedback_visible(attempt: Attempt, now=None) -> bool:
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


def quiz_grade_percent(quiz: Quiz, percents: list[float]) -> float | None:
    """The student's grade on a quiz from their submitted attempts' percentages
    (oldest first), by the quiz's grading method."""
    if not percents:
        return None
    method = quiz.grading_method
    if method == GradingMethod.FIRST:
        return percents[0]
    if method == GradingMethod.LATEST:
        return percents[-1]
    if method == GradingMethod.AVERAGE:
        return round(sum(percents) / len(percents), 1)
    return max(percents)


# ---- instructors' per-student actions -------------------------------------------

def accommodation_grant(*, quiz: Quiz, user, granted_by, extra_minutes: int = 0, extra_attempts: int = 0,
                        note: str = "", now=None) -> Accommodation:
    """Give one student extra time and/or extra attempts on a quiz. Each grant
    is a new row (who, when); an attempt in progress on a timed quiz gets the
    extra minutes at once, so a student who is mid-quiz is not cut off."""
    if extra_minutes < 0 or extra_attempts < 0 or not (extra_minutes or extra_attempts):
        raise QuizRuleError(_("Grant at least one extra minute or one extra attempt."))
    if extra_minutes and not quiz.time_limit_minutes:
        raise QuizRuleError(_("This quiz has no time limit, so extra time would change nothing."))
    with transaction.atomic():
        grant = Accommodation.objects.create(quiz=quiz, user=user, extra_minutes=extra_minutes,
                                             extra_attempts=extra_attempts, granted_by=granted_by, note=note)
        current = open_attempt(quiz, user)
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
    attempt.delete()
    attempt_summary_write(attempt)
    _grade_changed(attempt)
    return record
