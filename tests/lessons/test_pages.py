"""The student's pages: home, outline, reader, progress of a lesson, joining a class."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.models import Enrolment, LessonProgress
from lessons.services import MAX_SECONDS_PER_BEAT
from tests.factories import make_cohort


@pytest.mark.django_db
def test_home_and_outline_are_public(client, course_data):
    """Anyone can see the home page and the course outline."""
    course = course_data["course"]
    assert course.title in client.get("/").content.decode()
    page = client.get(course.get_absolute_url()).content.decode()
    assert "First lesson" in page and "Second lesson" in page


@pytest.mark.django_db
def test_lesson_needs_login(client, course_data):
    """Anonymous readers are sent to log in."""
    response = client.get(course_data["lesson"].get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_lesson_page_records_progress_and_links_terms(client, course_data, student):
    """Opening a lesson enrols the student, records the visit and remembers it as the last lesson."""
    from lessons.models import KeyTerm

    KeyTerm.objects.create(course=course_data["course"], slug="security-dilemma", term="Security dilemma",
                           definition="Defence that alarms others.")
    client.force_login(student)
    lesson = course_data["lesson"]
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert 'href="/courses/case/glossary/#security-dilemma"' in page
    assert "Defence that alarms others." in page
    assert 'href="#security-dilemma"' in page  # the on-page table of contents
    assert LessonProgress.objects.get(user=student, lesson=lesson).completed_at is None
    assert Enrolment.objects.get(user=student).last_lesson == lesson


@pytest.mark.django_db
def test_complete_and_outline_status(client, course_data, student):
    """Marking a lesson done shows it completed in the outline and moves on to the next lesson."""
    client.force_login(student)
    lesson = course_data["lesson"]
    client.get(lesson.get_absolute_url())
    response = client.post(reverse("lessons:lesson-complete", args=["case", "one", "first"]))
    assert response["Location"] == course_data["second"].get_absolute_url()
    assert LessonProgress.objects.get(user=student, lesson=lesson).completed_at is not None
    outline = client.get(course_data["course"].get_absolute_url()).content.decode()
    assert "status-completed" in outline and "1 of 2 lessons done" in outline


@pytest.mark.django_db
def test_heartbeat_caps_time_and_rejects_garbage(client, course_data, student):
    """Time on the page is capped per beat; a malformed beat is a 400."""
    client.force_login(student)
    url = reverse("lessons:lesson-time", args=["case", "one", "first"])
    assert client.post(url, {"seconds": "30"}).json()["seconds_spent"] == 30
    assert client.post(url, {"seconds": "99999"}).json()["seconds_spent"] == 30 + MAX_SECONDS_PER_BEAT
    assert client.post(url, {"seconds": "abc"}).status_code == 400


@pytest.mark.django_db
def test_unknown_lesson_is_404(client, course_data, student):
    """A lesson slug that does not exist in the chapter is a 404 for a signed-in student."""
    client.force_login(student)
    assert client.get("/courses/case/one/nope/").status_code == 404


@pytest.mark.django_db
def test_join_with_code(client, course_data, student, instructor):
    """A right code enrols the student in the class; a wrong or expired one says why."""
    cohort = make_cohort(course_data["course"], instructor)
    client.force_login(student)
    wrong = client.post(reverse("lessons:join"), {"code": "NOPE"})
    assert "No class has that join code" in wrong.content.decode()
    response = client.post(reverse("lessons:join"), {"code": "join 2008"})
    assert response.status_code == 302
    assert Enrolment.objects.get(user=student).cohort == cohort
    cohort.join_code_expires_at = timezone.now() - datetime.timedelta(days=1)
    cohort.save()
    expired = client.post(reverse("lessons:join"), {"code": "JOIN2008"})
    assert "expired" in expired.content.decode()


@pytest.mark.django_db
def test_signup_with_join_code(client, course_data, instructor):
    """Signing up with a join code creates a student in that class."""
    make_cohort(course_data["course"], instructor)
    response = client.post(reverse("signup"), {
        "username": "newbie", "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42",
        "join_code": "JOIN2008"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user__username="newbie")
    assert enrolment.cohort.join_code == "JOIN2008"
    assert enrolment.user.groups.filter(name="Students").exists()


@pytest.mark.django_db
def test_signup_with_bad_code_keeps_the_form(client, course_data):
    """A wrong code at sign-up is a form error and creates no account."""
    response = client.post(reverse("signup"), {
        "username": "newbie", "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42",
        "join_code": "WRONG"})
    assert response.status_code == 200
    assert "No class has that join code" in response.content.decode()
    from django.contrib.auth.models import User

    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.django_db
def test_password_reset_sends_mail(client, student, mailoutbox):
    """Password reset works with the console/locmem mailer."""
    student.email = "s@example.com"
    student.save()
    client.post(reverse("password_reset"), {"email": "s@example.com"})
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_roles_exist_with_permissions():
    """The migration creates the three roles; instructors may author quizzes, students nothing."""
    from django.contrib.auth.models import Group

    assert not Group.objects.get(name="Students").permissions.exists()
    instructor_perms = set(Group.objects.get(name="Instructors").permissions.values_list("codename", flat=True))
    assert {"add_quiz", "change_question", "change_cohort", "view_attempt"} <= instructor_perms
    assert "change_attempt" not in instructor_perms
