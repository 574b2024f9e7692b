"""Writes that send no model signals (bulk writes, `.update()`) or change rows the dashboards' signals did not
watch still invalidate the cached dashboard pages: a course reload, a quiz hidden, a question archived, content
unpublished or renamed in the admin. Each page, read (and cached) before the write, shows the new figure
right after it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lessons.models import Course, KeyTerm, Lesson
from quizzes.models import Question, Quiz
from review import services as review_services
from review.models import Card, CardKind, Rating
from tests.admin_helpers import admin_action, admin_url
from tests.classroom import enrol, take
from tests.content_tree import FILES, write_content
from tests.factories import make_cohort, make_quiz

pytestmark = pytest.mark.django_db


def _overview(client, cohort):
    return client.get(reverse("dashboard:overview", args=[cohort.pk])).context["data"]


def _forget(student, card):
    """The student learns the card (Good twice), then forgets it when it falls due: a lapse."""
    start = timezone.now() - datetime.timedelta(days=12)
    review_services.card_review(user=student, card=card, rating=Rating.GOOD, reps_seen=0, now=start)
    state = review_services.card_review(user=student, card=card, rating=Rating.GOOD, reps_seen=1,
                                        now=start + datetime.timedelta(minutes=10))
    review_services.card_review(user=student, card=card, rating=Rating.AGAIN, reps_seen=2, now=state.due)


def _forgotten(client, cohort) -> list[str]:
    return [item["text"] for item in _overview(client, cohort)["review"]["forgotten"]]


def test_a_course_reload_is_seen_by_the_cached_overview(client, instructor, tmp_path):
    """A reload that renames a timeline event renames it among the overview's most forgotten cards."""
    root = write_content(tmp_path)
    call_command("load_course", str(root), stdout=io.StringIO())
    course = Course.objects.get(slug="mini")
    cohort = make_cohort(course, instructor)
    student = enrol(cohort, "lin")
    card = Card.objects.get(event__slug="one", kind=CardKind.DATE_TO_EVENT)
    _forget(student, card)
    client.force_login(instructor)
    assert _forgotten(client, cohort) == ["1991 Event one"]
    write_content(root, {"timeline/events.toml": FILES["timeline/events.toml"].replace(
        'title = "Event one"', 'title = "The USSR dissolves"')})
    call_command("load_course", str(root), stdout=io.StringIO())
    assert _forgotten(client, cohort) == ["1991 The USSR dissolves"]


def test_hiding_a_quiz_is_seen_by_the_cached_overview(client, klass, instructor):
    """A quiz hidden on its authoring page leaves the overview's quizzes at once."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    quiz.course.authors.add(instructor)
    client.force_login(instructor)
    assert quiz in [row["quiz"] for row in _overview(client, cohort)["quizzes"]]
    response = client.post(reverse("authoring:quiz-publish", kwargs={"course": quiz.course.slug, "quiz": quiz.slug}),
                           {"published": "0"})
    assert response.status_code == 302
    assert quiz not in [row["quiz"] for row in _overview(client, cohort)["quizzes"]]


def test_archiving_a_quizs_last_question_is_seen_by_the_cached_overview(client, course_data, questions, instructor):
    """Deleting the only question of an attempted quiz archives it and hides the quiz: the overview drops it."""
    cohort = make_cohort(course_data["course"], instructor)
    course_data["course"].authors.add(instructor)
    quiz = make_quiz(course_data["course"], [questions["single"]], slug="one-question")
    take(quiz, enrol(cohort, "lin"))
    client.force_login(instructor)
    assert quiz in [row["quiz"] for row in _overview(client, cohort)["quizzes"]]
    response = client.post(reverse("authoring:question-delete", kwargs={"course": quiz.course.slug,
                                                            "question": questions["single"].slug}))
    assert response.status_code == 302
    assert Question.objects.get(pk=questions["single"].pk).archived
    assert quiz not in [row["quiz"] for row in _overview(client, cohort)["quizzes"]]


def test_unpublishing_in_the_admin_is_seen_by_the_cached_overview(client, klass, instructor, administrator):
    """A quiz and a lesson unpublished with the admin's action leave the overview's quizzes and chapter at once."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    client.force_login(instructor)
    before = _overview(client, cohort)
    assert quiz in [row["quiz"] for row in before["quizzes"]]
    assert [entry["lessons"] for entry in before["chapters"]] == [2]
    admin = Client()
    admin.force_login(administrator)
    assert admin_action(admin, Quiz, "unpublish", [quiz]).status_code == 302
    assert admin_action(admin, Lesson, "unpublish", [klass["second"]]).status_code == 302
    after = _overview(client, cohort)
    assert quiz not in [row["quiz"] for row in after["quizzes"]]
    assert [entry["lessons"] for entry in after["chapters"]] == [1]


def test_a_term_renamed_in_the_admin_is_seen_by_the_cached_overview(client, klass, instructor, administrator):
    """A glossary term renamed on its admin page is renamed among the overview's most forgotten cards."""
    cohort, course = klass["cohort"], klass["course"]
    term = KeyTerm.objects.create(course=course, slug="offence", term="Offence", definition="Attack.")
    review_services.cards_sync(course=course)
    _forget(klass["lin"], Card.objects.get(term=term, kind=CardKind.TERM_TO_DEFINITION))
    client.force_login(instructor)
    assert _forgotten(client, cohort) == ["Offence"]
    admin = Client()
    admin.force_login(administrator)
    response = admin.post(admin_url(KeyTerm, "change", term.pk), {
        "course": course.pk, "slug": "offence", "term": "Offensive realism", "chinese": "", "definition": "Attack.",
        "lesson": "", "anchor": "", "source_line": ""})
    assert response.status_code == 302
    assert _forgotten(client, cohort) == ["Offensive realism"]
