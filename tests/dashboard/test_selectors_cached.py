"""The cached dashboards (dashboard.selectors.cached) equal a computation
from scratch after every write that changes them: a submit, a regrade, a
reset, an essay's grade and its release, a lesson completed, a student
joining or leaving the class, a quiz's pass mark edited."""

import pytest

from dashboard import selectors
from lessons import services as lesson_services
from quizzes import services as quiz_services
from quizzes.models import Attempt, Release
from quizzes.types.essay import essay_grade, quiz_release
from tests.classroom import enrol, take
from tests.factories import make_cohort, make_quiz, make_user
from tests.quizzes.essays import make_essay, make_rubric

pytestmark = pytest.mark.django_db


def _cached(cohort, quiz) -> tuple:
    data, page = selectors.progress_matrix_page(cohort, sort="score", descending=True, status="", language="",
                                                page="1", per_page=100)
    return selectors.class_overview_cached(cohort), (data["counts"], page.object_list), \
        selectors.quiz_report_cached(cohort, quiz)


def _fresh(cohort, quiz) -> tuple:
    data = selectors.progress_matrix(cohort, sort="score", descending=True)
    return selectors.class_overview(cohort), (data["counts"], data["rows"][:100]), selectors.quiz_report(cohort, quiz)


def _changed(before: tuple, after: tuple) -> list[bool]:
    return [b != a for b, a in zip(before, after, strict=True)]


def test_a_submit_is_seen_by_every_cached_page(klass):
    """After a new student's attempt the overview, the matrix and the report are recomputed."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    before = _cached(cohort, quiz)
    nino = enrol(cohort, "nino")
    take(quiz, nino, wrong_positions={1})
    after = _cached(cohort, quiz)
    assert after == _fresh(cohort, quiz)
    assert _changed(before, after) == [True, True, True]


def test_a_regrade_is_seen(klass):
    """A regrade that changes a score changes the cached figures."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    before = _cached(cohort, quiz)
    attempt = Attempt.objects.get(user=klass["sam"])
    response = attempt.responses.get(question=klass["questions"]["single"])
    response.snapshot = {**response.snapshot, "key": {**response.snapshot["key"], "correct": [response.answer["option"]]}}
    response.save(update_fields=["snapshot"])
    quiz_services.attempt_regrade(attempt=attempt)
    after = _cached(cohort, quiz)
    assert after == _fresh(cohort, quiz)
    assert _changed(before, after) == [True, True, True]


def test_a_reset_is_seen(klass, instructor):
    """A reset attempt leaves the cached figures."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    before = _cached(cohort, quiz)
    quiz_services.attempt_reset(attempt=Attempt.objects.get(user=klass["sam"]), reset_by=instructor)
    after = _cached(cohort, quiz)
    assert after == _fresh(cohort, quiz)
    assert _changed(before, after) == [True, True, True]


def test_an_essays_grade_and_its_release_are_seen(course_data, questions, instructor):
    """The report counts an attempt awaiting grading apart, then grades it once the essay is graded and released."""
    course = course_data["course"]
    cohort = make_cohort(course, instructor)
    quiz = make_quiz(course, [questions["single"], make_essay(course, course_data["lesson"], make_rubric(course))],
                     slug="essays", release=Release.MANUAL)
    attempt = quiz_services.attempt_start(quiz=quiz, user=enrol(cohort, "writer"))
    quiz_services.attempt_save(attempt=attempt, data={"q2": "Russia read NATO's enlargement as a threat."})
    quiz_services.attempt_submit(attempt=attempt)
    awaiting = _cached(cohort, quiz)
    assert awaiting[2]["awaiting"] == 1
    essay_grade(response=attempt.responses.get(position=2), grader=make_user("author"),
                levels={"claim": 2, "evidence": 1})
    graded = _cached(cohort, quiz)
    assert graded == _fresh(cohort, quiz) and graded[2]["awaiting"] == 0 and graded[2]["attempts"] == 1
    quiz_release(quiz=quiz)
    assert _cached(cohort, quiz) == _fresh(cohort, quiz)


def test_a_lesson_completed_and_the_roster_changing_are_seen(klass):
    """A lesson completed, a student joining and a student removed each change the overview and the matrix."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    before = _cached(cohort, quiz)
    lesson_services.lesson_complete(user=klass["lin"], lesson=klass["second"])
    after = _cached(cohort, quiz)
    assert after == _fresh(cohort, quiz) and _changed(before, after)[:2] == [True, True]
    newcomer = make_user("newcomer")
    lesson_services.enrolment_create(user=newcomer, course=cohort.course, cohort=cohort)
    assert _cached(cohort, quiz)[0]["enrolled"] == 3 == _fresh(cohort, quiz)[0]["enrolled"]
    lesson_services.cohort_remove_student(cohort=cohort, user=klass["sam"])
    after = _cached(cohort, quiz)
    assert after == _fresh(cohort, quiz) and after[2]["students"] == 1


def test_an_edited_pass_mark_is_seen(klass):
    """Content edited (a quiz's pass mark) changes who passed in the cached figures."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    assert _cached(cohort, quiz)[2]["passed"] == 1
    quiz.pass_mark = 5
    quiz.save()
    after = _cached(cohort, quiz)
    assert after == _fresh(cohort, quiz) and after[2]["passed"] == 2


def test_an_attempt_deleted_in_the_admin_is_seen(klass, client):
    """Attempts deleted through the admin's action (no quiz service involved) leave the cached figures."""
    from django.urls import reverse

    from core import roles
    client.force_login(make_user("admin", roles.ADMINISTRATORS))
    cohort, quiz = klass["cohort"], klass["quiz"]
    before = _cached(cohort, quiz)
    attempt = Attempt.objects.get(user=klass["sam"])
    client.post(reverse("admin:quizzes_attempt_changelist"),
                          {"action": "delete_attempts", "_selected_action": [attempt.pk], "post": "yes"})
    assert not Attempt.objects.filter(pk=attempt.pk).exists()
    after = _cached(cohort, quiz)
    assert after == _fresh(cohort, quiz) and _changed(before, after) == [True, True, True]
