"""What an instructor does to a class and for a student: every change is
made by a service and recorded with who did it and when."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons import services as lesson_services
from lessons.models import Cohort, Enrolment, LessonProgress
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from quizzes.models import Accommodation, Attempt, AttemptReset
from tests.classroom import take

pytestmark = pytest.mark.django_db


def test_instructor_creates_a_class(client, course_data, instructor):
    """Creating a class gives it a join code and makes its creator its instructor."""
    client.force_login(instructor)
    response = client.post(reverse("dashboard:classes"), {"course": course_data["course"].pk, "name": "Spring 2026"})
    cohort = Cohort.objects.get(name="Spring 2026")
    assert response.url == reverse("dashboard:roster", args=[cohort.pk])
    assert list(cohort.instructors.all()) == [instructor]
    assert len(cohort.join_code) == 8
    assert cohort.join_code in client.get(response.url).content.decode()


def test_a_class_needs_a_name(course_data, instructor):
    """A blank name is refused."""
    with pytest.raises(lesson_services.CohortError):
        lesson_services.cohort_create(course=course_data["course"], name="  ", instructor=instructor)


def test_regenerating_the_code_retires_the_old_one(client, klass, instructor, student):
    """A new join code works at once; the old one no longer does; members stay."""
    client.force_login(instructor)
    client.post(reverse("dashboard:regenerate-code", args=[klass["cohort"].pk]))
    cohort = Cohort.objects.get(pk=klass["cohort"].pk)
    assert cohort.join_code != "JOIN2008"
    with pytest.raises(lesson_services.JoinError):
        lesson_services.cohort_join(user=student, code="JOIN2008")
    assert lesson_services.cohort_join(user=student, code=cohort.join_code.lower()).cohort == cohort
    assert Enrolment.objects.filter(cohort=cohort).count() == 3


def test_removing_a_student_keeps_their_progress(client, klass, instructor):
    """A removed student leaves the roster but stays enrolled with their progress and attempts."""
    client.force_login(instructor)
    client.post(reverse("dashboard:remove-student", args=[klass["cohort"].pk, klass["lin"].pk]))
    enrolment = Enrolment.objects.get(user=klass["lin"])
    assert enrolment.cohort is None
    assert LessonProgress.objects.filter(user=klass["lin"]).count() == 2
    assert Attempt.objects.filter(user=klass["lin"]).count() == 1
    roster = client.get(reverse("dashboard:roster", args=[klass["cohort"].pk])).content.decode()
    assert "<td>lin</td>" not in roster and "<td>sam</td>" in roster
    assert client.get(reverse("dashboard:student", args=[klass["cohort"].pk, klass["lin"].pk])).status_code == 404


def test_adding_a_co_instructor(client, klass, instructor, other_instructor, student):
    """Another instructor can be added by username; a student cannot; the new co-instructor sees the class."""
    client.force_login(instructor)
    url = reverse("dashboard:add-instructor", args=[klass["cohort"].pk])
    client.post(url, {"username": student.username})
    client.post(url, {"username": "nobody-here"})
    assert list(klass["cohort"].instructors.all()) == [instructor]
    client.post(url, {"username": other_instructor.username})
    assert set(klass["cohort"].instructors.all()) == {instructor, other_instructor}
    client.force_login(other_instructor)
    assert client.get(reverse("dashboard:overview", args=[klass["cohort"].pk])).status_code == 200


def test_granting_extra_time_is_recorded_and_extends_an_open_attempt(client, klass, instructor):
    """Extra minutes are a row with who and when; an attempt in progress gets the time at once."""
    quiz, sam = klass["quiz"], klass["sam"]
    attempt = quiz_services.attempt_start(quiz=quiz, user=sam)
    deadline = attempt.deadline_at
    client.force_login(instructor)
    client.post(reverse("dashboard:accommodate", args=[klass["cohort"].pk, sam.pk]),
                {"quiz": quiz.pk, "extra_minutes": 20, "note": "Dyslexia"})
    grant = Accommodation.objects.get()
    assert (grant.user, grant.quiz, grant.extra_minutes, grant.granted_by) == (sam, quiz, 20, instructor)
    assert timezone.now() - grant.granted_at < datetime.timedelta(minutes=1)
    attempt.refresh_from_db()
    assert attempt.deadline_at == deadline + datetime.timedelta(minutes=20)
    page = client.get(reverse("dashboard:student", args=[klass["cohort"].pk, sam.pk])).content.decode()
    assert "20 extra minutes" in page and "by teacher" in page


def test_extra_time_on_an_untimed_quiz_is_refused(klass, instructor, course_data, questions):
    """Minutes on a quiz without a time limit would change nothing, so they are refused."""
    from tests.factories import make_quiz

    untimed = make_quiz(course_data["course"], [questions["single"]], slug="untimed")
    with pytest.raises(quiz_services.QuizRuleError):
        quiz_services.accommodation_grant(quiz=untimed, user=klass["sam"], granted_by=instructor, extra_minutes=5)
    with pytest.raises(quiz_services.QuizRuleError):
        quiz_services.accommodation_grant(quiz=untimed, user=klass["sam"], granted_by=instructor)


def test_an_extra_attempt_lets_the_student_try_again(client, klass, instructor):
    """With both attempts used, one more attempt granted makes a third start possible."""
    quiz, sam = klass["quiz"], klass["sam"]
    take(quiz, sam, right=False)
    with pytest.raises(quiz_services.QuizRuleError):
        quiz_services.attempt_start(quiz=quiz, user=sam)
    client.force_login(instructor)
    client.post(reverse("dashboard:accommodate", args=[klass["cohort"].pk, sam.pk]),
                {"quiz": quiz.pk, "extra_attempts": 1})
    assert Accommodation.objects.get().extra_attempts == 1
    assert quiz_services.attempt_start(quiz=quiz, user=sam).number == 3


def test_resetting_an_attempt_records_who_and_when(client, klass, instructor):
    """A reset attempt is gone (the student gets it back) and a record keeps its score, who and when."""
    quiz, sam = klass["quiz"], klass["sam"]
    take(quiz, sam, right=False)
    first = Attempt.objects.get(user=sam, number=1)
    client.force_login(instructor)
    client.post(reverse("dashboard:attempt-reset", args=[klass["cohort"].pk, first.pk]), {"note": "Fire alarm"})
    assert not Attempt.objects.filter(pk=first.pk).exists()
    record = AttemptReset.objects.get()
    assert (record.user, record.quiz, record.number, record.score, record.max_score, record.reset_by, record.note) == (
        sam, quiz, 1, first.score, first.max_score, instructor, "Fire alarm")
    assert quiz_selectors.quiz_attempts_left(quiz, sam) == 1
    page = client.get(reverse("dashboard:student", args=[klass["cohort"].pk, sam.pk])).content.decode()
    assert "attempt 1 at “Everything quiz” reset by teacher" in page


def test_previews_cannot_be_reset(klass, instructor):
    """An instructor's preview is not a student's attempt."""
    preview = quiz_services.attempt_start(quiz=klass["quiz"], user=instructor, preview=True)
    with pytest.raises(quiz_services.QuizRuleError):
        quiz_services.attempt_reset(attempt=preview, reset_by=instructor)
