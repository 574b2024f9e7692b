"""Writes an instructor makes to quizzes: create, edit, duplicate, publish,
and the quiz's fixed question list. Past attempts are never touched: they
keep the snapshots they were started with."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from quizzes.drafts import unique_slug
from quizzes.models import Attempt, Question, Quiz, QuizQuestion, Response
from quizzes.services import draw_pool
from quizzes.types import REGISTRY


def manual_type_codes() -> list[str]:
    """The types a person grades (essays): no timed quiz holds them."""
    return [code for code, qtype in REGISTRY.items() if qtype.manual]


class PublishError(Exception):
    """The quiz cannot be published yet; `problems` says what it still needs."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


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


def quiz_publish_problems(quiz: Quiz) -> list[str]:
    """What the quiz still needs before students can take it (empty: nothing)."""
    if quiz.draw_count:
        if not draw_pool(quiz).exists():
            return [_("It draws questions at random from the bank, but no question of the bank matches its topic, "
                      "chapter and tags: write or import such questions, or change what it draws from.")]
        return []
    if not quiz.quiz_questions.exists():
        return [_("It has no questions yet: add questions from the bank below, or set “Questions drawn” "
                  "to draw them at random from the bank for each attempt.")]
    return []


def quiz_set_published(*, quiz: Quiz, published: bool) -> None:
    """Publish or hide the quiz; publishing one students could not take raises PublishError."""
    if published and (problems := quiz_publish_problems(quiz)):
        raise PublishError(problems)
    Quiz.objects.filter(pk=quiz.pk).update(published=published)
    quiz.published = published


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
        bank = bank.exclude(type__in=manual_type_codes())
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


def question_has_attempts(question: Question) -> bool:
    return Response.objects.filter(question=question).exists()


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
