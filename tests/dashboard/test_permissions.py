"""Only a class's own instructors (and administrators) reach its pages,
actions and exports; another instructor's class is a 404; students get a 403
and anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from lessons.models import Cohort, Enrolment
from quizzes.models import Accommodation, Attempt

pytestmark = pytest.mark.django_db


def _pages(klass):
    pk, quiz, lin = klass["cohort"].pk, klass["quiz"], klass["lin"]
    return [
        reverse("dashboard:overview", args=[pk]),
        reverse("dashboard:matrix", args=[pk]),
        reverse("dashboard:roster", args=[pk]),
        reverse("dashboard:student", args=[pk, lin.pk]),
        reverse("dashboard:quiz-report", args=[pk, quiz.pk]),
        reverse("dashboard:export-grades", args=[pk]),
        reverse("dashboard:export-responses", args=[pk]),
    ]


def _actions(klass):
    pk, quiz, lin = klass["cohort"].pk, klass["quiz"], klass["lin"]
    attempt = Attempt.objects.get(user=lin, quiz=quiz)
    return [
        (reverse("dashboard:regenerate-code", args=[pk]), {}),
        (reverse("dashboard:add-instructor", args=[pk]), {"username": "other-teacher"}),
        (reverse("dashboard:accommodate", args=[pk, lin.pk]), {"quiz": quiz.pk, "extra_minutes": 10}),
        (reverse("dashboard:attempt-reset", args=[pk, attempt.pk]), {}),
        (reverse("dashboard:remove-student", args=[pk, lin.pk]), {}),
    ]


def _unchanged(klass):
    cohort = Cohort.objects.get(pk=klass["cohort"].pk)
    assert cohort.join_code == "JOIN2008"
    assert cohort.instructors.count() == 1
    assert not Accommodation.objects.exists()
    assert Attempt.objects.filter(user=klass["lin"]).count() == 1
    assert Enrolment.objects.get(user=klass["lin"]).cohort_id == cohort.pk


def test_anonymous_is_sent_to_log_in(client, klass):
    """Every page, export and action redirects an anonymous visitor to the login page."""
    assert client.get(reverse("dashboard:classes")).url.startswith(reverse("login"))
    for url in _pages(klass):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url, data in _actions(klass):
        assert client.post(url, data).status_code == 302, url
    _unchanged(klass)


def test_students_are_refused(client, klass):
    """A student of the class gets 403 on every page, export and action."""
    client.force_login(klass["lin"])
    assert client.get(reverse("dashboard:classes")).status_code == 403
    for url in _pages(klass):
        assert client.get(url).status_code == 403, url
    for url, data in _actions(klass):
        assert client.post(url, data).status_code == 403, url
    _unchanged(klass)


def test_another_instructor_finds_nothing(client, klass, other_instructor):
    """Another instructor's class does not exist for them: 404 on every page, export and action by id."""
    client.force_login(other_instructor)
    listing = client.get(reverse("dashboard:classes"))
    assert listing.status_code == 200 and "Class A" not in listing.content.decode()
    for url in _pages(klass):
        assert client.get(url).status_code == 404, url
    for url, data in _actions(klass):
        assert client.post(url, data).status_code == 404, url
    _unchanged(klass)


def test_own_instructor_and_administrator_see_every_page(client, klass, administrator):
    """The class's instructor and an administrator open every page and export."""
    for user in (klass["cohort"].instructors.get(), administrator):
        client.force_login(user)
        assert "Class A" in client.get(reverse("dashboard:classes")).content.decode()
        for url in _pages(klass):
            assert client.get(url).status_code == 200, (user, url)


def test_objects_outside_the_class_are_404(client, klass, instructor, student):
    """A student not in the class, a quiz of another course and an attempt of an outsider are 404."""
    from tests.classroom import take
    from tests.factories import make_course, make_quiz

    pk = klass["cohort"].pk
    other_course, lesson, _second = make_course(slug="other")
    other_quiz = make_quiz(other_course, [], slug="other-quiz")
    outsider_attempt = take(klass["quiz"], student)
    client.force_login(instructor)
    assert client.get(reverse("dashboard:student", args=[pk, student.pk])).status_code == 404
    assert client.get(reverse("dashboard:quiz-report", args=[pk, other_quiz.pk])).status_code == 404
    assert client.post(reverse("dashboard:attempt-reset", args=[pk, outsider_attempt.pk])).status_code == 404
    assert client.post(reverse("dashboard:accommodate", args=[pk, student.pk]),
                       {"quiz": klass["quiz"].pk, "extra_minutes": 5}).status_code == 404
    assert client.post(reverse("dashboard:accommodate", args=[pk, klass["lin"].pk]),
                       {"quiz": other_quiz.pk, "extra_minutes": 5}).status_code == 404


def test_pages_only_accept_their_methods(client, klass, instructor):
    """Actions refuse GET: a link can never change a class."""
    client.force_login(instructor)
    for url, _data in _actions(klass):
        assert client.get(url).status_code == 405, url
    _unchanged(klass)
