"""Writes an instructor makes to quizzes: create, edit, duplicate, publish,
and the quiz's fixed question list. Past attempts are never touched: they
keep the snapshots they were started with."""

from django.db import transaction
from django.db.models import Max
from quizzes.drafts import unique_slug
from quizzes.models import Attempt, Question, Quiz, QuizQuestion
from quizzes.types import REGISTRY


def manual_type_codes() -> list[str]:
    """The types a person grades (essays): no timed quiz holds them."""
    return [code for code, qtype in REGISTRY.items() if qtype.manual]


def quiz_has_attempts(quiz: Quiz) -> bool:
    return Attempt.objects.counted().filter(quiz=quiz).exists()


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
    Quiz.objects.filter(pk=quiz.pk).update(published=published)
    quiz.published = published


@transaction.atomic
def quiz_question_add(*, quiz: Quiz, question: Question) -> bool:
    """Add a question at the end; False when it was already there, or it is an essay and the quiz is timed."""
    if question.course_id != quiz.course_id or quiz.quiz_questions.filter(question=question).exists():
        return False
    if quiz.time_limit_minutes and question.type in manual_type_codes():
        return False
    last = quiz.quiz_questions.aggregate(last=Max("position"))["last"] or 0
    QuizQuestion.objects.create(quiz=quiz, question=question, position=last + 1)
    return True


@transaction.atomic
def quiz_question_remove(*, quiz: Quiz, question_id: int) -> None:
    quiz.quiz_questions.filter(question_id=question_id).delete()
    _renumber(quiz, list(quiz.quiz_questions.order_by("position").values_list("question_id", flat=True)))


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
